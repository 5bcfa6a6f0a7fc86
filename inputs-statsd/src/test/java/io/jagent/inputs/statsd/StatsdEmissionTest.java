package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jagent.spi.Metric;
import io.jagent.spi.MetricType;
import io.jagent.testing.ManualClock;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What the vector files cannot show (their line format has neither type nor time): each kind's
 * Telegraf metric type, the gather's one timestamp, and the times of DataDog events and service
 * checks (reference §4.6, §4.7, §7).
 */
class StatsdEmissionTest {
  private static final long START = 1_700_000_000_300_000_000L;

  @Test
  void eachKindHasTelegrafsTypeAndEveryAggregateTheGathersTime() {
    StatsdConfig cfg =
        TestSupport.config("datadog_extensions = true\ndatadog_distributions = true\n");
    ManualClock clock = new ManualClock(START);
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", clock)) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      engine.setLive(new TestAccumulator());
      // (not "c:1|c": with the DataDog extensions a segment starting "c:" is a container id)
      TestSupport.offer(engine, "cnt:1|c\ngau:1|g\nset:a|s\ntim:1|ms\nhis:1|h\ndis:1|d");
      clock.advance(Duration.ofMillis(2500)); // received at START, gathered 2.5 s later
      TestAccumulator acc = new TestAccumulator();
      engine.gather(acc);
      Map<String, MetricType> types = new TreeMap<>();
      for (Metric m : acc.metrics()) {
        types.put(m.name(), m.type());
        assertEquals(START + 2_500_000_000L, m.timeNanos(), m.name());
      }
      assertEquals(
          Map.of(
              "cnt", MetricType.COUNTER,
              "gau", MetricType.GAUGE,
              "set", MetricType.UNTYPED,
              "tim", MetricType.UNTYPED,
              "his", MetricType.UNTYPED,
              "dis", MetricType.UNTYPED),
          types);
    }
  }

  /**
   * Set members are counted as Go compares strings, byte for byte: two invalid UTF-8 members that a
   * Java {@code String} would both decode to U+FFFD stay two; the empty member counts.
   */
  @Test
  void setMembersAreDistinctByTheirBytes() {
    StatsdConfig cfg = TestSupport.config("");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock(START))) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      engine.setLive(new TestAccumulator());
      // ISO-8859-1 maps U+00FF and U+00FE to the single bytes 0xff and 0xfe (invalid UTF-8)
      byte[] b =
          "u:\u00ff|s\nu:\u00fe|s\nu:\u00ff|s\nu:|s\nu:|s\nu:a|s\nu:a|s"
              .getBytes(StandardCharsets.ISO_8859_1);
      engine.offer(b, 0, b.length, TestSupport.PEER, true);
      assertEquals(List.of("u,metric_type=set value=4i"), TestSupport.gatherLines(engine));
      // delete_sets (on by default) empties the set; the same members count again
      engine.offer(b, 0, b.length, TestSupport.PEER, true);
      TestSupport.offer(engine, "u:b|s");
      assertEquals(List.of("u,metric_type=set value=5i"), TestSupport.gatherLines(engine));
    }
  }

  @Test
  void eventsHaveTheReceiveTimeAndServiceChecksTheirOwn() {
    StatsdConfig cfg = TestSupport.config("datadog_extensions = true\n");
    ManualClock clock = new ManualClock(START);
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", clock)) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      TestAccumulator live = new TestAccumulator();
      engine.setLive(live);
      // an event's d: is a field, not its time; a service check's d: (Unix seconds) is its time
      TestSupport.offer(
          engine,
          "_e{5,4}:title|text|d:1600000000|p:high|t:bogus|#host:h1\n"
              + "_sc|db.up|0|d:1600000000\n"
              + "_sc|db.up|1|d:soon");
      Metric event =
          live.metrics().stream().filter(m -> m.name().equals("title")).findFirst().orElseThrow();
      assertEquals(START, event.timeNanos());
      assertEquals(1_600_000_000L, event.field("ts"));
      assertEquals("normal", event.field("priority")); // other p: values ignored
      assertEquals("info", event.field("alert_type")); // other t: values ignored
      assertEquals("h1", event.tag("source")); // #host renamed to source
      assertNull(event.tag("host"));
      long[] times =
          live.metrics().stream()
              .filter(m -> m.name().equals("statsd_service_check"))
              .mapToLong(Metric::timeNanos)
              .toArray();
      assertEquals(2, times.length);
      assertEquals(1_600_000_000_000_000_000L, times[0]);
      assertEquals(START, times[1]); // d: not an integer: the receive time
    }
  }
}
