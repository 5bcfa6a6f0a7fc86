package io.jagent.core.config;

import java.time.Duration;

/**
 * The {@code [agent]} table with Telegraf's defaults (reference agent.md §6). Only the options the
 * agent acts on are fields; [R] options are accepted by the loader and logged as ignored.
 */
public record AgentSettings(
    Duration interval,
    boolean roundInterval,
    int metricBatchSize,
    int metricBufferLimit,
    Duration collectionJitter,
    Duration collectionOffset,
    Duration flushInterval,
    Duration flushJitter,
    Duration precision,
    boolean debug,
    boolean quiet,
    String logfile,
    String hostname,
    boolean omitHostname) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_METRIC_BATCH_SIZE = 1000;
  public static final int DEFAULT_METRIC_BUFFER_LIMIT = 10_000;
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(10);

  public static AgentSettings defaults() {
    return new AgentSettings(
        DEFAULT_INTERVAL,
        true,
        DEFAULT_METRIC_BATCH_SIZE,
        DEFAULT_METRIC_BUFFER_LIMIT,
        Duration.ZERO,
        Duration.ZERO,
        DEFAULT_FLUSH_INTERVAL,
        Duration.ZERO,
        Duration.ZERO,
        false,
        false,
        "",
        "",
        false);
  }
}
