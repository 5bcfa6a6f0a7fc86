package io.jagent.spi;

/** Time as the agent sees it; tests use a manual clock instead of sleeping. */
public interface Clock {
  /** Wall-clock time in nanoseconds since the epoch. */
  long epochNanos();

  /** Monotonic time in nanoseconds, for durations and timeouts. */
  long nanoTime();

  Clock SYSTEM =
      new Clock() {
        @Override
        public long epochNanos() {
          java.time.Instant now = java.time.Instant.now();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public long nanoTime() {
          return System.nanoTime();
        }
      };
}
