package io.jagent.core.schedule;

import io.jagent.spi.Clock;
import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Scheduler}: one {@code agent-scheduler} daemon thread keeps a timer queue
 * ordered by wall-clock due time and only fires callbacks; a fixed pool of {@code agent-worker-N}
 * daemon threads runs gathers and flushes.
 */
public final class SystemScheduler implements Scheduler {
  public static final int DEFAULT_WORKERS = 2;
  private static final Logger LOG = LoggerFactory.getLogger("agent");

  /** Upper bound of one wait, so a wall-clock step is noticed within a second. */
  private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Entry> timers = new PriorityQueue<>();
  private final AtomicLong seq = new AtomicLong();
  private final ThreadPoolExecutor workers;
  private final Thread timeKeeper;
  private boolean closed;

  public SystemScheduler(Clock clock, int workerThreads) {
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "agent-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.workers =
        new ThreadPoolExecutor(
            workerThreads, workerThreads, 0, TimeUnit.NANOSECONDS, new LinkedBlockingQueue<>(), tf);
    this.timeKeeper = new Thread(this::loop, "agent-scheduler");
    timeKeeper.setDaemon(true);
    timeKeeper.start();
  }

  public SystemScheduler(Clock clock) {
    this(clock, DEFAULT_WORKERS);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The timer also fires once the same delay has passed on the monotonic clock, so a wall clock
   * stepped back does not hold it.
   */
  @Override
  public Cancellable at(long dueEpochNanos, Runnable tick) {
    long delay = dueEpochNanos - clock.epochNanos();
    Entry e = new Entry(dueEpochNanos, clock.nanoTime() + delay, seq.incrementAndGet(), tick);
    lock.lock();
    try {
      if (closed) {
        return e;
      }
      timers.add(e);
      if (timers.peek() == e) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
    return e;
  }

  @Override
  public void execute(Runnable work) {
    if (workers.isShutdown()) {
      return;
    }
    try {
      workers.execute(
          () -> {
            try {
              work.run();
            } catch (RuntimeException | LinkageError | AssertionError e) {
              LOG.error("Unexpected error in a worker task: {}", e.toString(), e);
            }
          });
    } catch (RejectedExecutionException e) {
      // closed meanwhile: the agent is shutting down
    }
  }

  private void loop() {
    lock.lock();
    try {
      while (!closed) {
        Entry e = timers.peek();
        if (e == null) {
          changed.await();
          continue;
        }
        if (e.cancelled) {
          timers.poll();
          continue;
        }
        long wait = Math.min(e.due - clock.epochNanos(), e.monoDue - clock.nanoTime());
        if (wait > 0) {
          changed.awaitNanos(Math.min(wait, MAX_WAIT_NANOS));
          continue;
        }
        timers.poll();
        lock.unlock();
        try {
          e.task.run();
        } catch (RuntimeException | LinkageError | AssertionError ex) {
          LOG.error("Unexpected error in a timer: {}", ex.toString(), ex);
        } finally {
          lock.lock();
        }
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      timers.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    workers.shutdownNow();
  }

  /** True once every thread has ended (bounded wait). */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    if (!workers.awaitTermination(timeout, unit)) {
      return false;
    }
    timeKeeper.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    return !timeKeeper.isAlive();
  }

  private static final class Entry implements Comparable<Entry>, Cancellable {
    final long due;
    final long monoDue;
    final long seq;
    final Runnable task;
    volatile boolean cancelled;

    Entry(long due, long monoDue, long seq, Runnable task) {
      this.due = due;
      this.monoDue = monoDue;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public int compareTo(Entry o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }
}
