package io.jagent.spi;

/** One self-metric field (a counter or a gauge), reported by {@code inputs.internal}. */
public interface Stat {
  void incr(long delta);

  void set(long value);

  long get();
}
