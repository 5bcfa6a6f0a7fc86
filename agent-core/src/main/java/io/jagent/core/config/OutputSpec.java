package io.jagent.core.config;

import io.jagent.spi.OutputFactory;

/** One {@code [[outputs.NAME]]} table. */
public record OutputSpec(
    String name,
    OutputFactory<?> factory,
    Record config,
    OutputOptions options,
    String file,
    int line) {
  /** {@code outputs.file} or {@code outputs.file::alias}. */
  public String id() {
    String a = options.alias();
    return "outputs." + name + (a == null || a.isEmpty() ? "" : "::" + a);
  }
}
