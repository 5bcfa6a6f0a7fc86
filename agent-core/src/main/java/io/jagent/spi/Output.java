package io.jagent.spi;

import java.io.IOException;
import java.util.List;

/**
 * An output. The core calls {@link #write} from one thread at a time per instance, with batches
 * taken from this output's buffer.
 */
public interface Output extends AutoCloseable {
  /** Called once before the first write; failure aborts start-up (after one retry). */
  void connect() throws IOException;

  /**
   * Writes a batch. Returning normally means every metric was accepted. An {@link IOException}
   * returns the whole batch to the front of the buffer for the next flush; a {@link
   * BatchRejectedException} drops the batch and counts it as rejected (bad data, 4xx).
   */
  void write(List<Metric> batch) throws IOException;

  @Override
  default void close() throws IOException {}
}
