package io.jagent.core.runtime;

/** Start-up failed (plugin creation, output connect, service start); the message says which. */
public final class AgentStartException extends Exception {
  private static final long serialVersionUID = 1L;

  public AgentStartException(String message, Throwable cause) {
    super(message, cause);
  }

  public AgentStartException(String message) {
    super(message);
  }
}
