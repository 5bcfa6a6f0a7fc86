package io.jagent.core.schedule;

import java.util.function.LongUnaryOperator;

/**
 * Tick arithmetic of reference agent.md §11.1 and §11.4, as pure functions of wall-clock nanos.
 * Multiples are counted from the Unix epoch (identical to Telegraf's 0001-01-01 base for every
 * interval dividing a day).
 */
public final class Ticks {
  private Ticks() {}

  /**
   * The first base (un-jittered, un-offset) gather time: with {@code round} the next multiple of
   * {@code interval} after {@code start + interval/100}, else {@code start}.
   */
  public static long firstBase(long start, long interval, boolean round) {
    if (!round) {
      return start;
    }
    long t = start + interval / 100;
    long aligned = Math.floorDiv(t, interval) * interval;
    return aligned == t ? t : aligned + interval;
  }

  /**
   * The base after {@code base}: {@code base + interval}. When the agent fell more than an interval
   * behind (suspend, wall clock stepped forward) it moves forward to the last multiple before
   * {@code now}, so there is no burst of ticks; when the wall clock stepped back by more than an
   * interval it moves back to the next multiple after {@code now}, so gathering does not pause.
   */
  public static long nextBase(long base, long interval, long offset, long now) {
    long next = base + interval;
    if (next + offset < now - interval) {
      long behind = (now - offset - next) / interval;
      next += behind * interval;
    } else if (next + offset > now + 2 * interval) {
      next = Math.floorDiv(now - offset, interval) * interval + interval;
    }
    return next;
  }

  /** A random duration in {@code [0, bound)}; 0 when bound <= 0. */
  public static long jitter(long bound, LongUnaryOperator random) {
    return bound <= 0 ? 0 : random.applyAsLong(bound);
  }

  /**
   * Automatic precision from the interval (§11.3): ≥ 1 s → 1 s; ≥ 1 ms → 1 ms; ≥ 1 µs → 1 µs; else
   * 1 ns.
   */
  public static long autoPrecision(long intervalNanos) {
    if (intervalNanos >= 1_000_000_000L) {
      return 1_000_000_000L;
    }
    if (intervalNanos >= 1_000_000L) {
      return 1_000_000L;
    }
    if (intervalNanos >= 1_000L) {
      return 1_000L;
    }
    return 1L;
  }

  /** {@code t} rounded to the nearest multiple of {@code precision}; halfway rounds up. */
  public static long round(long t, long precision) {
    if (precision <= 1) {
      return t;
    }
    return Math.floorDiv(t + precision / 2, precision) * precision;
  }
}
