package io.jagent.spi;

/** An input gathered on its interval by a worker thread. */
public interface Input {
  /**
   * Collects once. Metrics go to {@code acc}; an exception (or {@link Accumulator#addError}) is
   * counted as a gather error, logged rate-limited, and never stops the agent.
   */
  void gather(Accumulator acc) throws Exception;
}
