package io.jagent.inputs.statsd;

import java.time.Duration;
import java.util.List;

/**
 * The options of {@code [[inputs.statsd]]} (reference statsd.md §2), after defaults and validation.
 *
 * @param tcpKeepAlivePeriod null = OS default
 * @param percentileLimit already mapped (0 → 1000)
 * @param maxSeries our extension: cap on cached series (measurement + tag set), see README
 * @param maxSamples our extension: cap on timing samples, distribution values and set members held
 *     at once, see README
 */
record StatsdConfig(
    String protocol,
    String serviceAddress,
    int maxTcpConnections,
    boolean tcpKeepAlive,
    Duration tcpKeepAlivePeriod,
    int allowedPendingMessages,
    int numberWorkersThreads,
    List<Double> percentiles,
    int percentileLimit,
    boolean deleteGauges,
    boolean deleteCounters,
    boolean deleteSets,
    boolean deleteTimings,
    Duration maxTtl,
    String metricSeparator,
    List<String> templates,
    boolean convertNames,
    String sanitizeNameMethod,
    boolean floatCounters,
    boolean floatTimings,
    boolean floatSets,
    boolean datadogExtensions,
    boolean datadogDistributions,
    boolean datadogKeepContainerTag,
    boolean enableAggregationTemporality,
    int readBufferSize,
    int maxSeries,
    int maxSamples) {

  static final String DEFAULT_PROTOCOL = "udp";
  static final String DEFAULT_SERVICE_ADDRESS = ":8125";
  static final int DEFAULT_MAX_TCP_CONNECTIONS = 250;
  static final int DEFAULT_ALLOWED_PENDING_MESSAGES = 10_000;
  static final int DEFAULT_NUMBER_WORKERS_THREADS = 5;
  static final int DEFAULT_PERCENTILE_LIMIT = 1000;
  static final String DEFAULT_METRIC_SEPARATOR = "_";
  static final int DEFAULT_MAX_SERIES = 10_000;
  static final int DEFAULT_MAX_SAMPLES = 500_000;

  StatsdConfig {
    percentiles = List.copyOf(percentiles);
    templates = List.copyOf(templates);
  }

  static StatsdConfig defaults() {
    return new StatsdConfig(
        DEFAULT_PROTOCOL,
        DEFAULT_SERVICE_ADDRESS,
        DEFAULT_MAX_TCP_CONNECTIONS,
        false,
        null,
        DEFAULT_ALLOWED_PENDING_MESSAGES,
        DEFAULT_NUMBER_WORKERS_THREADS,
        List.of(),
        DEFAULT_PERCENTILE_LIMIT,
        true,
        true,
        true,
        true,
        Duration.ZERO,
        DEFAULT_METRIC_SEPARATOR,
        List.of(),
        false,
        "",
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        0,
        DEFAULT_MAX_SERIES,
        DEFAULT_MAX_SAMPLES);
  }

  boolean tcp() {
    return !protocol.startsWith("udp");
  }
}
