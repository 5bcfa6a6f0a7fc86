package io.jagent.core.schedule;

import io.jagent.spi.Clock;

/**
 * Keeps time and runs work. Timer callbacks ({@link #at}) run on the one time-keeping thread and
 * must only decide and hand work off with {@link #execute}; work runs on the worker pool. Tests use
 * a manual implementation that runs everything on the calling thread.
 */
public interface Scheduler extends AutoCloseable {
  Clock clock();

  /**
   * Calls {@code tick} once the wall clock ({@link Clock#epochNanos()}) reaches {@code
   * dueEpochNanos}. The callback must not block.
   */
  Cancellable at(long dueEpochNanos, Runnable tick);

  /** Runs {@code work} on a worker thread. Never blocks the caller. */
  void execute(Runnable work);

  /** Stops the threads; timers not yet fired are dropped, queued work is abandoned. */
  @Override
  void close();

  /** A pending timer. */
  interface Cancellable {
    void cancel();
  }
}
