package io.jagent.core.plugins.health;

import io.jagent.core.config.ConfigProblem;
import io.jagent.core.config.ConfigProblems;
import io.jagent.core.config.EnvExpander;
import io.jagent.core.config.TomlConfigTable;
import io.jagent.spi.Clock;
import io.jagent.spi.Metric;
import io.jagent.spi.PluginContext;
import io.jagent.spi.RateLimitedLogger;
import io.jagent.spi.SelfStats;
import io.jagent.spi.Stat;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Test fixtures for this package. agent-core cannot use agent-testing (that module depends on
 * agent-core), so a manual clock, a plugin context and a config parser live here.
 */
final class TestSupport {
  private TestSupport() {}

  static final class ManualClock implements Clock {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }

    @Override
    public long epochNanos() {
      return 1_700_000_000_000_000_000L + nanos.get();
    }

    @Override
    public long nanoTime() {
      return nanos.get();
    }
  }

  static PluginContext context(Clock clock) {
    Logger log = LoggerFactory.getLogger("outputs.health");
    RateLimitedLogger rl = new RateLimitedLogger(log, clock);
    return new PluginContext() {
      @Override
      public String pluginId() {
        return "outputs.health";
      }

      @Override
      public Logger log() {
        return log;
      }

      @Override
      public RateLimitedLogger rateLimitedLog() {
        return rl;
      }

      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public SelfStats stats() {
        return (m, f, t) ->
            new Stat() {
              private final AtomicLong v = new AtomicLong();

              @Override
              public void incr(long delta) {
                v.addAndGet(delta);
              }

              @Override
              public void set(long value) {
                v.set(value);
              }

              @Override
              public long get() {
                return v.get();
              }
            };
      }

      @Override
      public HttpClient httpClient() {
        throw new UnsupportedOperationException();
      }

      @Override
      public <T> T shared(String key, Supplier<T> create, Consumer<? super T> close) {
        throw new UnsupportedOperationException();
      }
    };
  }

  record Parsed(HealthConfig config, List<ConfigProblem> errors, List<String> warnings) {}

  /** Parses the body of an {@code [[outputs.health]]} table (sub-tables as dotted headers). */
  static Parsed parse(String body) {
    TomlParseResult toml = Toml.parse(body);
    if (toml.hasErrors()) {
      throw new AssertionError("TOML syntax: " + toml.errors());
    }
    ConfigProblems problems = new ConfigProblems();
    TomlConfigTable t =
        new TomlConfigTable("outputs.health", toml, "test.conf", problems, EnvExpander.NONE);
    HealthConfig c = new HealthOutputFactory().parse(t);
    t.finish(List.of(), Set.of());
    return new Parsed(c, problems.errors(), problems.warnings());
  }

  static HealthConfig config(String body) {
    Parsed p = parse(body);
    if (!p.errors().isEmpty()) {
      throw new AssertionError("config problems: " + p.errors());
    }
    return p.config();
  }

  static Metric metric(String name, String field, Object value) {
    return Metric.builder(name).field(field, value).time(1L).build();
  }
}
