package io.jagent.inputs.statsd;

import io.jagent.core.config.ConfigProblem;
import io.jagent.core.config.ConfigProblems;
import io.jagent.core.config.EnvExpander;
import io.jagent.core.config.TomlConfigTable;
import io.jagent.spi.Accumulator;
import io.jagent.spi.PluginContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Parse + aggregate without sockets, for the JMH benchmarks and tools. Not used by the agent; not
 * part of the plugin SPI.
 */
public final class StatsdHarness {
  private final StatsdEngine engine;

  /**
   * @param tomlBody the body of an {@code [[inputs.statsd]]} table
   * @throws IllegalArgumentException when the body has problems
   */
  public StatsdHarness(String tomlBody, PluginContext ctx) {
    TomlParseResult toml = Toml.parse(tomlBody);
    if (toml.hasErrors()) {
      throw new IllegalArgumentException("TOML syntax: " + toml.errors());
    }
    ConfigProblems problems = new ConfigProblems();
    StatsdInputFactory factory = new StatsdInputFactory();
    TomlConfigTable t =
        new TomlConfigTable("inputs.statsd", toml, "harness.conf", problems, EnvExpander.NONE);
    StatsdConfig cfg = factory.parse(t);
    t.finish(List.of(), Set.of());
    List<ConfigProblem> errors = problems.errors();
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          errors.stream().map(ConfigProblem::format).collect(Collectors.joining("\n")));
    }
    this.engine = new StatsdEngine(cfg, ctx);
  }

  /** One datagram's bytes; {@code b} is only read during the call. */
  public void offer(byte[] b, int off, int len) {
    engine.offer(b, off, len, null, true);
  }

  /** Emits and clears the interval's aggregates. */
  public void gather(Accumulator acc) {
    engine.gather(acc);
  }
}
