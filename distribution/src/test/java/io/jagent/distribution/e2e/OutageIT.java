package io.jagent.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jagent.distribution.AgentProcess;
import io.jagent.spi.Metric;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wavefront.report.ReportPoint;

/**
 * Issue 9 point 3: backends down for 30 s while 2000 metrics/s flow (statsd gauges, 2000 series, 1
 * s interval). One agent, eight outputs: a file with everything (the ground truth), a file with
 * internal_write (the agent's own counts), and for each backend (InfluxDB, Wavefront over TCP,
 * Wavefront over HTTP) one output with a buffer large enough for the outage and one too small.
 * InfluxDB is stopped for real ({@code $AGENT_IT_SERVERS stop influxdb}); the TCP proxy is killed;
 * the HTTP proxy answers 503. Then: large buffers lost nothing and kept each series in order; small
 * buffers lost exactly what internal_write counts as metrics_dropped.
 */
class OutageIT {
  static final int SERIES = 2000;
  static final int OUTAGE_SECONDS = Integer.getInteger("e2e.outageSeconds", 30);
  static final int BIG = 200_000;
  static final int SMALL = 10_000;
  static final List<String> ALIASES =
      List.of("influx_big", "influx_small", "tcp_big", "tcp_small", "http_big", "http_small");

  @TempDir Path dir;

