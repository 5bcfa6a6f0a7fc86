package io.jagent.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects every error and warning of one load, so that all are reported in one run. */
public final class ConfigProblems {
  private final List<ConfigProblem> errors = new ArrayList<>();
  private final Set<String> warnings = new LinkedHashSet<>();

  public synchronized void error(ConfigProblem p) {
    errors.add(p);
  }

  public synchronized void warn(String message) {
    warnings.add(message);
  }

  public synchronized List<ConfigProblem> errors() {
    return Collections.unmodifiableList(new ArrayList<>(errors));
  }

  public synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  public synchronized boolean hasErrors() {
    return !errors.isEmpty();
  }
}
