package io.jagent.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.InputOptions;
import io.jagent.core.runtime.SelfStatsRegistry;
import io.jagent.spi.Metric;
import io.jagent.spi.RateLimitedLogger;
import io.jagent.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class InputPipelineTest {
  private static final long T0 = 1_700_000_000_000_000_000L;
  private final ManualClock clock = new ManualClock(T0 + 400_000_000L); // .4 s past a second
  private final SelfStatsRegistry reg = new SelfStatsRegistry();
  private final List<Metric> a = new ArrayList<>();
  private final List<Metric> b = new ArrayList<>();

  private InputPipeline pipeline(InputOptions o, Map<String, String> global) {
    Map<String, String> t = Map.of("input", "x");
    return new InputPipeline(
        o,
        new TreeMap<>(global),
        List.of(a::add, b::add),
        new InputPipeline.Stats(
            reg.register("gather", "metrics_gathered", t),
            reg.register("gather", "gather_errors", t),
            reg.register("gather", "errors", t),
            reg.register("agent", "metrics_gathered", Map.of()),
            reg.register("agent", "gather_errors", Map.of())),
        LoggerFactory.getLogger("inputs.x"),
        new RateLimitedLogger(LoggerFactory.getLogger("inputs.x"), clock),
        clock);
  }

  private static InputOptions opts(
      Duration interval,
      Duration precision,
      String override,
      String prefix,
      String suffix,
      Map<String, String> tags) {
    return new InputOptions(
        "",
        interval,
        Duration.ZERO,
        Duration.ZERO,
        precision,
        override,
        prefix,
        suffix,
        tags,
        MetricFilter.NONE);
  }

  private static InputOptions plain() {
    return opts(Duration.ofSeconds(10), Duration.ZERO, "", "", "", Map.of());
  }

  @Test
  void namesAreOverriddenThenPrefixedThenSuffixed() {
    InputPipeline p =
        pipeline(
            opts(Duration.ofSeconds(10), Duration.ZERO, "new", "pre_", "_suf", Map.of()), Map.of());
    p.gatherAccumulator().add(Metric.builder("old").field("v", 1L).build());
    assertEquals("pre_new_suf", a.get(0).name());
  }

  @Test
  void metricTagsWinOverInputTagsWhichWinOverGlobalTags() {
    Map<String, String> own = new LinkedHashMap<>();
    own.put("dc", "input-dc");
    own.put("env", "input-env");
    Map<String, String> global = Map.of("host", "global-host", "dc", "global-dc", "zone", "z1");
    InputPipeline p =
        pipeline(opts(Duration.ofSeconds(10), Duration.ZERO, "", "", "", own), global);
    p.gatherAccumulator()
        .add(Metric.builder("cpu").tag("host", "web1").tag("env", "own").field("v", 1L).build());
    Metric m = a.get(0);
    assertEquals("web1", m.tag("host"));
    assertEquals("own", m.tag("env"));
    assertEquals("input-dc", m.tag("dc"));
    assertEquals("z1", m.tag("zone"));
  }

  @Test
  void metricsWithoutTimeGetTheGatherTimeRoundedToTheSecond() {
    InputPipeline p = pipeline(plain(), Map.of());
    InputPipeline.GatherAccumulator acc = p.gatherAccumulator();
    clock.advance(Duration.ofMillis(300)); // later adds still carry the gather time
    acc.add(Metric.builder("m").field("v", 1L).build());
    assertEquals(T0, a.get(0).timeNanos());
  }

  @Test
  void halfwayRoundsUp() {
    InputPipeline p = pipeline(plain(), Map.of());
    p.gatherAccumulator().add(Metric.builder("m").field("v", 1L).time(T0 + 500_000_000L).build());
    p.gatherAccumulator().add(Metric.builder("m").field("v", 1L).time(T0 + 499_999_999L).build());
    assertEquals(T0 + 1_000_000_000L, a.get(0).timeNanos());
    assertEquals(T0, a.get(1).timeNanos());
  }

  @Test
  void precisionIsAutomaticFromTheInterval() {
    InputPipeline p =
        pipeline(opts(Duration.ofMillis(500), Duration.ZERO, "", "", "", Map.of()), Map.of());
    p.gatherAccumulator().add(Metric.builder("m").field("v", 1L).time(T0 + 1_234_567L).build());
    assertEquals(T0 + 1_000_000L, a.get(0).timeNanos());
  }

  @Test
  void pluginPrecisionWins() {
    InputPipeline p =
        pipeline(
            opts(Duration.ofSeconds(10), Duration.ofMinutes(1), "", "", "", Map.of()), Map.of());
    p.gatherAccumulator()
        .add(Metric.builder("m").field("v", 1L).time(T0 + 31_000_000_000L).build());
    assertEquals(0, Math.floorMod(a.get(0).timeNanos(), 60_000_000_000L));
  }

  @Test
  void metricsPushedOutsideGatherKeepNanosecondsByDefault() {
    InputPipeline p = pipeline(plain(), Map.of());
    p.serviceAccumulator().add(Metric.builder("event").field("v", 1L).build());
    assertEquals(T0 + 400_000_000L, a.get(0).timeNanos());
  }

  @Test
  void metricsWithoutFieldsAreDropped() {
    InputPipeline p = pipeline(plain(), Map.of());
    p.gatherAccumulator().add(Metric.builder("empty").build());
    assertTrue(a.isEmpty());
    assertEquals(0, reg.value("gather", "metrics_gathered", Map.of("input", "x")));
  }

  @Test
  void everySinkGetsTheSameMetricAndItIsCountedOnce() {
    InputPipeline p = pipeline(plain(), Map.of("host", "h"));
    p.gatherAccumulator().add(Metric.builder("m").field("v", 1L).build());
    assertEquals(1, a.size());
    assertTrue(a.get(0) == b.get(0));
    assertEquals(1, reg.value("gather", "metrics_gathered", Map.of("input", "x")));
    assertEquals(1, reg.value("agent", "metrics_gathered", Map.of()));
  }

  @Test
  void errorsAreCountedPerGatherAndOverall() {
    InputPipeline p = pipeline(plain(), Map.of());
    InputPipeline.GatherAccumulator acc = p.gatherAccumulator();
    acc.addError(new IOException("connection refused"));
    acc.addError(new IOException("again"));
    p.serviceAccumulator().addError(new IOException("bad packet"));
    assertEquals(2, acc.errorCount());
    assertEquals(3, reg.value("gather", "gather_errors", Map.of("input", "x")));
    assertEquals(3, reg.value("agent", "gather_errors", Map.of()));
  }

  @Test
  void aFailingSinkDoesNotStopTheOthers() {
    Map<String, String> t = Map.of("input", "y");
    List<Metric> got = new ArrayList<>();
    InputPipeline p =
        new InputPipeline(
            plain(),
            new TreeMap<>(),
            List.of(
                m -> {
                  throw new IllegalStateException("boom");
                },
                got::add),
            new InputPipeline.Stats(
                reg.register("gather", "metrics_gathered", t),
                reg.register("gather", "gather_errors", t),
                reg.register("gather", "errors", t),
                reg.register("agent", "metrics_gathered", Map.of()),
                reg.register("agent", "gather_errors", Map.of())),
            LoggerFactory.getLogger("inputs.y"),
            new RateLimitedLogger(LoggerFactory.getLogger("inputs.y"), clock),
            clock);
    p.gatherAccumulator().add(Metric.builder("m").field("v", 1L).build());
    assertEquals(1, got.size());
  }
}
