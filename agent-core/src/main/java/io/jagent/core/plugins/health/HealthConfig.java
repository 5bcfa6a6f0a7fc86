package io.jagent.core.plugins.health;

import io.jagent.spi.Secret;
import java.time.Duration;
import java.util.List;

/**
 * Options of {@code [[outputs.health]]}, as Telegraf's {@code plugins/outputs/health}.
 *
 * @param serviceAddress {@code http://host:port} (also https, tcp, tcp4, tcp6)
 * @param defaultStatus HTTP status answered until the first metric arrived
 * @param maxTimeBetweenMetrics 503 when no metric arrived for this long; zero = off
 */
record HealthConfig(
    String serviceAddress,
    Duration readTimeout,
    Duration writeTimeout,
    String basicUsername,
    Secret basicPassword,
    String tlsCert,
    String tlsKey,
    List<String> tlsAllowedCacerts,
    int defaultStatus,
    Duration maxTimeBetweenMetrics,
    List<CompareCheck> compares,
    List<ContainsCheck> contains) {

  static final String DEFAULT_SERVICE_ADDRESS = "http://:8080";
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(5);
  static final int DEFAULT_STATUS = 200;
  static final Duration DEFAULT_MAX_TIME_BETWEEN_METRICS = Duration.ZERO;

  HealthConfig {
    tlsAllowedCacerts = List.copyOf(tlsAllowedCacerts);
    compares = List.copyOf(compares);
    contains = List.copyOf(contains);
  }

  static HealthConfig defaults() {
    return new HealthConfig(
        DEFAULT_SERVICE_ADDRESS,
        DEFAULT_READ_TIMEOUT,
        DEFAULT_WRITE_TIMEOUT,
        "",
        Secret.empty(),
        "",
        "",
        List.of(),
        DEFAULT_STATUS,
        DEFAULT_MAX_TIME_BETWEEN_METRICS,
        List.of(),
        List.of());
  }

  boolean tlsEnabled() {
    return !tlsCert.isEmpty() || !tlsKey.isEmpty();
  }

  boolean basicAuthEnabled() {
    return !basicUsername.isEmpty() || !basicPassword.isEmpty();
  }
}
