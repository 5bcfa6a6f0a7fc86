package io.jagent.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.runtime.SelfStatsRegistry;
import io.jagent.spi.Metric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricBufferTest {
  private final SelfStatsRegistry reg = new SelfStatsRegistry();

  private MetricBuffer buffer(int limit) {
    Map<String, String> t = Map.of("output", "x");
    return new MetricBuffer(
        limit,
        new MetricBuffer.Stats(
            reg.register("write", "metrics_added", t),
            reg.register("write", "metrics_dropped", t),
            reg.register("write", "metrics_written", t),
            reg.register("write", "metrics_rejected", t),
            reg.register("write", "buffer_size", t),
            reg.register("agent", "metrics_dropped", Map.of()),
            reg.register("agent", "metrics_written", Map.of()),
            reg.register("agent", "metrics_rejected", Map.of())));
  }

  private long stat(String m, String f) {
    return reg.value(m, f, m.equals("agent") ? Map.of() : Map.of("output", "x"));
  }

  private static Metric m(int i) {
    return Metric.builder("m").field("i", (long) i).time(i).build();
  }

  private static List<Long> ids(List<Metric> ms) {
    List<Long> l = new ArrayList<>();
    ms.forEach(x -> l.add((Long) x.field("i")));
    return l;
  }

  @Test
  void dropsOldestWhenFull() {
    MetricBuffer b = buffer(3);
    for (int i = 1; i <= 5; i++) {
      b.add(m(i));
    }
    assertEquals(List.of(3L, 4L, 5L), ids(b.snapshot()));
    assertEquals(2, stat("write", "metrics_dropped"));
    assertEquals(2, stat("agent", "metrics_dropped"));
    assertEquals(5, stat("write", "metrics_added"));
    assertEquals(3, stat("write", "buffer_size"));
    assertEquals(2, b.takeDroppedSinceLastWrite());
    assertEquals(0, b.takeDroppedSinceLastWrite());
  }

  @Test
  void batchesAreOldestFirstAndAtMostBatchSize() {
    MetricBuffer b = buffer(10);
    for (int i = 1; i <= 5; i++) {
      b.add(m(i));
    }
    MetricBuffer.Batch first = b.take(2);
    assertEquals(List.of(1L, 2L), ids(first.metrics()));
    b.accept(first);
    MetricBuffer.Batch second = b.take(2);
    assertEquals(List.of(3L, 4L), ids(second.metrics()));
    b.accept(second);
    MetricBuffer.Batch third = b.take(2);
    assertEquals(List.of(5L), ids(third.metrics()));
    b.accept(third);
    assertTrue(b.take(2).isEmpty());
    assertEquals(5, stat("write", "metrics_written"));
    assertEquals(5, stat("agent", "metrics_written"));
  }

  @Test
  void failedBatchReturnsToTheFrontInOrder() {
    MetricBuffer b = buffer(10);
    for (int i = 1; i <= 5; i++) {
      b.add(m(i));
    }
    MetricBuffer.Batch batch = b.take(3);
    b.add(m(6));
    b.giveBack(batch);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), ids(b.snapshot()));
    assertEquals(0, stat("write", "metrics_dropped"));
    assertEquals(List.of(1L, 2L, 3L), ids(b.take(3).metrics()));
  }

  @Test
  void retriedMetricsAreNeverDuplicated() {
    MetricBuffer b = buffer(4);
    for (int i = 1; i <= 4; i++) {
      b.add(m(i));
    }
    Set<Long> seen = new HashSet<>();
    List<Long> written = new ArrayList<>();
    // fail twice, then succeed, while new metrics keep arriving
    int next = 5;
    for (int attempt = 0; attempt < 6; attempt++) {
      MetricBuffer.Batch batch = b.take(2);
      b.add(m(next++));
      if (attempt < 2) {
        b.giveBack(batch);
      } else {
        written.addAll(ids(batch.metrics()));
        b.accept(batch);
      }
    }
    for (Long id : written) {
      assertTrue(seen.add(id), "duplicate " + id);
    }
    List<Long> sorted = new ArrayList<>(written);
    sorted.sort(null);
    assertEquals(sorted, written, "written in arrival order");
  }

  @Test
  void whenNewMetricsTookTheSpaceOnlyTheOldestOfTheBatchThatFitAreRestored() {
    MetricBuffer b = buffer(4);
    for (int i = 1; i <= 4; i++) {
      b.add(m(i));
    }
    MetricBuffer.Batch batch = b.take(3); // 1,2,3 out; 4 left
    b.add(m(5));
    b.add(m(6)); // 4,5,6: one free slot
    b.giveBack(batch);
    assertEquals(List.of(1L, 4L, 5L, 6L), ids(b.snapshot()));
    assertEquals(2, stat("write", "metrics_dropped"));
    assertEquals(2, b.takeDroppedSinceLastWrite());
  }

  @Test
  void giveBackIntoAFullBufferDropsTheWholeBatch() {
    MetricBuffer b = buffer(2);
    b.add(m(1));
    b.add(m(2));
    MetricBuffer.Batch batch = b.take(2);
    b.add(m(3));
    b.add(m(4));
    b.giveBack(batch);
    assertEquals(List.of(3L, 4L), ids(b.snapshot()));
    assertEquals(2, stat("write", "metrics_dropped"));
  }

  @Test
  void rejectedBatchIsDroppedAndCounted() {
    MetricBuffer b = buffer(10);
    for (int i = 1; i <= 3; i++) {
      b.add(m(i));
    }
    b.reject(b.take(2));
    assertEquals(List.of(3L), ids(b.snapshot()));
    assertEquals(2, stat("write", "metrics_rejected"));
    assertEquals(2, stat("agent", "metrics_rejected"));
    assertEquals(0, stat("write", "metrics_written"));
  }

  @Test
  void onlyOneBatchAtATime() {
    MetricBuffer b = buffer(10);
    b.add(m(1));
    MetricBuffer.Batch batch = b.take(1);
    assertThrows(IllegalStateException.class, () -> b.take(1));
    b.accept(batch);
    assertThrows(IllegalStateException.class, () -> b.accept(batch));
  }

  @Test
  void ringWrapsAroundManyTimes() {
    MetricBuffer b = buffer(7);
    int next = 0;
    List<Long> expected = new ArrayList<>();
    List<Long> got = new ArrayList<>();
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 5; i++) {
        expected.add((long) next);
        b.add(m(next++));
      }
      MetricBuffer.Batch batch = b.take(3);
      if (round % 3 == 0) {
        b.giveBack(batch);
      } else {
        got.addAll(ids(batch.metrics()));
        b.accept(batch);
      }
    }
    got.addAll(ids(b.snapshot()));
    // everything not dropped arrives once, in order
    List<Long> sorted = new ArrayList<>(got);
    sorted.sort(null);
    assertEquals(sorted, got);
    assertEquals(expected.size(), got.size() + stat("write", "metrics_dropped"));
  }
}
