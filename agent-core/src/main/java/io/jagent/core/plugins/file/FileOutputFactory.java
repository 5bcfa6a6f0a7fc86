package io.jagent.core.plugins.file;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Output;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginContext;
import io.jagent.spi.PluginFactory;
import java.time.Duration;
import java.util.List;

/** {@code [[outputs.file]]}: line protocol to stdout, stderr or files. */
public final class FileOutputFactory implements OutputFactory<FileOutputConfig> {
  @Override
  public String name() {
    return "file";
  }

  /** Shares its package with the output; the sample lives under {@code outputs/file/}. */
  @Override
  public String sampleConfig() {
    return PluginFactory.resourceText(getClass(), "/io/jagent/outputs/file/sample.conf");
  }

  @Override
  public String description() {
    return "Send metrics to file(s)";
  }

  @Override
  public FileOutputConfig parse(ConfigTable t) {
    List<String> files = t.getStringList("files", FileOutputConfig.DEFAULT_FILES);
    if (files.isEmpty()) {
      files = FileOutputConfig.DEFAULT_FILES;
    }
    for (String f : files) {
      if (f.isEmpty()) {
        t.error("files", "empty file name");
      }
    }
    DataFormats.requireInflux(t);
    boolean batch = t.getBoolean("use_batch_format", false);
    if (!t.getDuration("rotation_interval", Duration.ZERO).isZero()) {
      t.warn("rotation_interval", "file rotation is not supported; ignored");
    }
    if (t.getSize("rotation_max_size", 0) != 0) {
      t.warn("rotation_max_size", "file rotation is not supported; ignored");
    }
    if (t.getInt("rotation_max_archives", 5) != 5) {
      t.warn("rotation_max_archives", "file rotation is not supported; ignored");
    }
    long max = t.getSize("influx_max_line_bytes", 0);
    if (max < 0 || max > Integer.MAX_VALUE) {
      t.error("influx_max_line_bytes", "must be between 0 and " + Integer.MAX_VALUE);
      max = 0;
    }
    return new FileOutputConfig(
        List.copyOf(files),
        batch,
        t.getBoolean("influx_sort_fields", false),
        t.getBoolean("influx_uint_support", false),
        t.getBoolean("influx_omit_timestamp", false),
        (int) max);
  }

  @Override
  public Output create(FileOutputConfig config, PluginContext ctx) {
    return new FileOutput(config, ctx, System.out, System.err);
  }
}
