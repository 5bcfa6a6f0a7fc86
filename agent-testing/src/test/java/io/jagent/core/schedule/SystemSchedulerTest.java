package io.jagent.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Clock;
import io.jagent.testing.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real threads: names, daemon flag, timers fire on the scheduler thread, work on workers. */
class SystemSchedulerTest {
  @Test
  void timersFireOnTheSchedulerThreadAndWorkRunsOnWorkers() throws Exception {
    SystemScheduler s = new SystemScheduler(Clock.SYSTEM, 2);
    BlockingQueue<Thread> seen = new ArrayBlockingQueue<>(4);
    try {
      s.at(
          Clock.SYSTEM.epochNanos() - 1,
          () -> {
            seen.add(Thread.currentThread());
            s.execute(() -> seen.add(Thread.currentThread()));
          });
      Thread timer = seen.poll(10, TimeUnit.SECONDS);
      Thread worker = seen.poll(10, TimeUnit.SECONDS);
      assertEquals("agent-scheduler", timer.getName());
      assertTrue(timer.isDaemon());
      assertTrue(worker.getName().startsWith("agent-worker-"), worker.getName());
      assertTrue(worker.isDaemon());
    } finally {
      s.close();
    }
    assertTrue(s.awaitTermination(10, TimeUnit.SECONDS));
  }

  @Test
  void timersFireInDueOrderAndCancelledOnesNever() throws Exception {
    ManualClock fake = new ManualClock(0);
    SystemScheduler s = new SystemScheduler(fake, 1);
    BlockingQueue<String> order = new ArrayBlockingQueue<>(8);
    try {
      long sec = 1_000_000_000L;
      s.at(10 * sec, () -> order.add("b"));
      s.at(5 * sec, () -> order.add("a"));
      s.at(15 * sec, () -> order.add("never")).cancel();
      s.at(20 * sec, () -> order.add("c"));
      fake.advanceNanos(100 * sec); // the thread re-reads the clock within a second
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        got.add(order.poll(10, TimeUnit.SECONDS));
      }
      assertEquals(List.of("a", "b", "c"), got);
      assertNull(order.poll(50, TimeUnit.MILLISECONDS));
    } finally {
      s.close();
    }
  }
}
