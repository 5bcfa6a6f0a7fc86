package io.jagent.testing;

import io.jagent.core.runtime.SelfStatsRegistry;
import io.jagent.spi.Clock;
import io.jagent.spi.PluginContext;
import io.jagent.spi.RateLimitedLogger;
import io.jagent.spi.SelfStats;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PluginContext} for unit tests: in-memory self-stats, shared resources closed by {@link
 * #close()}. Use in try-with-resources.
 */
public final class TestPluginContext implements PluginContext, AutoCloseable {
  private final String pluginId;
  private final Clock clock;
  private final Logger log;
  private final RateLimitedLogger rateLimited;
  private final SelfStatsRegistry stats = new SelfStatsRegistry();
  private final Map<String, Object> shared = new ConcurrentHashMap<>();
  private final List<Runnable> closers = new ArrayList<>();
  private HttpClient http;
  private volatile HandoverSlots handovers;

  /**
   * Handover slots for reload tests ({@link PluginContext#handOver}/{@link
   * PluginContext#takeOver}): give the same slots to the old and the new instance's contexts;
   * {@link #accept} plays the core's "stopping for a reload".
   */
  public static final class HandoverSlots {
    private record Parked(Object resource, Runnable closeIfUnclaimed) {}

    private final Map<String, Parked> parked = new java.util.LinkedHashMap<>();
    private boolean accepting;

    /** Whether {@link PluginContext#handOver} succeeds (true = the agent stops for a reload). */
    public synchronized HandoverSlots accept(boolean accepting) {
      this.accepting = accepting;
      return this;
    }

    /** The keys parked and not yet taken over. */
    public synchronized Set<String> parkedKeys() {
      return Set.copyOf(parked.keySet());
    }

    /** Runs the closer of everything not taken over; returns how many. */
    public int closeUnclaimed() {
      List<Parked> left;
      synchronized (this) {
        left = new ArrayList<>(parked.values());
        parked.clear();
        accepting = false;
      }
      left.forEach(p -> p.closeIfUnclaimed().run());
      return left.size();
    }

    /**
     * Parks {@code resource} whether or not handovers are accepted: plays the core offering what
     * the process bound at start ({@link io.jagent.spi.EarlyUdpSocket}) to the first start.
     */
    public synchronized void offer(String key, Object resource, Runnable closeIfUnclaimed) {
      parked.put(key, new Parked(resource, closeIfUnclaimed));
    }

    synchronized boolean handOver(String key, Object resource, Runnable closeIfUnclaimed) {
      if (!accepting || parked.containsKey(key)) {
        return false;
      }
      parked.put(key, new Parked(resource, closeIfUnclaimed));
      return true;
    }

    synchronized <T> Optional<T> takeOver(String key, Class<T> type) {
      Parked p = parked.get(key);
      if (p == null || !type.isInstance(p.resource())) {
        return Optional.empty();
      }
      parked.remove(key);
      return Optional.of(type.cast(p.resource()));
    }
  }

  public TestPluginContext(String pluginId, Clock clock) {
    this.pluginId = pluginId;
    this.clock = clock;
    this.log = LoggerFactory.getLogger(pluginId);
    this.rateLimited = new RateLimitedLogger(log, clock);
  }

  public TestPluginContext(String pluginId) {
    this(pluginId, Clock.SYSTEM);
  }

  @Override
  public String pluginId() {
    return pluginId;
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
    return clock;
  }

  @Override
  public SelfStats stats() {
    return stats;
  }

  /** The value of a registered self-stat, or -1 if never registered. */
  public long stat(String measurement, String field, Map<String, String> tags) {
    return stats.value(measurement, field, tags);
  }

  /** All registered self-stats of a measurement as {@code measurement,k=v field} → value. */
  public Map<String, Long> stats(String measurement) {
    Map<String, Long> out = new TreeMap<>();
    for (SelfStatsRegistry.Sample s : stats.snapshot()) {
      if (!s.measurement().equals(measurement)) {
        continue;
      }
      StringBuilder key = new StringBuilder(measurement);
      s.tags().forEach((k, v) -> key.append(',').append(k).append('=').append(v));
      s.fields().forEach((f, v) -> out.put(key + " " + f, v));
    }
    return out;
  }

  @Override
  public synchronized HttpClient httpClient() {
    if (http == null) {
      http = HttpClient.newBuilder().build();
    }
    return http;
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <T> T shared(String key, Supplier<T> create, Consumer<? super T> close) {
    Object o = shared.get(key);
    if (o == null) {
      T t = create.get();
      shared.put(key, t);
      closers.add(() -> close.accept(t));
      return t;
    }
    return (T) o;
  }

  /** Uses {@code slots} for {@link #handOver}/{@link #takeOver} (without: none, as at a stop). */
  public TestPluginContext withHandovers(HandoverSlots slots) {
    this.handovers = slots;
    return this;
  }

  @Override
  public boolean handOver(String key, Object resource, Runnable closeIfUnclaimed) {
    HandoverSlots h = handovers;
    return h != null && h.handOver(key, resource, closeIfUnclaimed);
  }

  @Override
  public <T> Optional<T> takeOver(String key, Class<T> type) {
    HandoverSlots h = handovers;
    return h == null ? Optional.empty() : h.takeOver(key, type);
  }

  @Override
  public synchronized void close() {
    for (int i = closers.size() - 1; i >= 0; i--) {
      closers.get(i).run();
    }
    closers.clear();
    shared.clear();
  }
}
