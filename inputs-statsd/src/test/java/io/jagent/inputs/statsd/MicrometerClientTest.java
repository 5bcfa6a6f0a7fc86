package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Micrometer's StatsdMeterRegistry (etsy, datadog, telegraf) against a real listener. */
class MicrometerClientTest {

  @ParameterizedTest
  @EnumSource(
      value = StatsdFlavor.class,
      names = {"ETSY", "DATADOG", "TELEGRAF"})
  void countersTimersGaugesAndTagsArrive(StatsdFlavor flavor) throws Exception {
    StatsdConfig cfg =
        TestSupport.config(
            "service_address = \"127.0.0.1:0\"\n"
                + (flavor == StatsdFlavor.DATADOG ? "datadog_extensions = true\n" : ""));
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd")) {
      StatsdInput in = new StatsdInput(cfg, ctx);
      TestAccumulator live = new TestAccumulator();
      in.start(live);
      int port = in.localAddress().getPort();
      io.micrometer.statsd.StatsdConfig mc =
          new io.micrometer.statsd.StatsdConfig() {
            @Override
            public String get(String key) {
              return null;
            }

            @Override
            public StatsdFlavor flavor() {
              return flavor;
            }

            @Override
            public String host() {
              return "127.0.0.1";
            }

            @Override
            public int port() {
              return port;
            }

            @Override
            public Duration pollingFrequency() {
              return Duration.ofMillis(50);
            }
          };
      StatsdMeterRegistry registry = new StatsdMeterRegistry(mc, Clock.SYSTEM);
      List<Metric> seen = new ArrayList<>();
      try {
        Tags tags = Tags.of("region", "eu");
        Counter counter = registry.counter("app.requests", tags);
        Timer timer = registry.timer("app.latency", tags);
        AtomicInteger depth = registry.gauge("app.queue", tags, new AtomicInteger(42));
        assertEquals(42, depth.get());
        // the registry connects asynchronously: wait for the first polled gauge, then send
        long connected = System.nanoTime() + 15_000_000_000L;
        while (gauge(seen) == null && System.nanoTime() < connected) {
          TestAccumulator acc = new TestAccumulator();
          in.gather(acc);
          seen.addAll(acc.metrics());
          Thread.sleep(20);
        }
        counter.increment();
        counter.increment(2);
        timer.record(Duration.ofMillis(100));
        timer.record(Duration.ofMillis(200));
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
          TestAccumulator acc = new TestAccumulator();
          in.gather(acc);
          seen.addAll(acc.metrics());
          if (counterTotal(seen) >= 3 && timerCount(seen) >= 2) {
            break;
          }
          Thread.sleep(50);
        }
      } finally {
        registry.close();
        in.stop();
      }
      String names = seen.stream().map(m -> m.name() + m.tags()).distinct().toList().toString();
      assertEquals(3, counterTotal(seen), flavor + ": " + names);
      assertEquals(2, timerCount(seen), flavor + ": " + names);
      Metric timing =
          seen.stream()
              .filter(m -> "timing".equals(m.tag("metric_type")) && has(m, "latency"))
              .findFirst()
              .orElseThrow();
      assertEquals(200.0, (Double) timing.field("upper"), flavor + ": " + timing);
      assertEquals(100.0, (Double) timing.field("lower"), flavor + ": " + timing);
      Metric g = gauge(seen);
      assertEquals(42.0, (Double) g.field("value"), flavor + ": " + g);
      Metric c =
          seen.stream()
              .filter(m -> "counter".equals(m.tag("metric_type")) && has(m, "requests"))
              .findFirst()
              .orElseThrow();
      if (flavor == StatsdFlavor.ETSY) {
        assertTrue(c.name().toLowerCase(Locale.ROOT).contains("eu"), c.toString());
      } else {
        assertEquals("eu", c.tag("region"), c.toString());
      }
      assertTrue(live.errors().isEmpty(), flavor + ": " + live.errors());
    }
  }

  private static boolean has(Metric m, String part) {
    return m.name().toLowerCase(Locale.ROOT).contains(part);
  }

  private static long counterTotal(List<Metric> seen) {
    return seen.stream()
        .filter(m -> "counter".equals(m.tag("metric_type")) && has(m, "requests"))
        .mapToLong(m -> (Long) m.field("value"))
        .sum();
  }

  private static long timerCount(List<Metric> seen) {
    return seen.stream()
        .filter(m -> "timing".equals(m.tag("metric_type")) && has(m, "latency"))
        .mapToLong(m -> (Long) m.field("count"))
        .sum();
  }

  private static Metric gauge(List<Metric> seen) {
    return seen.stream()
        .filter(m -> "gauge".equals(m.tag("metric_type")) && has(m, "queue"))
        .findFirst()
        .orElse(null);
  }
}
