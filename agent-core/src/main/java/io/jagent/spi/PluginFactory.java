package io.jagent.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** What input and output factories have in common. */
public interface PluginFactory<C extends Record> {
  /** The plugin name as in the TOML header: {@code "statsd"} for {@code [[inputs.statsd]]}. */
  String name();

  /** One line for the plugin list ({@code --input-list}, README tables). */
  String description();

  /**
   * Binds the plugin's TOML table to its config record: reads every key it knows through {@code
   * table} (which records the reads), applies defaults, validates. Problems are reported through
   * {@link ConfigTable#error}; the return value is then ignored. Common options (interval, alias,
   * filters, ...) are consumed by the core before this is called.
   */
  C parse(ConfigTable table);

  /**
   * The plugin's sample config ({@code sample.conf} next to the factory class), printed by {@code
   * agent config} and {@code --usage NAME}.
   */
  default String sampleConfig() {
    return resourceText(getClass(), "sample.conf");
  }

  /**
   * A text resource ({@code name} relative to {@code anchor}'s package, or absolute with a leading
   * {@code /}), or {@code ""} when absent. For factories that share a package with another plugin
   * and keep their sample elsewhere ({@code /io/jagent/inputs/file/sample.conf}).
   */
  static String resourceText(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
