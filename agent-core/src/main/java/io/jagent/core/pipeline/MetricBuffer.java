package io.jagent.core.pipeline;

import io.jagent.spi.Metric;
import io.jagent.spi.Stat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One output's bounded ring buffer (reference agent.md §12.1, §12.3, §12.4). {@link #add} is the
 * producer side, called from any thread on the hot path: O(1) under a short lock. When full, the
 * oldest metric is overwritten and counted as dropped.
 *
 * <p>The consumer (the output's single writer) takes a {@link Batch} of the oldest metrics as a
 * transaction: {@link #accept} (written), {@link #reject} (refused by the backend, counted) or
 * {@link #giveBack} (write failed: back to the front in original order). While a batch is out the
 * metrics are not in the ring, so a batch can never be sent twice; on give-back only as many as fit
 * are restored (oldest first) and the rest are counted as dropped. At most one batch is out at a
 * time.
 */
public final class MetricBuffer {
  private final Metric[] ring;
  private final ReentrantLock lock = new ReentrantLock();
  private int head; // index of the oldest
  private int size;
  private long droppedSinceWrite;
  private Batch out;

  private final Stat added;
  private final Stat dropped;
  private final Stat written;
  private final Stat rejected;
  private final Stat bufferSize;
  private final Stat agentDropped;
  private final Stat agentWritten;
  private final Stat agentRejected;

  /** Counters of one output and the agent-wide totals. */
  public record Stats(
      Stat added,
      Stat dropped,
      Stat written,
      Stat rejected,
      Stat bufferSize,
      Stat agentDropped,
      Stat agentWritten,
      Stat agentRejected) {}

  public MetricBuffer(int limit, Stats stats) {
    if (limit <= 0) {
      throw new IllegalArgumentException("metric_buffer_limit must be positive: " + limit);
    }
    this.ring = new Metric[limit];
    this.added = stats.added();
    this.dropped = stats.dropped();
    this.written = stats.written();
    this.rejected = stats.rejected();
    this.bufferSize = stats.bufferSize();
    this.agentDropped = stats.agentDropped();
    this.agentWritten = stats.agentWritten();
    this.agentRejected = stats.agentRejected();
  }

  public int limit() {
    return ring.length;
  }

  /** Appends; when full the oldest metric is discarded and counted. Returns the new size. */
  public int add(Metric m) {
    boolean drop;
    int newSize;
    lock.lock();
    try {
      int cap = ring.length;
      drop = size == cap;
      if (drop) {
        ring[head] = m; // overwrite the oldest; it becomes the newest
        head = head + 1 == cap ? 0 : head + 1;
        droppedSinceWrite++;
      } else {
        int tail = head + size;
        ring[tail >= cap ? tail - cap : tail] = m;
        size++;
        bufferSize.set(size);
      }
      newSize = size;
    } finally {
      lock.unlock();
    }
    added.incr(1);
    if (drop) {
      dropped.incr(1);
      agentDropped.incr(1);
    }
    return newSize;
  }

  public int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /** The metrics of the batch being written now (taken, not yet ended), 0 when none is out. */
  public int inFlight() {
    lock.lock();
    try {
      return out == null ? 0 : out.size();
    } finally {
      lock.unlock();
    }
  }

  /** The number dropped since the last call; the writer warns with it before each write. */
  public long takeDroppedSinceLastWrite() {
    lock.lock();
    try {
      long d = droppedSinceWrite;
      droppedSinceWrite = 0;
      return d;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes up to {@code max} of the oldest metrics out of the ring. The batch must be ended with
   * accept, reject or giveBack before the next one is taken.
   */
  public Batch take(int max) {
    lock.lock();
    try {
      if (out != null) {
        throw new IllegalStateException("a batch is already being written");
      }
      int n = Math.min(max, size);
      List<Metric> list = new ArrayList<>(n);
      int cap = ring.length;
      for (int i = 0; i < n; i++) {
        list.add(ring[head]);
        ring[head] = null;
        head = head + 1 == cap ? 0 : head + 1;
      }
      size -= n;
      bufferSize.set(size);
      out = new Batch(Collections.unmodifiableList(list));
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** The batch was written. */
  public void accept(Batch b) {
    end(b);
    written.incr(b.size());
    agentWritten.incr(b.size());
  }

  /** The backend refused the batch for its content: it is dropped and counted as rejected. */
  public void reject(Batch b) {
    end(b);
    rejected.incr(b.size());
    agentRejected.incr(b.size());
  }

  /**
   * The write failed: the batch goes back to the front in its original order. When new metrics took
   * the space meanwhile, only the oldest that fit are restored; the rest are dropped.
   */
  public void giveBack(Batch b) {
    int lost;
    lock.lock();
    try {
      end0(b);
      int cap = ring.length;
      int restore = Math.min(b.size(), cap - size);
      lost = b.size() - restore;
      for (int i = restore - 1; i >= 0; i--) {
        head = head == 0 ? cap - 1 : head - 1;
        ring[head] = b.metrics().get(i);
      }
      size += restore;
      droppedSinceWrite += lost;
      bufferSize.set(size);
    } finally {
      lock.unlock();
    }
    if (lost > 0) {
      dropped.incr(lost);
      agentDropped.incr(lost);
    }
  }

  /** A copy of the content, oldest first (for tests and diagnostics). */
  public List<Metric> snapshot() {
    lock.lock();
    try {
      List<Metric> l = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        int idx = head + i;
        l.add(ring[idx >= ring.length ? idx - ring.length : idx]);
      }
      return l;
    } finally {
      lock.unlock();
    }
  }

  private void end(Batch b) {
    lock.lock();
    try {
      end0(b);
    } finally {
      lock.unlock();
    }
  }

  private void end0(Batch b) {
    if (out != b) {
      throw new IllegalStateException("not the batch in progress");
    }
    out = null;
  }

  /** Metrics taken out of the buffer for one write, oldest first. */
  public static final class Batch {
    private final List<Metric> metrics;

    Batch(List<Metric> metrics) {
      this.metrics = metrics;
    }

    public List<Metric> metrics() {
      return metrics;
    }

    public int size() {
      return metrics.size();
    }

    public boolean isEmpty() {
      return metrics.isEmpty();
    }
  }
}
