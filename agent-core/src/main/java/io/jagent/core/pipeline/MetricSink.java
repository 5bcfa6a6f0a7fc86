package io.jagent.core.pipeline;

import io.jagent.spi.Metric;

/** Where an input pipeline hands each finished metric: an output, or the {@code --test} printer. */
@FunctionalInterface
public interface MetricSink {
  /** Must not block; called from worker and event-loop threads. */
  void accept(Metric m);
}
