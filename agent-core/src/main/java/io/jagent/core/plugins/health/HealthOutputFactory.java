package io.jagent.core.plugins.health;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Output;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginContext;
import io.jagent.spi.tls.SslContexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/** {@code [[outputs.health]]}: an HTTP health endpoint driven by the metrics written to it. */
public final class HealthOutputFactory implements OutputFactory<HealthConfig> {
  private static final String[] BOUNDS = {"gt", "ge", "lt", "le", "eq", "ne"};

  @Override
  public String name() {
    return "health";
  }

  @Override
  public String description() {
    return "Configurable HTTP health check resource based on metrics";
  }

  @Override
  public HealthConfig parse(ConfigTable t) {
    String serviceAddress = t.getString("service_address", HealthConfig.DEFAULT_SERVICE_ADDRESS);
    try {
      ServiceAddress.parse(serviceAddress);
    } catch (IllegalArgumentException e) {
      t.error("service_address", e.getMessage());
    }
    Duration readTimeout = nonNegative(t, "read_timeout", HealthConfig.DEFAULT_READ_TIMEOUT);
    Duration writeTimeout = nonNegative(t, "write_timeout", HealthConfig.DEFAULT_WRITE_TIMEOUT);
    for (String key : new String[] {"read_timeout", "write_timeout"}) {
      if (t.contains(key)) {
        t.warn(
            key,
            "accepted but not enforced per request (the JDK HTTP server has no per-server"
                + " timeouts; the JVM-wide sun.net.httpserver.maxReqTime/maxRspTime are)");
      }
    }
    String user = t.getString("basic_username", "");
    var password = t.getSecret("basic_password");
    String tlsCert = t.getString("tls_cert", "");
    String tlsKey = t.getString("tls_key", "");
    List<String> cas = t.getStringList("tls_allowed_cacerts", List.of());
    if (tlsCert.isEmpty() != tlsKey.isEmpty()) {
      t.error(tlsCert.isEmpty() ? "tls_cert" : "tls_key", "tls_cert and tls_key go together");
    }
    if (!cas.isEmpty() && tlsCert.isEmpty()) {
      t.error("tls_allowed_cacerts", "client certificates need tls_cert and tls_key");
    }
    int defaultStatus = t.getInt("default_status", 0);
    if (defaultStatus == 0) {
      defaultStatus = HealthConfig.DEFAULT_STATUS; // Telegraf: 0 = unset = 200
    } else if (defaultStatus < 200 || defaultStatus > 599) {
      t.error(
          "default_status",
          "invalid default HTTP status code " + defaultStatus + " (expected 200-599)");
      defaultStatus = HealthConfig.DEFAULT_STATUS;
    }
    Duration maxTime =
        t.getDuration("max_time_between_metrics", HealthConfig.DEFAULT_MAX_TIME_BETWEEN_METRICS);
    if (maxTime.isNegative()) {
      maxTime = Duration.ZERO; // Telegraf: only a positive time enables the check
    }

    List<CompareCheck> compares = new ArrayList<>();
    for (ConfigTable c : t.getTables("compares")) {
      String field = c.getString("field", "");
      Double[] b = new Double[BOUNDS.length];
      for (int i = 0; i < BOUNDS.length; i++) {
        if (c.contains(BOUNDS[i])) {
          b[i] = c.getDouble(BOUNDS[i], Double.NaN);
        }
      }
      if (field.isEmpty()) {
        c.error("field", "a compares check needs a field");
      }
      compares.add(new CompareCheck(field, b[0], b[1], b[2], b[3], b[4], b[5]));
    }
    List<ContainsCheck> contains = new ArrayList<>();
    for (ConfigTable c : t.getTables("contains")) {
      String field = c.getString("field", "");
      if (field.isEmpty()) {
        c.error("field", "a contains check needs a field");
      }
      contains.add(new ContainsCheck(field));
    }
    return new HealthConfig(
        serviceAddress,
        readTimeout,
        writeTimeout,
        user,
        password,
        tlsCert,
        tlsKey,
        cas,
        defaultStatus,
        maxTime,
        compares,
        contains);
  }

  private static Duration nonNegative(ConfigTable t, String key, Duration def) {
    Duration d = t.getDuration(key, def);
    if (d.isNegative()) {
      t.error(key, "must not be negative");
      return def;
    }
    return d;
  }

  @Override
  public Output create(HealthConfig config, PluginContext ctx) throws Exception {
    SSLContext ssl = null;
    if (config.tlsEnabled()) {
      ssl = SslContexts.server(config.tlsCert(), config.tlsKey(), config.tlsAllowedCacerts());
    }
    return new HealthOutput(config, ctx, ssl);
  }
}
