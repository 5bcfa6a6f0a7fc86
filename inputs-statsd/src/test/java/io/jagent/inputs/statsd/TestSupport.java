package io.jagent.inputs.statsd;

import io.jagent.spi.Metric;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

final class TestSupport {
  private TestSupport() {}

  static StatsdConfig config(String body) {
    return PluginConfigs.parse(new StatsdInputFactory(), body);
  }

  /** The sender of the datagrams tests offer straight to an engine. */
  static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

  /** Offers {@code lines} to {@code engine} as one UDP datagram from {@link #PEER}. */
  static void offer(StatsdEngine engine, String lines) {
    byte[] b = lines.getBytes(StandardCharsets.UTF_8);
    engine.offer(b, 0, b.length, PEER, true);
  }

  static long stat(TestPluginContext ctx, StatsdConfig cfg, String field) {
    return ctx.stat("statsd", field, Map.of("address", cfg.serviceAddress()));
  }

  static List<String> gatherLines(StatsdEngine engine) {
    TestAccumulator acc = new TestAccumulator();
    engine.gather(acc);
    return LineFormat.lines(acc.metrics());
  }

  static Metric only(List<Metric> metrics, String name, String metricType) {
    List<Metric> m =
        metrics.stream()
            .filter(x -> x.name().equals(name) && metricType.equals(x.tag("metric_type")))
            .toList();
    if (m.size() != 1) {
      throw new AssertionError("expected one " + name + "/" + metricType + " in " + metrics);
    }
    return m.get(0);
  }
}
