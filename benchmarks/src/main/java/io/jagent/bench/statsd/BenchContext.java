package io.jagent.bench.statsd;

import io.jagent.spi.Clock;
import io.jagent.spi.PluginContext;
import io.jagent.spi.RateLimitedLogger;
import io.jagent.spi.SelfStats;
import io.jagent.spi.Stat;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A minimal PluginContext for benchmarks: atomic self-stats, no HTTP. */
final class BenchContext implements PluginContext {
  private final Logger log = LoggerFactory.getLogger("inputs.statsd");
  private final RateLimitedLogger rateLimited = new RateLimitedLogger(log, Clock.SYSTEM);
  private final Map<String, Stat> stats = new ConcurrentHashMap<>();

  @Override
  public String pluginId() {
    return "inputs.statsd";
  }

  @Override
  public Logger log() {
    return log;
  }

  @Override
  public RateLimitedLogger rateLimitedLog() {
    return rateLimited;
  }

  @Override
  public Clock clock() {
    return Clock.SYSTEM;
  }

  @Override
  public SelfStats stats() {
    return (measurement, field, tags) ->
        stats.computeIfAbsent(measurement + " " + field + tags, k -> new AtomicStat());
  }

  @Override
  public HttpClient httpClient() {
    throw new UnsupportedOperationException("no HTTP in benchmarks");
  }

  @Override
  public <T> T shared(String key, Supplier<T> create, Consumer<? super T> close) {
    return create.get();
  }

  private static final class AtomicStat implements Stat {
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
  }
}
