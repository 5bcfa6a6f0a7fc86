package io.jagent.core.plugins.file;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.PluginContext;
import io.jagent.spi.PluginFactory;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@code [[inputs.file]]}: parses whole files (globs allowed) as line protocol on every gather. */
public final class FileInputFactory implements InputFactory<FileInputConfig> {
  @Override
  public String name() {
    return "file";
  }

  /** Shares its package with the output; the sample lives under {@code inputs/file/}. */
  @Override
  public String sampleConfig() {
    return PluginFactory.resourceText(getClass(), "/io/jagent/inputs/file/sample.conf");
  }

  @Override
  public String description() {
    return "Parse a complete file each interval";
  }

  @Override
  public FileInputConfig parse(ConfigTable t) {
    List<String> files = t.getStringList("files", List.of());
    if (files.isEmpty()) {
      t.error("files", "at least one file or glob is required");
    }
    DataFormats.requireInflux(t);
    String enc = t.getString("character_encoding", "");
    Charset cs = StandardCharsets.UTF_8;
    switch (enc.toLowerCase(Locale.ROOT)) {
      case "", "utf-8", "utf8" -> cs = StandardCharsets.UTF_8;
      case "utf-16le" -> cs = StandardCharsets.UTF_16LE;
      case "utf-16be" -> cs = StandardCharsets.UTF_16BE;
      default ->
          t.error(
              "character_encoding",
              "unsupported encoding \"" + enc + "\" (use \"utf-8\", \"utf-16le\" or \"utf-16be\")");
    }
    Duration precision =
        t.getDuration("influx_timestamp_precision", FileInputConfig.DEFAULT_PRECISION);
    if (precision.isZero()) {
      precision = FileInputConfig.DEFAULT_PRECISION;
    }
    long p = precision.toNanos();
    if (p != 1 && p != 1_000 && p != 1_000_000 && p != 1_000_000_000) {
      t.error("influx_timestamp_precision", "must be one of 1ns, 1us, 1ms, 1s");
    }
    t.getString("influx_parser_type", ""); // "internal"/"upstream": one parser here
    return new FileInputConfig(List.copyOf(files), cs, t.getString("file_tag", ""), precision);
  }

  @Override
  public Input create(FileInputConfig config, PluginContext ctx) {
    return new FileInput(config);
  }
}
