package io.jagent.testing;

import io.jagent.core.schedule.Scheduler;
import io.jagent.spi.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} for tests, driven by a {@link ManualClock}: nothing happens until {@link
 * #advance} or {@link #runDue}, which fire the due timers on the calling thread in time order and
 * then run the work they handed off. Work submitted outside a timer runs at once (so an agent's
 * stop completes synchronously), unless {@link #holdWork(boolean)} keeps it queued to simulate a
 * gather or write still in progress.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualClock clock;
  private final PriorityQueue<Entry> timers = new PriorityQueue<>();
  private final ArrayDeque<Runnable> work = new ArrayDeque<>();
  private final List<Long> fired = new ArrayList<>();
  private long seq;
  private boolean hold;
  private int inTimer;
  private int inWork;
  private boolean closed;

  public ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public synchronized Cancellable at(long dueEpochNanos, Runnable tick) {
    Entry e = new Entry(dueEpochNanos, seq++, tick);
    if (!closed) {
      timers.add(e);
    }
    return e;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      if (closed) {
        return;
      }
      work.add(task);
      if (hold || inTimer > 0 || inWork > 0) {
        return; // run after the current timer or work item, as a worker would
      }
    }
    runPendingWork();
  }

  /** While true, work is queued until {@link #runPendingWork()}. */
  public synchronized void holdWork(boolean hold) {
    this.hold = hold;
  }

  /** Runs the queued work (including work queued meanwhile); returns how many tasks ran. */
  public int runPendingWork() {
    int n = 0;
    while (true) {
      Runnable r;
      synchronized (this) {
        r = work.poll();
        if (r == null) {
          return n;
        }
        inWork++;
      }
      try {
        r.run();
      } finally {
        synchronized (this) {
          inWork--;
        }
      }
      n++;
    }
  }

  public synchronized int pendingWork() {
    return work.size();
  }

  /** Fires the timers due now, then runs their work unless work is held. */
  public void runDue() {
    while (true) {
      Entry e;
      synchronized (this) {
        e = timers.peek();
        if (e == null || e.due > clock.epochNanos()) {
          break;
        }
        timers.poll();
        if (e.cancelled) {
          continue;
        }
        inTimer++;
        fired.add(e.due);
      }
      try {
        e.task.run();
      } finally {
        synchronized (this) {
          inTimer--;
        }
      }
      boolean run;
      synchronized (this) {
        run = !hold;
      }
      if (run) {
        runPendingWork();
      }
    }
  }

  /**
   * Moves the clock forward by {@code d}, stopping at each due timer (the clock then shows exactly
   * its due time) to fire it.
   */
  public void advance(Duration d) {
    long target = clock.epochNanos() + d.toNanos();
    while (true) {
      long next;
      synchronized (this) {
        Entry e = timers.peek();
        while (e != null && e.cancelled) {
          timers.poll();
          e = timers.peek();
        }
        next = e == null ? Long.MAX_VALUE : e.due;
      }
      if (next > target) {
        break;
      }
      long now = clock.epochNanos();
      if (next > now) {
        clock.advanceNanos(next - now);
      }
      runDue();
    }
    long now = clock.epochNanos();
    if (target > now) {
      clock.advanceNanos(target - now);
    }
    runDue();
  }

  /** Due time of the next live timer. */
  public synchronized OptionalLong nextDue() {
    return timers.stream().filter(e -> !e.cancelled).mapToLong(e -> e.due).min();
  }

  public synchronized int pendingTimers() {
    return (int) timers.stream().filter(e -> !e.cancelled).count();
  }

  /** Due times of every timer fired so far, in firing order. */
  public synchronized List<Long> firedTimes() {
    return List.copyOf(fired);
  }

  @Override
  public synchronized void close() {
    closed = true;
    timers.clear();
    work.clear();
  }

  private static final class Entry implements Comparable<Entry>, Cancellable {
    final long due;
    final long seq;
    final Runnable task;
    volatile boolean cancelled;

    Entry(long due, long seq, Runnable task) {
      this.due = due;
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
