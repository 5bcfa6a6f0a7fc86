package io.jagent.spi;

import java.io.IOException;

/**
 * Thrown by {@link Output#write} when the backend refused the batch for its content (e.g. HTTP 400
 * for a type conflict). Retrying would fail again, so the core drops the batch and counts every
 * metric in it as rejected.
 */
public class BatchRejectedException extends IOException {
  private static final long serialVersionUID = 1L;

  public BatchRejectedException(String message) {
    super(message);
  }

  public BatchRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
