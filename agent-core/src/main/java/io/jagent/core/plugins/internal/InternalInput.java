package io.jagent.core.plugins.internal;

import io.jagent.core.runtime.SelfStatsRegistry;
import io.jagent.core.runtime.Version;
import io.jagent.spi.Accumulator;
import io.jagent.spi.Input;
import io.jagent.spi.Metric;
import io.jagent.spi.SelfStats;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reports the registered self-stats as {@code internal_<measurement>} metrics, each with tag {@code
 * version}. Without {@code per_instance} the instances of one plugin type are merged by summing
 * every field per distinct tag set (tag {@code _id} removed), as Telegraf does.
 *
 * <p>{@code internal_memstats} maps Go's runtime.MemStats to JVM equivalents:
 *
 * <ul>
 *   <li>{@code alloc_bytes}, {@code heap_alloc_bytes}, {@code heap_in_use_bytes}: heap used
 *   <li>{@code heap_sys_bytes}: heap committed; {@code heap_idle_bytes}: committed - used
 *   <li>{@code heap_max_bytes} (JVM only): maximum heap, omitted when undefined
 *   <li>{@code non_heap_in_use_bytes}, {@code non_heap_sys_bytes} (JVM only): non-heap used and
 *       committed (metaspace, code cache)
 *   <li>{@code sys_bytes}: heap committed + non-heap committed
 *   <li>{@code num_gc}: collections of all collectors; {@code gc_time_ns} (JVM only): their
 *       accumulated time
 * </ul>
 *
 * Go's {@code frees}, {@code mallocs}, {@code heap_objects}, {@code heap_released_bytes}, {@code
 * pointer_lookups} and {@code total_alloc_bytes} have no JVM equivalent and are omitted.
 */
final class InternalInput implements Input {
  private final InternalConfig config;
  private final SelfStatsRegistry registry;
  private final String version = Version.get();

  InternalInput(InternalConfig config, SelfStats stats) {
    this.config = config;
    // a foreign SelfStats (a test context) cannot be enumerated: then only memstats are reported
    this.registry = stats instanceof SelfStatsRegistry r ? r : null;
  }

  @Override
  public void gather(Accumulator acc) {
    if (registry != null) {
      Map<String, Merged> merged = new LinkedHashMap<>();
      for (SelfStatsRegistry.Sample s : registry.snapshot()) {
        SortedMap<String, String> tags = new TreeMap<>(s.tags());
        if (!config.perInstance()) {
          tags.remove("_id");
        }
        tags.put("version", version);
        String key = s.measurement() + '\0' + tags;
        Merged m =
            merged.computeIfAbsent(
                key, k -> new Merged("internal_" + s.measurement(), tags, new TreeMap<>()));
        s.fields().forEach((f, v) -> m.fields.merge(f, v, Long::sum));
      }
      for (Merged m : merged.values()) {
        Metric.Builder b = Metric.builder(m.name);
        m.tags.forEach(b::tag);
        m.fields.forEach((k, v) -> b.field(k, (long) v));
        acc.add(b.build());
      }
    }
    if (config.collectMemstats()) {
      acc.add(memstats());
    }
  }

  private Metric memstats() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    MemoryUsage heap = mem.getHeapMemoryUsage();
    MemoryUsage nonHeap = mem.getNonHeapMemoryUsage();
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    Metric.Builder b =
        Metric.builder("internal_memstats")
            .tag("version", version)
            .field("alloc_bytes", heap.getUsed())
            .field("heap_alloc_bytes", heap.getUsed())
            .field("heap_in_use_bytes", heap.getUsed())
            .field("heap_sys_bytes", heap.getCommitted())
            .field("heap_idle_bytes", Math.max(0, heap.getCommitted() - heap.getUsed()))
            .field("non_heap_in_use_bytes", nonHeap.getUsed())
            .field("non_heap_sys_bytes", nonHeap.getCommitted())
            .field("sys_bytes", heap.getCommitted() + nonHeap.getCommitted())
            .field("num_gc", gcCount)
            .field("gc_time_ns", gcMillis * 1_000_000L);
    if (heap.getMax() >= 0) {
      b.field("heap_max_bytes", heap.getMax());
    }
    return b.build();
  }

  private record Merged(String name, SortedMap<String, String> tags, Map<String, Long> fields) {}
}
