package io.jagent.inputs.prometheus;

import io.jagent.spi.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Internal: the streaming parser's entry point for the JMH benchmarks in {@code benchmarks/}. Not
 * an API; configure the plugin through {@code [[inputs.prometheus]]}.
 */
public final class PrometheusParseHook {
  private PrometheusParseHook() {}

  /**
   * Parses a classic text (or, with {@code openMetrics}, OpenMetrics) body as the plugin does and
   * hands every metric to {@code out}.
   *
   * @throws IOException for a read or parse error (the message names the line)
   */
  public static void parse(
      InputStream in, boolean openMetrics, int metricVersion, long nowNanos, Consumer<Metric> out)
      throws IOException {
    try {
      Exposition.parse(
          in,
          openMetrics ? Exposition.Format.OPENMETRICS : Exposition.Format.TEXT,
          metricVersion,
          false,
          nowNanos,
          new String[] {"url", "http://127.0.0.1:9100/metrics"},
          LineReader.DEFAULT_BUFFER,
          out);
    } catch (ExpositionException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
