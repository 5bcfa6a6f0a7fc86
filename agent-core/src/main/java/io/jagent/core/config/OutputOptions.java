package io.jagent.core.config;

import io.jagent.core.pipeline.MetricFilter;
import java.time.Duration;

/** The options every output takes (reference agent.md §8.2), resolved against {@code [agent]}. */
public record OutputOptions(
    String alias,
    Duration flushInterval,
    Duration flushJitter,
    int metricBatchSize,
    int metricBufferLimit,
    String nameOverride,
    String namePrefix,
    String nameSuffix,
    MetricFilter filter) {}
