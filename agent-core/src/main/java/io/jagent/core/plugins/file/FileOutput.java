package io.jagent.core.plugins.file;

import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.spi.PluginContext;
import io.jagent.spi.lineprotocol.LineBuffer;
import io.jagent.spi.lineprotocol.LineProtocolSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code outputs.file}: each batch is serialized once into a reused buffer and appended to every
 * file; {@code stdout} and {@code stderr} name the process streams (never closed).
 */
final class FileOutput implements Output {
  private final FileOutputConfig config;
  private final PluginContext ctx;
  private final OutputStream stdout;
  private final OutputStream stderr;
  private final LineProtocolSerializer serializer;
  private final LineBuffer buf = new LineBuffer(64 * 1024);
  private final List<OutputStream> outs = new ArrayList<>();
  private final List<OutputStream> owned = new ArrayList<>();

  FileOutput(FileOutputConfig config, PluginContext ctx, OutputStream stdout, OutputStream stderr) {
    this.config = config;
    this.ctx = ctx;
    this.stdout = stdout;
    this.stderr = stderr;
    this.serializer =
        new LineProtocolSerializer(
            config.influxSortFields(),
            config.influxUintSupport(),
            config.influxOmitTimestamp(),
            config.influxMaxLineBytes());
  }

  @Override
  public void connect() throws IOException {
    for (String f : config.files()) {
      switch (f) {
        case "stdout" -> outs.add(stdout);
        case "stderr" -> outs.add(stderr);
        default -> {
          OutputStream o =
              Files.newOutputStream(
                  Path.of(f),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND);
          outs.add(o);
          owned.add(o);
        }
      }
    }
  }

  @Override
  public void write(List<Metric> batch) throws IOException {
    buf.reset();
    for (Metric m : batch) {
      if (!serializer.append(m, buf)) {
        if (ctx.log().isDebugEnabled()) {
          ctx.log()
              .debug("could not serialize metric \"{}\": {}", m.name(), serializer.skipReason(m));
        }
      }
    }
    if (buf.size() == 0) {
      return;
    }
    IOException first = null;
    for (int i = 0; i < outs.size(); i++) {
      try {
        OutputStream o = outs.get(i);
        buf.writeTo(o);
        o.flush();
      } catch (IOException e) {
        if (first == null) {
          first =
              new IOException(
                  "failed to write to " + config.files().get(i) + ": " + e.getMessage(), e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (OutputStream o : owned) {
      try {
        o.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    owned.clear();
    outs.clear();
    if (first != null) {
      throw first;
    }
  }
}
