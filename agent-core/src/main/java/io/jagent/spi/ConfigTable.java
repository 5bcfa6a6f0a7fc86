package io.jagent.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin's TOML table as a factory sees it. Every getter records the key as used; after {@link
 * PluginFactory#parse} the core rejects keys nobody read ("unknown key", with file:line and a
 * did-you-mean). String values have environment variables expanded (Telegraf's strict mode).
 *
 * <p>Getters never throw for bad user input: a missing key yields the default, a value of the wrong
 * type or a bad value is reported with {@link #error} (file, line and key are added) and the
 * default is returned, so that every problem of a config is reported in one run.
 */
public interface ConfigTable {
  /** {@code inputs.statsd}, for messages. */
  String pluginId();

  boolean contains(String key);

  Optional<String> getString(String key);

  String getString(String key, String def);

  /** A string value held as a {@link Secret}; never printed, also not in error messages. */
  Secret getSecret(String key);

  /** TOML integer (or a string holding one, after env expansion). */
  long getLong(String key, long def);

  int getInt(String key, int def);

  /** TOML float or integer. */
  double getDouble(String key, double def);

  boolean getBoolean(String key, boolean def);

  /**
   * A typed duration as Telegraf's {@code config.Duration}: TOML integer/float = seconds, a string
   * holding a number = seconds, {@code ""} = 0, else Go duration syntax with the extra unit {@code
   * d} (days).
   */
  Duration getDuration(String key, Duration def);

  /** A size as Telegraf's {@code config.Size}: integer bytes or {@code "15kB"}, {@code "2MiB"}. */
  long getSize(String key, long def);

  /** Array of strings; a single string is not accepted (Telegraf: "need slice"). */
  List<String> getStringList(String key, List<String> def);

  /** Array of numbers (integers and floats mixed), as doubles. */
  List<Double> getDoubleList(String key, List<Double> def);

  /** Array of integers. */
  List<Long> getLongList(String key, List<Long> def);

  /** A table of string values ({@code http_headers = {...}}, {@code [inputs.x.headers]}). */
  Map<String, String> getStringMap(String key, Map<String, String> def);

  /** A sub-table ({@code [inputs.x.sub]} or inline), bound the same way; empty if absent. */
  Optional<ConfigTable> getTable(String key);

  /** An array of tables ({@code [[outputs.health.compares]]}); empty list if absent. */
  List<ConfigTable> getTables(String key);

  /** Marks a key as known without reading it (e.g. an option accepted and ignored). */
  void markUsed(String key);

  /** Reports a bad value of {@code key} (file, line, key and plugin are added); start-up fails. */
  void error(String key, String message);

  /**
   * Reports a deprecated option: logged once as a warning naming the replacement, start-up goes on.
   * Also marks the key used.
   */
  void deprecated(String key, String replacement);

  /** A warning about {@code key} that does not stop start-up (e.g. option accepted but ignored). */
  void warn(String key, String message);
}
