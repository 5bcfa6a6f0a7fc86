package io.jagent.spi;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logs a recurring warning at most once per period: the first occurrence at once, then one line per
 * period stating how many were suppressed. Thread-safe.
 */
public final class RateLimitedLogger {
  public static final long DEFAULT_PERIOD_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger log;
  private final Clock clock;
  private final long periodNanos;
  private long nextAllowed;
  private boolean first = true;
  private long suppressed;

  public RateLimitedLogger(Logger log, Clock clock, long periodNanos) {
    this.log = log;
    this.clock = clock;
    this.periodNanos = periodNanos;
  }

  public RateLimitedLogger(Logger log, Clock clock) {
    this(log, clock, DEFAULT_PERIOD_NANOS);
  }

  /** Warns with slf4j {@code {}} placeholders; a Throwable as last argument is logged as cause. */
  public void warn(String format, Object... args) {
    log(false, format, args);
  }

  public void error(String format, Object... args) {
    log(true, format, args);
  }

  private void log(boolean error, String format, Object... args) {
    long dropped;
    synchronized (this) {
      long now = clock.nanoTime();
      if (!first && now - nextAllowed < 0) {
        suppressed++;
        return;
      }
      first = false;
      nextAllowed = now + periodNanos;
      dropped = suppressed;
      suppressed = 0;
    }
    String msg = dropped > 0 ? format + " (" + dropped + " similar messages suppressed)" : format;
    if (error) {
      log.error(msg, args);
    } else {
      log.warn(msg, args);
    }
  }

  public synchronized long suppressedCount() {
    return suppressed;
  }
}
