package io.jagent.inputs.mysql;

/**
 * A gather failure for one server. The message is already sanitized (no password, no DSN) and there
 * is deliberately no cause: a driver exception's own text could hold credentials.
 */
final class GatherException extends Exception {
  private static final long serialVersionUID = 1L;

  GatherException(String message) {
    super(message, null, false, false);
  }
}
