package io.jagent.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.runtime.SelfStatsRegistry;
import io.jagent.spi.Metric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Two producers and one transactional consumer: nothing is duplicated, everything accounted. */
class MetricBufferConcurrencyTest {
  private static final int PER_PRODUCER = 50_000;

  @Test
  void producersAndAConsumerNeverDuplicateOrLoseTrackOfMetrics() throws Exception {
    SelfStatsRegistry reg = new SelfStatsRegistry();
    Map<String, String> t = Map.of("output", "x");
    MetricBuffer b =
        new MetricBuffer(
            1000,
            new MetricBuffer.Stats(
                reg.register("write", "metrics_added", t),
                reg.register("write", "metrics_dropped", t),
                reg.register("write", "metrics_written", t),
                reg.register("write", "metrics_rejected", t),
                reg.register("write", "buffer_size", t),
                reg.register("agent", "metrics_dropped", Map.of()),
                reg.register("agent", "metrics_written", Map.of()),
                reg.register("agent", "metrics_rejected", Map.of())));
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch producersDone = new CountDownLatch(2);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      long base = p * 1_000_000L;
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                  for (int i = 0; i < PER_PRODUCER; i++) {
                    b.add(Metric.builder("m").field("i", base + i).build());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  producersDone.countDown();
                }
              });
      threads.add(th);
      th.start();
    }
    List<Long> written = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    go.countDown();
    int round = 0;
    while (!stop.get()) {
      boolean last = producersDone.getCount() == 0;
      MetricBuffer.Batch batch = b.take(100);
      if (round++ % 4 == 0) {
        b.giveBack(batch);
      } else {
        batch.metrics().forEach(m -> written.add((Long) m.field("i")));
        b.accept(batch);
      }
      if (last && b.size() == 0) {
        stop.set(true);
      }
      assertTrue(round < 10_000_000, "bounded");
    }
    for (Thread th : threads) {
      th.join(10_000);
      assertFalse(th.isAlive());
    }
    assertTrue(producersDone.await(1, TimeUnit.SECONDS));
    Set<Long> unique = new HashSet<>(written);
    assertEquals(written.size(), unique.size(), "no duplicates");
    long dropped = reg.value("write", "metrics_dropped", t);
    assertEquals(2L * PER_PRODUCER, written.size() + dropped);
    assertEquals(written.size(), reg.value("write", "metrics_written", t));
    // per producer, arrival order is kept
    long[] lastSeen = {-1, -1};
    for (long v : written) {
      int p = (int) (v / 1_000_000L);
      assertTrue(v > lastSeen[p], "order of producer " + p);
      lastSeen[p] = v;
    }
  }
}
