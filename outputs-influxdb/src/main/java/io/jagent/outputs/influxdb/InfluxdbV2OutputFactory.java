package io.jagent.outputs.influxdb;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Output;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginContext;
import io.jagent.spi.PluginFactory;
import java.time.Duration;

/** {@code [[outputs.influxdb_v2]]}: the v2 write API (InfluxDB 2.x/3.x, compatible servers). */
public final class InfluxdbV2OutputFactory implements OutputFactory<InfluxdbV2Config> {
  @Override
  public String name() {
    return "influxdb_v2";
  }

  @Override
  public String description() {
    return "Configuration for sending metrics to InfluxDB 2.0";
  }

  /** Both factories share a package; the v2 sample lives under {@code outputs/influxdb_v2/}. */
  @Override
  public String sampleConfig() {
    return PluginFactory.resourceText(getClass(), "/io/jagent/outputs/influxdb_v2/sample.conf");
  }

  @Override
  public InfluxdbV2Config parse(ConfigTable t) {
    var urls = Endpoint.parseUrls(t, false);
    String enc = t.getString("content_encoding", "");
    if (enc.isEmpty()) {
      enc = InfluxdbV2Config.DEFAULT_CONTENT_ENCODING;
    }
    if (!enc.equals("gzip") && !enc.equals("identity")) {
      t.error("content_encoding", "must be \"gzip\" or \"identity\"");
    }
    // [R] options accepted for compatibility; their tuning does not apply to this client
    if (!t.getDuration("ping_timeout", Duration.ZERO).isZero()) {
      t.warn("ping_timeout", "HTTP/2 keep-alive tuning is not supported; ignored");
    }
    if (!t.getDuration("read_idle_timeout", Duration.ZERO).isZero()) {
      t.warn("read_idle_timeout", "HTTP/2 keep-alive tuning is not supported; ignored");
    }
    if (t.getSize("rate_limit", 0) != 0) {
      t.warn("rate_limit", "not supported; ignored");
    }
    t.getDuration("rate_limit_period", Duration.ZERO);
    if (t.getInt("concurrent_writes", 1) > 1) {
      t.warn("concurrent_writes", "not supported; batches are written in one request");
    }
    return new InfluxdbV2Config(
        urls,
        t.getSecret("token"),
        t.getString("organization", ""),
        t.getString("bucket", ""),
        t.getString("bucket_tag", ""),
        t.getBoolean("exclude_bucket_tag", false),
        enc,
        t.getBoolean("influx_uint_support", false),
        t.getBoolean("influx_omit_timestamp", false),
        HttpSettings.parse(t));
  }

  @Override
  public Output create(InfluxdbV2Config config, PluginContext ctx) throws Exception {
    return new InfluxdbV2Output(config, ctx);
  }
}
