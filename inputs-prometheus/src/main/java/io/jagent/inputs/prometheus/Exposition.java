package io.jagent.inputs.prometheus;

import io.jagent.spi.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.Consumer;

/** Chooses the parser for a Content-Type and runs it over a body (reference §2.3). */
final class Exposition {
  private Exposition() {}

  enum Format {
    TEXT,
    OPENMETRICS,
    /** Delimited MetricFamily protobuf. */
    PROTOBUF,
    /** OpenMetrics protobuf: not supported yet. */
    OPENMETRICS_PROTOBUF
  }

  /** The format for a response's Content-Type (after content_type_override). */
  static Format formatOf(String contentType, String override) {
    if (!override.isEmpty()) {
      return switch (override) {
        case "openmetrics-text" -> Format.OPENMETRICS;
        case "text", "protobuf-text", "protobuf-compact" -> Format.TEXT;
        case "protobuf-delimiter" -> Format.PROTOBUF;
        default -> Format.OPENMETRICS_PROTOBUF;
      };
    }
    if (contentType == null) {
      return Format.TEXT;
    }
    String ct = contentType.toLowerCase(Locale.ROOT);
    int semi = ct.indexOf(';');
    String media = (semi < 0 ? ct : ct.substring(0, semi)).trim();
    if (media.equals("application/openmetrics-text")) {
      return Format.OPENMETRICS;
    }
    if (media.equals("application/openmetrics-protobuf")) {
      return Format.OPENMETRICS_PROTOBUF;
    }
    if (media.equals("application/vnd.google.protobuf")
        && ct.contains("encoding=delimited")
        && ct.contains("io.prometheus.client.metricfamily")) {
      return Format.PROTOBUF;
    }
    return Format.TEXT;
  }

  /**
   * Parses {@code in} completely and then hands the metrics to {@code out}: when it throws, {@code
   * out} got nothing.
   */
  static void parse(
      InputStream in,
      Format format,
      int metricVersion,
      boolean ignoreTimestamp,
      long nowNanos,
      String[] extraTags,
      int bufferSize,
      Consumer<Metric> out)
      throws IOException, ExpositionException {
    if (format == Format.OPENMETRICS_PROTOBUF) {
      throw new ExpositionException(0, "OpenMetrics protobuf is not supported yet");
    }
    boolean om = format == Format.OPENMETRICS;
    MetricMapper mapper =
        new MetricMapper(metricVersion, om, ignoreTimestamp, nowNanos, extraTags, out);
    if (format == Format.PROTOBUF) {
      new ProtobufParser(mapper, bufferSize, in).parseAll();
      return;
    }
    ExpositionParser p =
        om ? new OpenMetricsParser(mapper, bufferSize) : new TextFormatParser(mapper, bufferSize);
    p.parse(in);
  }
}
