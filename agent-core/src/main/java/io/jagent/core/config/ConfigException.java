package io.jagent.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be used: every problem found, each with file, line and key. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::format).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String message) {
    this(List.of(new ConfigProblem(null, 0, null, null, message)));
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
