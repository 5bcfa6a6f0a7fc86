package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.testing.ManualClock;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cardinality bursts stay within max_series / max_samples; idle series are evicted. */
class StatsdMemoryTest {
  @Test
  void counterNameBurstIsCappedAtMaxSeriesAndCounted() {
    StatsdConfig cfg = TestSupport.config("");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      StringBuilder packet = new StringBuilder();
      for (int i = 0; i < 100_000; i++) {
        packet.append("burst.c").append(i).append(":1|c\n");
        if (i % 20 == 19) {
          TestSupport.offer(engine, packet.toString());
          packet.setLength(0);
        }
      }
      assertEquals(StatsdConfig.DEFAULT_MAX_SERIES, engine.seriesCount());
      assertEquals(
          100_000 - StatsdConfig.DEFAULT_MAX_SERIES, TestSupport.stat(ctx, cfg, "series_dropped"));
      TestAccumulator acc = new TestAccumulator();
      engine.gather(acc);
      assertEquals(StatsdConfig.DEFAULT_MAX_SERIES, acc.metrics().size());
      // next interval: the burst is gone, its series are reset and evicted after an idle gather
      TestSupport.offer(engine, "steady:1|c");
      engine.gather(new TestAccumulator());
      engine.gather(new TestAccumulator());
      assertEquals(0, engine.seriesCount());
      TestSupport.offer(engine, "fresh.name:1|c");
      assertEquals(1, engine.seriesCount());
    }
  }

  @Test
  void timerNameBurstStaysWithinTheSampleBudget() {
    StatsdConfig cfg = TestSupport.config("percentiles = [90]\nmax_samples = 50000\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      for (int round = 0; round < 20; round++) {
        StringBuilder packet = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
          packet.append("burst.t").append(i).append(':').append(round).append("|ms\n");
          if (i % 20 == 19) {
            TestSupport.offer(engine, packet.toString());
            packet.setLength(0);
          }
        }
      }
      assertEquals(10_000, engine.seriesCount());
      assertTrue(engine.samplesReserved() <= 50_000, "reserved " + engine.samplesReserved());
      assertTrue(TestSupport.stat(ctx, cfg, "samples_approximated") > 0);
      TestAccumulator acc = new TestAccumulator();
      engine.gather(acc);
      Metric m = TestSupport.only(acc.metrics(), "burst_t9999", "timing");
      // exact statistics despite the budget
      assertEquals(20L, m.field("count"));
      assertEquals(190.0, m.field("sum"));
      assertEquals(0.0, m.field("lower"));
      assertEquals(19.0, m.field("upper"));
      assertNotNull(m.field("90_percentile"));
    }
  }

  @Test
  void percentileBufferIsLimitedAndOverwrittenAtRandom() {
    StatsdConfig cfg =
        TestSupport.config(
            "percentiles = [0, 100]\npercentile_limit = 10\ndelete_timings = false\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      for (int i = 1; i <= 5000; i++) {
        TestSupport.offer(engine, "t:" + i + "|ms");
      }
      TestAccumulator acc = new TestAccumulator();
      engine.gather(acc);
      Metric m = TestSupport.only(acc.metrics(), "t", "timing");
      assertEquals(5000L, m.field("count"));
      // median over the last 1000 samples: 4001..5000
      assertEquals(4500.5, m.field("median"));
      double p100 = (Double) m.field("100_percentile");
      double p0 = (Double) m.field("0_percentile");
      assertTrue(p0 <= p100 && p100 <= 5000 && p0 >= 1, p0 + " " + p100);
      // 10 + 1000 samples held, not 5000
      assertTrue(engine.samplesReserved() <= 10 + 1024, "reserved " + engine.samplesReserved());
    }
  }

  @Test
  void setMembersBeyondTheBudgetAreDroppedAndCounted() {
    StatsdConfig cfg = TestSupport.config("max_samples = 100\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      for (int i = 0; i < 150; i++) {
        TestSupport.offer(engine, "users:u" + i + "|s");
      }
      assertEquals(50, TestSupport.stat(ctx, cfg, "samples_dropped"));
      assertEquals(List.of("users,metric_type=set value=100i"), TestSupport.gatherLines(engine));
      // the budget is given back at reset
      TestSupport.offer(engine, "users:again|s");
      assertEquals(List.of("users,metric_type=set value=1i"), TestSupport.gatherLines(engine));
    }
  }

  @Test
  void aggregationTemporalityAddsTagAndStartTime() {
    StatsdConfig cfg = TestSupport.config("enable_aggregation_temporality = true\n");
    ManualClock clock = new ManualClock();
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", clock)) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      long start = clock.epochNanos();
      TestSupport.offer(engine, "c:1|c\ng:2|g");
      clock.advance(Duration.ofSeconds(10));
      TestAccumulator acc = new TestAccumulator();
      engine.gather(acc);
      Metric c = TestSupport.only(acc.metrics(), "c", "counter");
      assertEquals("delta", c.tag("temporality"));
      OffsetDateTime t = OffsetDateTime.parse((String) c.field("start_time"));
      assertEquals(start / 1_000_000_000L, t.toEpochSecond());
      Metric g = TestSupport.only(acc.metrics(), "g", "gauge");
      assertEquals(null, g.tag("temporality"));
      assertNotNull(g.field("start_time"));
      // the next gather's start_time is this gather's time
      TestSupport.offer(engine, "c:1|c");
      long second = clock.epochNanos();
      clock.advance(Duration.ofSeconds(10));
      acc.clear();
      engine.gather(acc);
      c = TestSupport.only(acc.metrics(), "c", "counter");
      assertEquals(
          second / 1_000_000_000L,
          OffsetDateTime.parse((String) c.field("start_time")).toEpochSecond());
    }
  }

  @Test
  void floatCountersWithTemporalityAndCumulativeDoNotCrash() {
    StatsdConfig cfg =
        TestSupport.config(
            "enable_aggregation_temporality = true\nfloat_counters = true\n"
                + "delete_counters = false\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      TestSupport.offer(engine, "c:2|c");
      TestAccumulator acc = new TestAccumulator();
      engine.gather(acc);
      engine.gather(acc);
      List<Metric> cs = acc.metrics();
      assertEquals(2, cs.size());
      assertEquals(2.0, cs.get(1).field("value"));
      assertEquals("cumulative", cs.get(1).tag("temporality"));
    }
  }
}
