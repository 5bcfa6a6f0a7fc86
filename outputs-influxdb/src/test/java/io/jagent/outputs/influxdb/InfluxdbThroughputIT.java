package io.jagent.outputs.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.spi.lineprotocol.LineBuffer;
import io.jagent.spi.lineprotocol.LineProtocolSerializer;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issue's closing note: points/s the agent writes into the real InfluxDB at batch 1000 and
 * 5000, against the same payload posted by curl over one kept-alive connection (the server's own
 * ceiling). Manual: {@code -Dinflux.throughput=true} (a load test does not belong in every CI run
 * on a shared machine). Logs one line per batch size with both rates and their ratio.
 */
@Tag("integration")
@EnabledIfSystemProperty(named = "influx.throughput", matches = "true")
class InfluxdbThroughputIT {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxdbThroughputIT.class);
  private static final int POINTS = 200_000;

  private static List<Metric> points(long base) {
    List<Metric> out = new ArrayList<>(POINTS);
    for (int i = 0; i < POINTS; i++) {
      out.add(
          Metric.builder("cpu")
              .tag("host", "node-" + (i % 100))
              .tag("cpu", "cpu" + (i % 8))
              .field("usage_user", (i % 1000) / 7.0)
              .field("usage_system", (i % 333) / 3.0)
              .field("count", (long) i)
              .time(base + i)
              .build());
    }
    return out;
  }

  @ParameterizedTest(name = "batch {0}")
  @ValueSource(ints = {1000, 5000})
  void agentVersusCurl(int batch) throws Exception {
    InfluxServer influx = new InfluxServer(InfluxServer.requiredUrl(), null, null);
    String db = "it_influx_tp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Path tmp = Files.createTempDirectory("influx-tp");
    try (TestPluginContext ctx = new TestPluginContext("outputs.influxdb")) {
      InfluxdbOutputFactory f = new InfluxdbOutputFactory();
      List<Metric> agentPoints = points(1_700_000_000_000_000_000L);
      double agentRate;
      try (Output o =
          f.create(
              PluginConfigs.parse(
                  f,
                  "urls = [\""
                      + influx.url()
                      + "\"]\ndatabase = \""
                      + db
                      + "\"\ncontent_encoding = \"identity\""),
              ctx)) {
        o.connect();
        long t0 = System.nanoTime();
        for (int i = 0; i < POINTS; i += batch) {
          o.write(agentPoints.subList(i, Math.min(POINTS, i + batch)));
        }
        agentRate = POINTS / ((System.nanoTime() - t0) / 1e9);
      }
      // the same payload, pre-serialized, posted by one curl process over one connection
      List<Metric> curlPoints = points(1_800_000_000_000_000_000L);
      LineProtocolSerializer s = LineProtocolSerializer.defaults();
      List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null"));
      for (int i = 0, n = 0; i < POINTS; i += batch, n++) {
        LineBuffer b = new LineBuffer();
        for (Metric m : curlPoints.subList(i, Math.min(POINTS, i + batch))) {
          s.append(m, b);
        }
        Path file = tmp.resolve("b" + n);
        Files.write(file, b.toByteArray());
        if (n > 0) {
          cmd.add("--next");
          cmd.addAll(List.of("-sS", "-o", "/dev/null"));
        }
        cmd.addAll(List.of("--data-binary", "@" + file, influx.url() + "/write?db=" + db));
      }
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new AssertionError("curl failed");
      }
      double curlRate = POINTS / ((System.nanoTime() - t0) / 1e9);
      LOG.info(
          "batch {}: agent {} points/s, curl {} points/s, ratio {}",
          batch,
          Math.round(agentRate),
          Math.round(curlRate),
          String.format("%.2f", agentRate / curlRate));
      long stored =
          influx.series(db, "SELECT count(count) FROM cpu").path("values").get(0).get(1).asLong();
      assertEquals(2L * POINTS, stored);
    } finally {
      influx.query(null, "DROP DATABASE \"" + db + "\"");
      try (var files = Files.list(tmp)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(tmp);
    }
  }
}