  @Test
  void thirtySecondOutageLosesNothingWithABigBufferAndCountsEveryDropWithASmallOne()
      throws Exception {
    String influxUrl = E2e.requireEnv("AGENT_IT_INFLUXDB_URL");
    E2e.requireEnv("AGENT_IT_SERVERS");
    Influx influx = new Influx(influxUrl);
    String dbBig = "e2e_outage_big";
    String dbSmall = "e2e_outage_small";
    for (String db : List.of(dbBig, dbSmall)) {
      influx.command("DROP DATABASE " + db);
      influx.command("CREATE DATABASE " + db);
    }
    int port = AgentProcess.freeUdpPort();
    Path all = dir.resolve("all.lp");
    Path internal = dir.resolve("internal.lp");
    try (WavefrontTcpSink tcpBig = new WavefrontTcpSink("127.0.0.1", 0);
        WavefrontTcpSink tcpSmall = new WavefrontTcpSink("127.0.0.1", 0);
        WavefrontHttpSink httpBig = new WavefrontHttpSink();
        WavefrontHttpSink httpSmall = new WavefrontHttpSink()) {
      String conf =
          """
          [agent]
            interval = "1s"
            flush_interval = "1s"
            round_interval = true
            collection_jitter = "0s"
            flush_jitter = "0s"
            metric_batch_size = 1000
            metric_buffer_limit = %2$d
            omit_hostname = true
            # ms, not the automatic 1 s: under CPU starvation a gather that starts >= 0.5 s late
            # rounds onto the next second and collides with the next gather's points (Telegraf
            # rounds the same way); this test keys points by series and time, so it needs them
            # unique. Wavefront still gets distinct seconds unless a gather is a whole interval late.
            precision = "1ms"
          [[inputs.statsd]]
            service_address = "127.0.0.1:%1$d"
            parse_data_dog_tags = true
            delete_gauges = true
            allowed_pending_messages = 100000
          [[inputs.internal]]
            collect_memstats = false
          [[outputs.file]]
            files = ["%4$s"]
            namepass = ["load"]
          [[outputs.file]]
            files = ["%5$s"]
            namepass = ["internal_write"]
          [[outputs.influxdb]]
            alias = "influx_big"
            urls = ["%6$s"]
            database = "%7$s"
            timeout = "5s"
            namepass = ["load"]
          [[outputs.influxdb]]
            alias = "influx_small"
            urls = ["%6$s"]
            database = "%8$s"
            timeout = "5s"
            metric_buffer_limit = %3$d
            namepass = ["load"]
          [[outputs.wavefront]]
            alias = "tcp_big"
            host = "127.0.0.1"
            port = %9$d
            timeout = "5s"
            namepass = ["load"]
          [[outputs.wavefront]]
            alias = "tcp_small"
            host = "127.0.0.1"
            port = %10$d
            timeout = "5s"
            metric_buffer_limit = %3$d
            namepass = ["load"]
          [[outputs.wavefront]]
            alias = "http_big"
            url = "%11$s"
            timeout = "5s"
            namepass = ["load"]
          [[outputs.wavefront]]
            alias = "http_small"
            url = "%12$s"
            timeout = "5s"
            metric_buffer_limit = %3$d
            namepass = ["load"]
          """
              .formatted(
                  port,
                  BIG,
                  SMALL,
                  all,
                  internal,
                  influxUrl,
                  dbBig,
                  dbSmall,
                  tcpBig.port(),
                  tcpSmall.port(),
                  httpBig.url(),
                  httpSmall.url());
      Path confFile = E2e.write(dir, "outage.conf", conf);
      long outageStart;
      long outageEnd;
      long sent;
      boolean influxRestarted = false;
      try (AgentProcess agent =
          AgentProcess.start(dir, Map.of(), "--config", confFile.toString())) {
        E2e.awaitListening(agent, "UDP listening on");
        GaugeLoad load = new GaugeLoad(port, SERIES, 120).start();
        try {
          Thread.sleep(5000);
          outageStart = System.currentTimeMillis();
          E2e.servers("stop", "influxdb");
          tcpBig.kill();
          tcpSmall.kill();
          httpBig.unavailable(true);
          httpSmall.unavailable(true);
          Thread.sleep(
              Math.max(0, outageStart + OUTAGE_SECONDS * 1000L - System.currentTimeMillis()));
          E2e.servers("start", "influxdb");
          influxRestarted = true;
          tcpBig.restart();
          tcpSmall.restart();
          httpBig.unavailable(false);
          httpSmall.unavailable(false);
          outageEnd = System.currentTimeMillis();
          Thread.sleep(5000);
        } finally {
          load.stop();
          if (!influxRestarted) {
            E2e.servers("start", "influxdb");
          }
        }
        assertEquals(null, load.failure);
        sent = load.lines.get();
        // drained: every output's buffer empty in an internal_write line written after the load
        long loadStopped = System.currentTimeMillis();
        boolean drained =
            E2e.await(
                () -> {
                  Map<String, Metric> w = latestWrite(internal);
                  if (!w.keySet().containsAll(ALIASES)) {
                    return false;
                  }
                  for (Metric m : w.values()) {
                    if (m.timeNanos() / 1_000_000 < loadStopped + 1500
                        || E2e.longField(m, "buffer_size") != 0) {
                      return false;
                    }
                  }
                  return true;
                },
                Duration.ofSeconds(120));
        assertTrue(drained, "buffers not drained within 120 s: " + latestWrite(internal));
        agent.signal("TERM");
        assertEquals(0, agent.waitFor(Duration.ofSeconds(40)), agent.stderr());
      }

      // ---- the ground truth: what the agent produced (file output), point keys k@time
      List<Metric> truth = E2e.metrics(all);
      Map<String, Double> truthNs = new LinkedHashMap<>();
      Map<String, Double> truthSec = new LinkedHashMap<>();
      for (Metric m : truth) {
        double v = ((Number) m.field("value")).doubleValue();
        truthNs.put(m.tag("k") + "@" + m.timeNanos(), v);
        truthSec.put(m.tag("k") + "@" + Math.floorDiv(m.timeNanos(), 1_000_000_000L), v);
      }
      assertEquals(truth.size(), truthNs.size(), "duplicate points in the file output");
      assertEquals(truth.size(), truthSec.size(), "two points of a series in one second");
      Map<String, Metric> writes = latestWrite(internal);
      Map<String, Long> recovery = recoveryMillis(internal, outageEnd);
      StringBuilder report = new StringBuilder();
      report.append(
          "statsd lines sent %d, points produced %d, outage %d s, recovery measured from %s%n"
              .formatted(sent, truth.size(), (outageEnd - outageStart) / 1000, E2e.now()));

      // ---- InfluxDB
      Map<String, Double> big = influxPoints(influx, dbBig);
      Map<String, Double> small = influxPoints(influx, dbSmall);
      check(report, "influx_big", truthNs, big, writes, true);
      check(report, "influx_small", truthNs, small, writes, false);
      assertSeriesInOrder(influx, dbBig);

      // ---- Wavefront TCP and HTTP: every line through Wavefront's parser
      check(report, "tcp_big", truthSec, wavefrontPoints(tcpBig.lines(), true), writes, true);
      check(report, "tcp_small", truthSec, wavefrontPoints(tcpSmall.lines(), false), writes, false);
      check(report, "http_big", truthSec, wavefrontPoints(httpBig.lines(), true), writes, true);
      check(
          report, "http_small", truthSec, wavefrontPoints(httpSmall.lines(), false), writes, false);
      report
          .append("  backlog written (buffer back to one interval) after the outage ended, ms: ")
          .append(recovery)
          .append('\n');
      System.out.println("[e2e outage]\n" + report);
    } finally {
      for (String db : List.of(dbBig, dbSmall)) {
        try {
          influx.command("DROP DATABASE " + db);
        } catch (Exception e) {
          // best effort
        }
      }
    }
  }

