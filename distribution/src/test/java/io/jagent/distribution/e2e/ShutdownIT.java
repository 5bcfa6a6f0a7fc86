package io.jagent.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.distribution.AgentProcess;
import io.jagent.spi.Metric;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 point 4: SIGTERM while statsd traffic flows. The last (partial) interval's aggregates
 * reach the healthy output; the agent exits 0 within its stop deadline (25 s) although one output
 * refuses connections and another one hangs (accepts, never answers, 60 s timeout); the unsent
 * counts are logged.
 */
class ShutdownIT {
  static final Pattern UNSENT =
      Pattern.compile("(\\d+) metrics of (\\S+) could not be sent before shutdown and are lost");

  @TempDir Path dir;

  @Test
  void sigtermDuringTrafficFlushesTheLastIntervalAndExitsZeroWithinTheDeadline() throws Exception {
    int port = AgentProcess.freeUdpPort();
    int refused = AgentProcess.freeTcpPort();
    Path out = dir.resolve("out.lp");
    try (BlackHole hole = new BlackHole()) {
      Path conf =
          E2e.write(
              dir,
              "term.conf",
              """
              [agent]
                interval = "10s"
                flush_interval = "10s"
                omit_hostname = true
              [[inputs.statsd]]
                service_address = "127.0.0.1:%d"
              [[inputs.internal]]
                collect_memstats = false
              [[outputs.file]]
                files = ["%s"]
              [[outputs.influxdb]]
                urls = ["http://127.0.0.1:%d"]
                database = "e2e_down"
                timeout = "2s"
              [[outputs.wavefront]]
                url = "http://127.0.0.1:%d"
                timeout = "60s"
              """
                  .formatted(port, out, refused, hole.port()));
      try (AgentProcess a = AgentProcess.start(dir, Map.of(), "--config", conf.toString())) {
        E2e.awaitListening(a, "UDP listening on");
        AtomicBoolean run = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Thread sender =
            new Thread(
                () -> {
                  try (E2e.UdpSender s = new E2e.UdpSender(port)) {
                    long t0 = System.nanoTime();
                    for (int i = 0; run.get() && i < 40_000; i++) {
                      E2e.sleepUntil(t0, i * 500_000L); // 2000 datagrams/s
                      s.send("shutdown.hits:1|c");
                      sent.incrementAndGet();
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                "term-sender");
        sender.setDaemon(true);
        sender.start();
        Thread.sleep(2500);
        long termAt = System.nanoTime();
        a.signal("TERM");
        int rc = a.waitFor(Duration.ofSeconds(60));
        long tookMs = (System.nanoTime() - termAt) / 1_000_000;
        run.set(false);
        sender.join(5000);
        String err = a.stderr();
        assertEquals(0, rc, err);
        assertTrue(tookMs < 25_000 + 5_000, "exit took " + tookMs + " ms\n" + err);

        List<Metric> ms = E2e.metrics(out);
        long counted =
            ms.stream()
                .filter(m -> m.name().equals("shutdown_hits"))
                .mapToLong(m -> E2e.longField(m, "value"))
                .sum();
        Metric statsd = E2e.last(out, m -> m.name().equals("internal_statsd"));
        assertNotNull(statsd, "no internal_statsd in the output");
        long received = E2e.longField(statsd, "udp_packets_received");
        long parseErrors = E2e.longField(statsd, "parse_errors");
        System.out.printf(
            "[e2e shutdown] sent %d datagrams, listener received %d, output counted %d, exit %d"
                + " in %d ms%n",
            sent.get(), received, counted, rc, tookMs);
        assertEquals(0, parseErrors);
        assertTrue(received > 3000, "received " + received);
        assertEquals(received, counted, "the last interval's counter must equal what was received");

        Matcher m = UNSENT.matcher(err);
        Map<String, Long> unsent = new java.util.TreeMap<>();
        while (m.find()) {
          unsent.put(m.group(2), Long.parseLong(m.group(1)));
        }
        System.out.println("[e2e shutdown] unsent at stop: " + unsent);
        assertTrue(
            unsent.keySet().stream().anyMatch(k -> k.contains("influxdb")),
            "unsent logged:\n" + err);
        assertTrue(
            unsent.keySet().stream().anyMatch(k -> k.contains("wavefront")),
            "unsent logged:\n" + err);
        long produced = ms.size();
        for (Map.Entry<String, Long> e : unsent.entrySet()) {
          assertEquals(produced, e.getValue(), e.getKey() + ": unsent != metrics produced");
        }
        assertFalse(err.contains("\tat "), "stack trace in the log:\n" + err);
      }
    }
  }
}
