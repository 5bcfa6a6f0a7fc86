package io.jagent.outputs.influxdb;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Output;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginContext;
import io.jagent.spi.Secret;
import java.util.List;
import java.util.Set;

/** {@code [[outputs.influxdb]]}: line protocol to InfluxDB 1.x over HTTP(S) or UDP. */
public final class InfluxdbOutputFactory implements OutputFactory<InfluxdbConfig> {
  private static final Set<String> CONSISTENCY = Set.of("", "any", "one", "quorum", "all");

  @Override
  public String name() {
    return "influxdb";
  }

  @Override
  public String description() {
    return "Configuration for sending metrics to InfluxDB 1.x";
  }

  @Override
  public InfluxdbConfig parse(ConfigTable t) {
    List<Endpoint> urls = Endpoint.parseUrls(t, true);
    String db = t.getString("database", "");
    if (db.isEmpty()) {
      db = InfluxdbConfig.DEFAULT_DATABASE;
    }
    String consistency = t.getString("write_consistency", "");
    if (!CONSISTENCY.contains(consistency)) {
      t.error("write_consistency", "must be one of \"any\", \"one\", \"quorum\", \"all\"");
    }
    Secret user = t.getSecret("username");
    Secret pass = t.getSecret("password");
    long udpPayload = t.getSize("udp_payload", InfluxdbConfig.DEFAULT_UDP_PAYLOAD);
    if (udpPayload < 0) {
      t.error("udp_payload", "must not be negative");
    }
    if (udpPayload <= 0) {
      udpPayload = InfluxdbConfig.DEFAULT_UDP_PAYLOAD;
    }
    String enc = t.getString("content_encoding", "");
    if (enc.isEmpty()) {
      enc = InfluxdbConfig.DEFAULT_CONTENT_ENCODING;
    }
    return new InfluxdbConfig(
        urls,
        db,
        t.getString("database_tag", ""),
        t.getBoolean("exclude_database_tag", false),
        t.getString("retention_policy", ""),
        t.getString("retention_policy_tag", ""),
        t.getBoolean("exclude_retention_policy_tag", false),
        t.getBoolean("skip_database_creation", false),
        consistency,
        user,
        pass,
        udpPayload,
        enc,
        t.getBoolean("influx_uint_support", false),
        t.getBoolean("influx_omit_timestamp", false),
        HttpSettings.parse(t));
  }

  @Override
  public Output create(InfluxdbConfig config, PluginContext ctx) throws Exception {
    return new InfluxdbOutput(config, ctx);
  }
}
