package io.jagent.core.config;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.Output;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tiny factories that read the keys the seed configs use, so the loader can be tested without the
 * real plugins (built in their own modules).
 */
final class StubFactories {
  private StubFactories() {}

  enum T {
    STRING,
    INT,
    BOOL,
    STRINGS,
    DOUBLES,
    DURATION,
    SECRET
  }

  /** What a stub's parse returns: every key read, with its value. */
  record StubConfig(Map<String, Object> values) {}

  static Map<String, Object> read(ConfigTable t, Map<String, T> keys) {
    Map<String, Object> out = new LinkedHashMap<>();
    keys.forEach(
        (k, type) -> {
          Object v =
              switch (type) {
                case STRING -> t.getString(k, "");
                case INT -> t.getLong(k, 0);
                case BOOL -> t.getBoolean(k, false);
                case STRINGS -> t.getStringList(k, List.of());
                case DOUBLES -> t.getDoubleList(k, List.of());
                case DURATION -> t.getDuration(k, Duration.ZERO);
                case SECRET -> t.getSecret(k);
              };
          out.put(k, v);
        });
    return out;
  }

  static final class In implements InputFactory<StubConfig> {
    private final String name;
    private final Map<String, T> keys;

    In(String name, Map<String, T> keys) {
      this.name = name;
      this.keys = keys;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "stub " + name;
    }

    @Override
    public StubConfig parse(ConfigTable table) {
      return new StubConfig(read(table, keys));
    }

    @Override
    public Input create(StubConfig config, PluginContext ctx) {
      throw new UnsupportedOperationException("stub");
    }
  }

  static final class Out implements OutputFactory<StubConfig> {
    private final String name;
    private final Map<String, T> keys;

    Out(String name, Map<String, T> keys) {
      this.name = name;
      this.keys = keys;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "stub " + name;
    }

    @Override
    public StubConfig parse(ConfigTable table) {
      return new StubConfig(read(table, keys));
    }

    @Override
    public Output create(StubConfig config, PluginContext ctx) {
      throw new UnsupportedOperationException("stub");
    }
  }

  static In statsd() {
    Map<String, T> k = new LinkedHashMap<>();
    k.put("protocol", T.STRING);
    k.put("max_tcp_connections", T.INT);
    k.put("tcp_keep_alive", T.BOOL);
    k.put("service_address", T.STRING);
    k.put("delete_gauges", T.BOOL);
    k.put("delete_counters", T.BOOL);
    k.put("delete_sets", T.BOOL);
    k.put("delete_timings", T.BOOL);
    k.put("percentiles", T.DOUBLES);
    k.put("metric_separator", T.STRING);
    k.put("parse_data_dog_tags", T.BOOL);
    k.put("allowed_pending_messages", T.INT);
    k.put("percentile_limit", T.INT);
    return new In("statsd", k);
  }

  static In prometheus() {
    return new In("prometheus", Map.of("urls", T.STRINGS));
  }

  static In mem() {
    return new In("mem", Map.of());
  }

  static Out wavefront() {
    Map<String, T> k = new LinkedHashMap<>();
    k.put("host", T.STRING);
    k.put("port", T.INT);
    k.put("metric_separator", T.STRING);
    k.put("source_override", T.STRINGS);
    k.put("convert_paths", T.BOOL);
    k.put("use_regex", T.BOOL);
    return new Out("wavefront", k);
  }

  static Out influxdb() {
    Map<String, T> k = new LinkedHashMap<>();
    k.put("urls", T.STRINGS);
    k.put("database", T.STRING);
    k.put("write_consistency", T.STRING);
    k.put("timeout", T.DURATION);
    k.put("username", T.STRING);
    k.put("password", T.SECRET);
    return new Out("influxdb", k);
  }

  static Out file() {
    Map<String, T> k = new LinkedHashMap<>();
    k.put("files", T.STRINGS);
    k.put("data_format", T.STRING);
    return new Out("file", k);
  }

  /** statsd, prometheus, mem; wavefront, influxdb, file. */
  static PluginRegistry registry() {
    try {
      return PluginRegistry.of(
          List.of(statsd(), prometheus(), mem()), List.of(wavefront(), influxdb(), file()));
    } catch (ConfigException e) {
      throw new AssertionError(e);
    }
  }
}
