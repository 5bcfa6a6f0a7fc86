package io.jagent.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Clock;
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
  void cancelledTimersDoNotFireAndTimersFireInDueOrder() throws Exception {
    SystemScheduler s = new SystemScheduler(Clock.SYSTEM, 1);
    BlockingQueue<String> order = new ArrayBlockingQueue<>(4);
    try {
      long past = Clock.SYSTEM.epochNanos() - 1_000;
      // the thread may fire "b" before "a" is queued, but "c" is always last
      s.at(past + 2, () -> order.add("b"));
      s.at(past + 1, () -> order.add("a"));
      Scheduler.Cancellable c = s.at(past + 3, () -> order.add("never"));
      c.cancel();
      s.at(past + 4, () -> order.add("c"));
      String first = order.poll(10, TimeUnit.SECONDS);
      String second = order.poll(10, TimeUnit.SECONDS);
      String third = order.poll(10, TimeUnit.SECONDS);
      assertTrue(!"never".equals(first) && !"never".equals(second) && !"never".equals(third));
      assertEquals("c", third);
    } finally {
      s.close();
    }
  }
}
