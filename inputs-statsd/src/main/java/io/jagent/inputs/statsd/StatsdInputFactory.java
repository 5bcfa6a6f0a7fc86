package io.jagent.inputs.statsd;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.PluginContext;
import java.time.Duration;
import java.util.List;

/** {@code [[inputs.statsd]]}: a statsd / DogStatsD listener aggregating per interval. */
public final class StatsdInputFactory implements InputFactory<StatsdConfig> {

  @Override
  public String name() {
    return "statsd";
  }

  @Override
  public String description() {
    return "Statsd UDP/TCP Server";
  }

  @Override
  public StatsdConfig parse(ConfigTable t) {
    StatsdConfig d = StatsdConfig.defaults();
    String protocol = t.getString("protocol", d.protocol());
    String address = t.getString("service_address", d.serviceAddress());
    int maxTcp = t.getInt("max_tcp_connections", d.maxTcpConnections());
    boolean keepAlive = t.getBoolean("tcp_keep_alive", false);
    Duration keepAlivePeriod = null;
    if (t.contains("tcp_keep_alive_period")) {
      keepAlivePeriod = t.getDuration("tcp_keep_alive_period", Duration.ZERO);
      if (keepAlivePeriod.isNegative()) {
        t.error("tcp_keep_alive_period", "must not be negative");
      }
    }
    int pending = t.getInt("allowed_pending_messages", d.allowedPendingMessages());
    if (pending <= 0) {
      t.error("allowed_pending_messages", "must be greater than 0, got " + pending);
    }
    int workers = t.getInt("number_workers_threads", d.numberWorkersThreads());
    if (workers <= 0) {
      t.error("number_workers_threads", "must be greater than 0, got " + workers);
    }
    List<Double> percentiles = t.getDoubleList("percentiles", List.of());
    for (Double p : percentiles) {
      if (p.isNaN()) {
        t.error("percentiles", "NaN is not a percentile");
      }
    }
    int limit = t.getInt("percentile_limit", 0);
    if (limit < 0) {
      t.error("percentile_limit", "must not be negative, got " + limit);
    }
    if (limit == 0) {
      limit = StatsdConfig.DEFAULT_PERCENTILE_LIMIT;
    }
    boolean deleteGauges = t.getBoolean("delete_gauges", true);
    boolean deleteCounters = t.getBoolean("delete_counters", true);
    boolean deleteSets = t.getBoolean("delete_sets", true);
    boolean deleteTimings = t.getBoolean("delete_timings", true);
    Duration maxTtl = t.getDuration("max_ttl", Duration.ZERO);
    if (maxTtl.isNegative()) {
      t.error("max_ttl", "must not be negative");
    }
    String separator = t.getString("metric_separator", d.metricSeparator());
    if (separator.isEmpty()) {
      separator = StatsdConfig.DEFAULT_METRIC_SEPARATOR;
    }
    List<String> templates = t.getStringList("templates", List.of());
    String templateProblem = Templates.validate(templates);
    if (templateProblem != null) {
      t.error("templates", templateProblem);
    }
    boolean convertNames = t.getBoolean("convert_names", false);
    String sanitize = t.getString("sanitize_name_method", "");
    if (!sanitize.isEmpty() && !sanitize.equals("upstream")) {
      t.error(
          "sanitize_name_method",
          "unknown method \"" + sanitize + "\"; use \"\" (none) or \"upstream\"");
    }
    boolean floatCounters = t.getBoolean("float_counters", false);
    boolean floatTimings = t.getBoolean("float_timings", false);
    boolean floatSets = t.getBoolean("float_sets", false);
    boolean datadog = t.getBoolean("datadog_extensions", false);
    boolean distributions = t.getBoolean("datadog_distributions", false);
    boolean keepContainer = t.getBoolean("datadog_keep_container_tag", false);
    boolean temporality = t.getBoolean("enable_aggregation_temporality", false);
    int readBuffer = t.getInt("read_buffer_size", 0);
    if (readBuffer < 0) {
      t.error("read_buffer_size", "must not be negative, got " + readBuffer);
    }
    // deprecated options of older Telegraf versions
    if (t.contains("parse_data_dog_tags")) {
      boolean old = t.getBoolean("parse_data_dog_tags", false);
      t.deprecated("parse_data_dog_tags", "use \"datadog_extensions\" instead");
      if (old && !t.contains("datadog_extensions")) {
        datadog = true;
      }
    }
    if (t.contains("udp_packet_size")) {
      t.getInt("udp_packet_size", 0);
      t.deprecated(
          "udp_packet_size", "it is ignored: datagrams of any size up to 64 KiB are accepted");
    }
    // our own extensions
    int maxSeries = t.getInt("max_series", StatsdConfig.DEFAULT_MAX_SERIES);
    if (maxSeries <= 0) {
      t.error("max_series", "must be greater than 0, got " + maxSeries);
    }
    int maxSamples = t.getInt("max_samples", StatsdConfig.DEFAULT_MAX_SAMPLES);
    if (maxSamples <= 0) {
      t.error("max_samples", "must be greater than 0, got " + maxSamples);
    }
    if (!protocol.startsWith("udp") && !protocol.startsWith("tcp")) {
      t.error(
          "protocol", "must be \"udp\", \"udp4\", \"udp6\" or \"tcp\", got \"" + protocol + "\"");
    }
    if (ServiceAddress.parse(address) == null) {
      t.error("service_address", "expected host:port, got \"" + address + "\"");
    }
    return new StatsdConfig(
        protocol,
        address,
        maxTcp,
        keepAlive,
        keepAlivePeriod,
        pending,
        workers,
        percentiles,
        limit,
        deleteGauges,
        deleteCounters,
        deleteSets,
        deleteTimings,
        maxTtl,
        separator,
        templates,
        convertNames,
        sanitize,
        floatCounters,
        floatTimings,
        floatSets,
        datadog,
        distributions,
        keepContainer,
        temporality,
        readBuffer,
        maxSeries,
        maxSamples);
  }

  @Override
  public Input create(StatsdConfig config, PluginContext ctx) {
    return new StatsdInput(config, ctx);
  }
}
