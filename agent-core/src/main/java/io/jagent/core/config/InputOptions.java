package io.jagent.core.config;

import io.jagent.core.pipeline.MetricFilter;
import java.time.Duration;
import java.util.Map;

/**
 * The options every input takes (reference agent.md §8.1), already resolved against {@code
 * [agent]}: interval, jitter, offset and precision are never null here (precision ZERO = automatic
 * from the interval).
 */
public record InputOptions(
    String alias,
    Duration interval,
    Duration collectionJitter,
    Duration collectionOffset,
    Duration precision,
    String nameOverride,
    String namePrefix,
    String nameSuffix,
    Map<String, String> tags,
    MetricFilter filter) {}
