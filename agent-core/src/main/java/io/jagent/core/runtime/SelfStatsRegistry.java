package io.jagent.core.runtime;

import io.jagent.spi.SelfStats;
import io.jagent.spi.Stat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's self-metrics (Telegraf's selfstat). {@code register("gather", "metrics_gathered",
 * tags)} is reported by {@code inputs.internal} as field {@code metrics_gathered} of measurement
 * {@code internal_gather}. Registering the same measurement, tags and field twice returns the same
 * Stat. Thread-safe; {@link Stat#incr} is lock-free.
 */
public final class SelfStatsRegistry implements SelfStats {
  private final Map<Key, Stat> stats = new ConcurrentHashMap<>();

  @Override
  public Stat register(String measurement, String field, Map<String, String> tags) {
    return stats.computeIfAbsent(new Key(measurement, sorted(tags), field), k -> new Counter());
  }

  /**
   * A timing stat ({@code gather_time_ns}, {@code write_time_ns}): {@link Timing#record} durations;
   * reported as the average of the durations recorded since the previous snapshot, or the previous
   * value when none was.
   */
  public Timing registerTiming(String measurement, String field, Map<String, String> tags) {
    return (Timing)
        stats.computeIfAbsent(new Key(measurement, sorted(tags), field), k -> new Timing());
  }

  /** One measurement with one tag set and its fields. */
  public record Sample(
      String measurement, SortedMap<String, String> tags, SortedMap<String, Long> fields) {}

  /** Every registered stat, grouped by measurement and tags, sorted. */
  public List<Sample> snapshot() {
    TreeMap<String, Sample> groups = new TreeMap<>();
    for (Map.Entry<Key, Stat> e : stats.entrySet()) {
      Key k = e.getKey();
      long v = e.getValue() instanceof Timing t ? t.sample() : e.getValue().get();
      String g = k.measurement + '\0' + k.tags;
      groups
          .computeIfAbsent(g, x -> new Sample(k.measurement, k.tags, new TreeMap<>()))
          .fields()
          .put(k.field, v);
    }
    return new ArrayList<>(groups.values());
  }

  /** The value of one stat, or -1 when it was never registered (for tests). */
  public long value(String measurement, String field, Map<String, String> tags) {
    Stat s = stats.get(new Key(measurement, sorted(tags), field));
    return s == null ? -1 : s.get();
  }

  private static SortedMap<String, String> sorted(Map<String, String> tags) {
    return tags == null || tags.isEmpty()
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(tags));
  }

  /**
   * equals and hashCode written out: a record's generated ones bootstrap through {@code
   * ObjectMethods} at first use, which spins ~20 method-handle classes at start-up that the AppCDS
   * archive cannot hold (BENCHMARKS.md "Footprint").
   */
  private record Key(String measurement, SortedMap<String, String> tags, String field) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(measurement, k.measurement)
          && Objects.equals(tags, k.tags)
          && Objects.equals(field, k.field);
    }

    @Override
    public int hashCode() {
      return (Objects.hashCode(measurement) * 31 + Objects.hashCode(tags)) * 31
          + Objects.hashCode(field);
    }
  }

  static final class Counter implements Stat {
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

  /** Average of the durations since the last snapshot. */
  public static final class Timing implements Stat {
    private long sum;
    private long count;
    private long last;

    /** Records one duration in nanoseconds. */
    public synchronized void record(long nanos) {
      sum += nanos;
      count++;
    }

    @Override
    public void incr(long delta) {
      record(delta);
    }

    @Override
    public synchronized void set(long value) {
      last = value;
      sum = 0;
      count = 0;
    }

    /** The current average (without starting a new period). */
    @Override
    public synchronized long get() {
      return count == 0 ? last : sum / count;
    }

    synchronized long sample() {
      if (count > 0) {
        last = sum / count;
        sum = 0;
        count = 0;
      }
      return last;
    }
  }

  /** Tags of a per-plugin stat: the name tag, {@code alias} if set and {@code _id}. */
  static Map<String, String> pluginTags(String kind, String name, String alias, String id) {
    Map<String, String> t = new LinkedHashMap<>();
    t.put(kind, name);
    if (alias != null && !alias.isEmpty()) {
      t.put("alias", alias);
    }
    t.put("_id", id);
    return t;
  }
}
