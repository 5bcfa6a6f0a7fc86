package io.jagent.core.plugins.file;

import io.jagent.core.config.ConfigProblem;
import io.jagent.core.config.ConfigProblems;
import io.jagent.core.config.EnvExpander;
import io.jagent.core.config.TomlConfigTable;
import io.jagent.spi.Accumulator;
import io.jagent.spi.Clock;
import io.jagent.spi.Metric;
import io.jagent.spi.PluginContext;
import io.jagent.spi.PluginFactory;
import io.jagent.spi.RateLimitedLogger;
import io.jagent.spi.SelfStats;
import io.jagent.spi.Stat;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.tomlj.Toml;

/** agent-core cannot use agent-testing (it depends on core): minimal fixtures here. */
final class Support {
  private Support() {}

  record Parsed<C>(C config, List<ConfigProblem> errors, List<String> warnings) {
    String errorText() {
      return errors.stream().map(ConfigProblem::format).collect(Collectors.joining("\n"));
    }
  }

  static <C extends Record> Parsed<C> parse(PluginFactory<C> f, String body) {
    var toml = Toml.parse(body);
    if (toml.hasErrors()) {
      throw new AssertionError(toml.errors().toString());
    }
    ConfigProblems problems = new ConfigProblems();
    TomlConfigTable t =
        new TomlConfigTable("plugin." + f.name(), toml, "test.conf", problems, EnvExpander.NONE);
    C c = f.parse(t);
    t.finish(List.of(), Set.of());
    return new Parsed<>(c, problems.errors(), problems.warnings());
  }

  static <C extends Record> C config(PluginFactory<C> f, String body) {
    Parsed<C> p = parse(f, body);
    if (!p.errors().isEmpty()) {
      throw new AssertionError(p.errorText());
    }
    return p.config();
  }

  static final class Acc implements Accumulator {
    final List<Metric> metrics = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();

    @Override
    public void add(Metric metric) {
      metrics.add(metric);
    }

    @Override
    public void addError(Throwable error) {
      errors.add(error);
    }
  }

  static final class Ctx implements PluginContext {
    private final Logger log = org.slf4j.helpers.NOPLogger.NOP_LOGGER; // logback prints to stdout

    @Override
    public String pluginId() {
      return "test.file";
    }

    @Override
    public Logger log() {
      return log;
    }

    @Override
    public RateLimitedLogger rateLimitedLog() {
      return new RateLimitedLogger(log, Clock.SYSTEM);
    }

    @Override
    public Clock clock() {
      return Clock.SYSTEM;
    }

    @Override
    public SelfStats stats() {
      return (m, f, t) ->
          new Stat() {
            long v;

            @Override
            public void incr(long d) {
              v += d;
            }

            @Override
            public void set(long value) {
              v = value;
            }

            @Override
            public long get() {
              return v;
            }
          };
    }

    @Override
    public HttpClient httpClient() {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T> T shared(String key, Supplier<T> create, Consumer<? super T> close) {
      return create.get();
    }
  }
}
