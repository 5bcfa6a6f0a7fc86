package io.jagent.testing;

import io.jagent.core.config.ConfigProblem;
import io.jagent.core.config.ConfigProblems;
import io.jagent.core.config.EnvExpander;
import io.jagent.core.config.TomlConfigTable;
import io.jagent.spi.PluginFactory;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** Parses a plugin's TOML body (the lines under its header) through its factory, for tests. */
public final class PluginConfigs {
  private PluginConfigs() {}

  /** The parsed config; fails the test with every problem when there is any. */
  public static <C extends Record> C parse(PluginFactory<C> factory, String tomlBody) {
    Result<C> r = tryParse(factory, tomlBody);
    if (!r.errors().isEmpty()) {
      throw new AssertionError(
          "config problems:\n"
              + r.errors().stream().map(ConfigProblem::format).collect(Collectors.joining("\n")));
    }
    return r.config();
  }

  /** The problems a body produces (unknown keys included); empty when it is clean. */
  public static <C extends Record> List<ConfigProblem> problems(
      PluginFactory<C> factory, String tomlBody) {
    return tryParse(factory, tomlBody).errors();
  }

  public record Result<C>(C config, List<ConfigProblem> errors, List<String> warnings) {}

  public static <C extends Record> Result<C> tryParse(PluginFactory<C> factory, String tomlBody) {
    TomlParseResult toml = Toml.parse(tomlBody);
    if (toml.hasErrors()) {
      throw new AssertionError("TOML syntax: " + toml.errors());
    }
    ConfigProblems problems = new ConfigProblems();
    TomlConfigTable t =
        new TomlConfigTable(
            "plugin." + factory.name(), toml, "test.conf", problems, EnvExpander.NONE);
    C c = factory.parse(t);
    t.finish(List.of(), Set.of());
    return new Result<>(c, problems.errors(), problems.warnings());
  }
}
