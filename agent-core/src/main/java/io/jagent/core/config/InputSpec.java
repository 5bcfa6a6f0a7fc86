package io.jagent.core.config;

import io.jagent.spi.InputFactory;

/**
 * One {@code [[inputs.NAME]]} table: its factory, its bound config record and the common options.
 * {@code file}/{@code line} locate the header for messages.
 */
public record InputSpec(
    String name,
    InputFactory<?> factory,
    Record config,
    InputOptions options,
    String file,
    int line) {
  /** {@code inputs.statsd} or {@code inputs.statsd::alias}. */
  public String id() {
    String a = options.alias();
    return "inputs." + name + (a == null || a.isEmpty() ? "" : "::" + a);
  }
}
