package io.jagent.outputs.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A stream written through a stand-in for the core's output buffer (drop-oldest ring, batches taken
 * as transactions: success removes, {@link BatchRejectedException} drops and counts, any other
 * IOException keeps) while the real server is stopped and restarted mid-stream. Shows the output's
 * side of "sent = stored + counted drops"; the integrator repeats it with the real buffer.
 */
@Tag("integration")
class InfluxdbOutageIT {
  private static final int PER_TICK = 100;
  private static final int TICKS = 30;
  private static final int BATCH = 500;

  @ParameterizedTest(name = "buffer {0}")
  @CsvSource({"10000, false", "1000, true"})
  void sentEqualsStoredPlusCountedDrops(int bufferLimit, boolean expectDrops) throws Exception {
    String servers = InfluxServer.env("AGENT_IT_SERVERS");
    InfluxServer influx = new InfluxServer(InfluxServer.requiredUrl(), null, null);
    String db = "it_influx_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    InfluxdbOutputFactory f = new InfluxdbOutputFactory();
    ArrayDeque<Metric> buffer = new ArrayDeque<>();
    long sent = 0;
    long dropped = 0;
    long rejected = 0;
    try (TestPluginContext ctx = new TestPluginContext("outputs.influxdb");
        Output o =
            f.create(
                PluginConfigs.parse(
                    f,
                    "urls = [\""
                        + influx.url()
                        + "\"]\ndatabase = \""
                        + db
                        + "\"\ntimeout = \"2s\""),
                ctx)) {
      o.connect();
      boolean down = false;
      try {
        for (int tick = 0; tick < TICKS; tick++) {
          if (tick == 5) {
            run(servers, "stop", "influxdb");
            down = true;
          }
          if (tick == 20) {
            run(servers, "start", "influxdb");
            down = false;
          }
          for (int i = 0; i < PER_TICK; i++) {
            buffer.addLast(
                Metric.builder("outage")
                    .tag("run", db)
                    .field("seq", sent)
                    .time(1_700_000_000_000_000_000L + sent)
                    .build());
            sent++;
            if (buffer.size() > bufferLimit) {
              buffer.removeFirst();
              dropped++;
            }
          }
          rejected += flushOnce(o, buffer);
        }
      } finally {
        if (down) {
          run(servers, "start", "influxdb");
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!buffer.isEmpty() && System.nanoTime() < deadline) {
        long before = buffer.size();
        rejected += flushOnce(o, buffer);
        if (buffer.size() == before) {
          Thread.sleep(200); // the restarted server is not ready yet; bounded by the deadline
        }
      }
      assertTrue(buffer.isEmpty(), "buffer drained");
      JsonNode s = influx.series(db, "SELECT count(seq) FROM outage");
      long stored = s.path("values").get(0).get(1).asLong();
      assertEquals(sent, stored + dropped + rejected, "sent = stored + counted drops");
      assertEquals(0, rejected);
      assertEquals(expectDrops, dropped > 0, "dropped " + dropped);
    } finally {
      if (influx.ping()) {
        influx.query(null, "DROP DATABASE \"" + db + "\"");
      }
    }
  }

  /** One flush: takes one batch; returns the number of metrics rejected. */
  private static long flushOnce(Output o, ArrayDeque<Metric> buffer) throws Exception {
    if (buffer.isEmpty()) {
      return 0;
    }
    List<Metric> batch = new ArrayList<>(BATCH);
    var it = buffer.iterator();
    while (it.hasNext() && batch.size() < BATCH) {
      batch.add(it.next());
    }
    try {
      o.write(batch);
    } catch (BatchRejectedException e) {
      removeFirst(buffer, batch.size());
      return batch.size();
    } catch (IOException e) {
      return 0; // kept for the next flush
    }
    removeFirst(buffer, batch.size());
    return 0;
  }

  private static void removeFirst(ArrayDeque<Metric> buffer, int n) {
    for (int i = 0; i < n; i++) {
      buffer.removeFirst();
    }
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
