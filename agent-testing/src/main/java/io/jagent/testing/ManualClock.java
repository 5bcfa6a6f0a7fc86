package io.jagent.testing;

import io.jagent.spi.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to. Wall and monotonic time advance together. */
public final class ManualClock implements Clock {
  private final AtomicLong epochNanos;
  private final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);

  public ManualClock(long startEpochNanos) {
    this.epochNanos = new AtomicLong(startEpochNanos);
  }

  /** Starts at 2023-11-14T22:13:20Z (epoch second 1,700,000,000). */
  public ManualClock() {
    this(1_700_000_000_000_000_000L);
  }

  public void advance(Duration d) {
    advanceNanos(d.toNanos());
  }

  public void advanceNanos(long n) {
    epochNanos.addAndGet(n);
    nanoTime.addAndGet(n);
  }

  @Override
  public long epochNanos() {
    return epochNanos.get();
  }

  @Override
  public long nanoTime() {
    return nanoTime.get();
  }
}
