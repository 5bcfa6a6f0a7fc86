package io.jagent.spi;

import java.util.Map;

/**
 * Registry of the agent's own metrics. {@code register("statsd", "tcp_packets_received", tags)}
 * yields a field of measurement {@code internal_statsd} with those tags, as Telegraf's selfstat.
 * Registering the same measurement, field and tags twice returns the same Stat.
 */
public interface SelfStats {
  Stat register(String measurement, String field, Map<String, String> tags);
}