  /**
   * Per output alias, the time from the end of the outage to the first internal_write sample whose
   * buffer holds no more than one interval's metrics (the backlog is written).
   */
  static Map<String, Long> recoveryMillis(Path internal, long outageEndMillis) throws Exception {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (Metric m : E2e.metrics(internal)) {
      String alias = m.tag("alias");
      long t = m.timeNanos() / 1_000_000;
      if (m.name().equals("internal_write")
          && alias != null
          && t > outageEndMillis
          && !out.containsKey(alias)
          && E2e.longField(m, "buffer_size") <= SERIES) {
        out.put(alias, t - outageEndMillis);
      }
    }
    return out;
  }

  /** The newest internal_write metric per output alias. */
  static Map<String, Metric> latestWrite(Path internal) throws Exception {
    Map<String, Metric> out = new HashMap<>();
    for (Metric m : E2e.metrics(internal)) {
      if (m.name().equals("internal_write")) {
        String key = m.tag("alias") != null ? m.tag("alias") : m.tag("output") + "-" + m.tags();
        out.put(key, m);
      }
    }
    return out;
  }

  private static void check(
      StringBuilder report,
      String alias,
      Map<String, Double> truth,
      Map<String, Double> stored,
      Map<String, Metric> writes,
      boolean complete) {
    Metric w = writes.get(alias);
    assertNotNull(w, "no internal_write for " + alias + ": " + writes.keySet());
    long dropped = E2e.longField(w, "metrics_dropped");
    long written = E2e.longField(w, "metrics_written");
    long added = E2e.longField(w, "metrics_added");
    Set<String> missing = new LinkedHashSet<>(truth.keySet());
    missing.removeAll(stored.keySet());
    Set<String> extra = new LinkedHashSet<>(stored.keySet());
    extra.removeAll(truth.keySet());
    int wrongValue = 0;
    for (Map.Entry<String, Double> e : stored.entrySet()) {
      Double t = truth.get(e.getKey());
      if (t != null && !t.equals(e.getValue())) {
        wrongValue++;
      }
    }
    report.append(
        "  %-12s produced %d, stored %d, missing %d, metrics_dropped %d, added %d, written %d%n"
            .formatted(
                alias, truth.size(), stored.size(), missing.size(), dropped, added, written));
    assertEquals(Set.of(), extra, alias + ": points that were never produced");
    assertEquals(0, wrongValue, alias + ": points with another value than produced");
    assertEquals(truth.size(), added, alias + ": metrics_added");
    if (complete) {
      assertEquals(0, dropped, alias + " dropped metrics with a buffer large enough\n" + report);
      assertEquals(
          List.of(),
          missing.stream().limit(10).toList(),
          alias + " lost points with a buffer large enough\n" + report);
    } else {
      assertTrue(dropped > 0, alias + ": the small buffer should have overflowed\n" + report);
      assertEquals(
          dropped, missing.size(), alias + ": points missing != metrics_dropped\n" + report);
    }
  }

  private static Map<String, Double> influxPoints(Influx influx, String db) throws Exception {
    Map<String, Double> out = new HashMap<>();
    for (Influx.Series s : influx.select(db, "SELECT value FROM load GROUP BY k")) {
      String k = s.tags().path("k").asText();
      for (JsonNode row : s.rows()) {
        if (out.put(k + "@" + row.get(0).asLong(), row.get(1).asDouble()) != null) {
          throw new AssertionError("duplicate point " + k + "@" + row.get(0));
        }
      }
    }
    return out;
  }

  /** Within each series, values grow with time (each gauge only ever got larger values). */
  private static void assertSeriesInOrder(Influx influx, String db) throws Exception {
    for (Influx.Series s : influx.select(db, "SELECT value FROM load GROUP BY k")) {
      double prev = Double.NEGATIVE_INFINITY;
      for (JsonNode row : s.rows()) {
        double v = row.get(1).asDouble();
        assertTrue(v > prev, "series " + s.tags() + " out of order at " + row);
        prev = v;
      }
    }
  }

  /**
   * The points of the received lines, keyed k@seconds; repeats of a point (a batch partly delivered
   * before a failure is sent again) are kept once. With {@code inOrder}, each series' first
   * arrivals must come in time order.
   */
  static Map<String, Double> wavefrontPoints(List<String> lines, boolean inOrder) {
    Map<String, Double> out = new HashMap<>();
    Map<String, Long> lastSeen = new HashMap<>();
    List<String> outOfOrder = new ArrayList<>();
    for (String l : lines) {
      ReportPoint p = WavefrontLines.parse(l);
      String k = p.getAnnotations().get("k");
      long sec = p.getTimestamp() / 1000;
      if (out.putIfAbsent(k + "@" + sec, WavefrontLines.value(p)) == null) {
        Long prev = lastSeen.put(k, sec);
        if (prev != null && prev > sec) {
          outOfOrder.add(k + ": " + prev + " then " + sec);
        }
      }
    }
    if (inOrder) {
      assertEquals(List.of(), outOfOrder.stream().limit(10).toList(), "arrival order per series");
    }
    return out;
  }
}
