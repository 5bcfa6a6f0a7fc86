package io.jagent.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.distribution.AgentProcess;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wavefront.report.ReportPoint;

/**
 * Issue 9 point 1: the statsd → Wavefront sidecar with the seed config unchanged. An app
 * (Micrometer's statsd registry, etsy flavor) sends counters and timers to UDP 127.0.0.1:8125; the
 * agent forwards to a fake proxy on TCP 127.0.0.1:2878; every line passes Wavefront's parser and
 * the totals match.
 */
class StatsdWavefrontSidecarIT {
  // Micrometer's etsy flavor: camelCase names, tags as name segments (a counter's statistic too);
  // the agent turns "." into "_" (metric_separator) and the output turns "_" back (convert_paths)
  static final String GET = "appRequests.method.GET.statistic.count";
  static final String POST = "appRequests.method.POST.statistic.count";

  static final Path FIXTURE =
      AgentProcess.REPO.resolve(
          "agent-core/src/test/resources/seed-configs/sidecar-statsd-wavefront.conf");
  static final Path SHARED_FIXTURE =
      Path.of("/work/shared/fixtures/seed-configs/sidecar-statsd-wavefront.conf");

  @TempDir Path dir;

  @Test
  void appCountersAndTimersReachTheProxyAsValidWavefrontLinesWithExactTotals() throws Exception {
    if (Files.exists(SHARED_FIXTURE)) {
      assertEquals(Files.readString(SHARED_FIXTURE), Files.readString(FIXTURE), "fixture drifted");
    }
    E2e.require(
        E2e.udpPortFree(8125) && E2e.tcpPortFree(2878),
        "the fixture hard-codes UDP :8125 and TCP 2878, and one of them is taken here");
    Map<String, String> env =
        Map.of(
            "POD_NAME", "checkout-7d9f-x2",
            "NODE_HOSTNAME", "node-e2e-1",
            "INTERVAL", "1s",
            "WAVEFRONT_PROXY", "127.0.0.1");
    try (WavefrontTcpSink sink = new WavefrontTcpSink("127.0.0.1", 2878);
        AgentProcess agent = AgentProcess.start(dir, env, "--config", FIXTURE.toString())) {
      E2e.awaitListening(agent, "UDP listening on");

      StatsdMeterRegistry registry =
          new StatsdMeterRegistry(etsy(), io.micrometer.core.instrument.Clock.SYSTEM);
      Counter get = registry.counter("app.requests", "method", "GET");
      Counter post = registry.counter("app.requests", "method", "POST");
      Timer home = registry.timer("app.latency", "uri", "home");
      Timer cart = registry.timer("app.latency", "uri", "cart");
      Thread.sleep(1000); // the registry's UDP client connects asynchronously
      Random rnd = new Random(9);
      long getN = 0;
      long postN = 0;
      Map<String, List<Long>> recorded = new HashMap<>();
      recorded.put("home", new ArrayList<>());
      recorded.put("cart", new ArrayList<>());
      // ~3 s of app traffic, paced (about 800 lines/s)
      for (int i = 0; i < 2400; i++) {
        switch (i % 4) {
          case 0 -> {
            get.increment();
            getN++;
          }
          case 1 -> {
            post.increment(2);
            postN += 2;
          }
          case 2 -> {
            long ms = 1 + rnd.nextInt(500);
            home.record(ms, TimeUnit.MILLISECONDS);
            recorded.get("home").add(ms);
          }
          default -> {
            long ms = 1 + rnd.nextInt(50);
            cart.record(ms, TimeUnit.MILLISECONDS);
            recorded.get("cart").add(ms);
          }
        }
        if (i % 8 == 7) {
          Thread.sleep(10);
        }
      }
      registry.close();

      long expectGet = getN;
      long expectPost = postN;
      int expectHome = recorded.get("home").size();
      int expectCart = recorded.get("cart").size();
      boolean complete =
          E2e.await(
              () -> {
                Totals t = totals(sink.lines());
                return t.sum(GET) == expectGet
                    && t.sum(POST) == expectPost
                    && t.sum("appLatency.uri.home.count") == expectHome
                    && t.sum("appLatency.uri.cart.count") == expectCart;
              },
              Duration.ofSeconds(30));
      Thread.sleep(2500); // two more intervals: nothing more may arrive
      List<String> lines = sink.lines();
      Totals t = totals(lines);
      String report =
          "sent GET=%d POST=%d home=%d cart=%d; received %s"
              .formatted(getN, postN, expectHome, expectCart, t.sums);
      System.out.println("[e2e sidecar-statsd-wavefront] " + report + ", lines=" + lines.size());
      assertTrue(complete, report + "\n" + agent.stderr());
      assertEquals(getN, t.sum(GET), report);
      assertEquals(postN, t.sum(POST), report);
      assertEquals(expectHome, t.sum("appLatency.uri.home.count"), report);
      assertEquals(expectCart, t.sum("appLatency.uri.cart.count"), report);
      for (String uri : List.of("home", "cart")) {
        List<Long> r = recorded.get(uri);
        long sum = r.stream().mapToLong(Long::longValue).sum();
        assertEquals(sum, t.sum("appLatency.uri." + uri + ".sum"), 1e-6 * sum, uri + " sum");
        long max = r.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals(max, t.max("appLatency.uri." + uri + ".upper"), 1e-9, uri + " upper");
        long min = r.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertEquals(min, t.min("appLatency.uri." + uri + ".lower"), 1e-9, uri + " lower");
        assertTrue(
            t.sums.containsKey("appLatency.uri." + uri + ".90.percentile"), t.sums.toString());
      }
      for (ReportPoint p : t.points) {
        assertEquals("node-e2e-1", p.getHost(), p.toString());
        assertEquals("checkout-7d9f-x2", p.getAnnotations().get("pod_name"), p.toString());
      }
      agent.signal("TERM");
      assertEquals(0, agent.waitFor(Duration.ofSeconds(30)), agent.stderr());
      assertFalse(agent.stderr().contains("\tat "), agent.stderr());
    }
  }

  private static StatsdConfig etsy() {
    return new StatsdConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public StatsdFlavor flavor() {
        return StatsdFlavor.ETSY;
      }

      @Override
      public String host() {
        return "127.0.0.1";
      }

      @Override
      public int port() {
        return 8125;
      }

      @Override
      public Duration pollingFrequency() {
        return Duration.ofSeconds(1);
      }
    };
  }

  /** Every received line through Wavefront's parser, summed per metric name. */
  static Totals totals(List<String> lines) {
    Totals t = new Totals();
    for (String l : lines) {
      ReportPoint p = WavefrontLines.parse(l);
      t.points.add(p);
      double v = WavefrontLines.value(p);
      t.sums.merge(p.getMetric(), v, Double::sum);
      t.maxs.merge(p.getMetric(), v, Math::max);
      t.mins.merge(p.getMetric(), v, Math::min);
    }
    return t;
  }

  static final class Totals {
    final List<ReportPoint> points = new ArrayList<>();
    final Map<String, Double> sums = new java.util.TreeMap<>();
    final Map<String, Double> maxs = new HashMap<>();
    final Map<String, Double> mins = new HashMap<>();

    double sum(String name) {
      return sums.getOrDefault(name, 0.0);
    }

    double max(String name) {
      return maxs.getOrDefault(name, Double.NaN);
    }

    double min(String name) {
      return mins.getOrDefault(name, Double.NaN);
    }
  }
}
