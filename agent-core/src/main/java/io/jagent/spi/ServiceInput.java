package io.jagent.spi;

/**
 * An input that runs in the background (a listener). It may push metrics into the accumulator given
 * to {@link #start} at any time, and it is also {@link #gather gathered} on its interval, and once
 * more after {@link #stop} at shutdown so that nothing it aggregated is lost.
 */
public interface ServiceInput extends Input {
  void start(Accumulator acc) throws Exception;

  /** Stops listening. Must not block for long; idempotent. */
  void stop();
}
