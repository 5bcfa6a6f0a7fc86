package io.jagent.core.runtime;

import static io.jagent.core.runtime.TestConfigs.config;
import static io.jagent.core.runtime.TestConfigs.input;
import static io.jagent.core.runtime.TestConfigs.inputOptions;
import static io.jagent.core.runtime.TestConfigs.output;
import static io.jagent.core.runtime.TestConfigs.outputOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.AgentConfig;
import io.jagent.core.config.AgentSettings;
import io.jagent.core.config.InputOptions;
import io.jagent.core.config.OutputOptions;
import io.jagent.core.pipeline.MetricFilter;
import io.jagent.core.runtime.TestConfigs.ScriptedInput;
import io.jagent.spi.Metric;
import io.jagent.testing.CapturingOutput;
import io.jagent.testing.ManualClock;
import io.jagent.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gather ticks (§11.1), flush timer (§11.4) and the write path (§12), driven by ManualClock. */
class AgentSchedulingTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_700_000_000L * S; // a multiple of 10 s
  private final ManualClock clock = new ManualClock(T0 + 3 * S);
  private final ManualScheduler sched = new ManualScheduler(clock);
  private final AgentOptions options =
      AgentOptions.defaults().withConnectRetryDelay(Duration.ZERO).withRandom(new Random(42));
  private final List<Long> gatherTimes = new ArrayList<>();
  private final AtomicLong seq = new AtomicLong();
  private int perGather = 1;
  private Agent agent;

  private final ScriptedInput counting =
      new ScriptedInput(
          acc -> {
            gatherTimes.add(clock.epochNanos());
            for (int i = 0; i < perGather; i++) {
              acc.add(Metric.builder("m").field("i", seq.incrementAndGet()).build());
            }
          });

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.stop(Duration.ofSeconds(1));
    }
  }

  private static InputOptions inputOpts(Duration interval, Duration jitter, Duration offset) {
    return new InputOptions(
        "", interval, jitter, offset, Duration.ZERO, "", "", "", Map.of(), MetricFilter.NONE);
  }

  private static OutputOptions outputOpts(Duration flush, Duration jitter, int batch) {
    return new OutputOptions("", flush, jitter, batch, 10_000, "", "", "", MetricFilter.NONE);
  }

  private Agent start(AgentConfig cfg) throws Exception {
    agent = new Agent(cfg, sched, options);
    agent.start();
    return agent;
  }

  private static AgentSettings noRounding() {
    AgentSettings d = AgentSettings.defaults();
    return new AgentSettings(
        d.interval(),
        false,
        d.metricBatchSize(),
        d.metricBufferLimit(),
        d.collectionJitter(),
        d.collectionOffset(),
        d.flushInterval(),
        d.flushJitter(),
        d.precision(),
        false,
        false,
        "",
        "",
        false);
  }

  @Test
  void gathersAreAlignedToTheInterval() throws Exception {
    start(config(List.of(input("c", counting)), List.of(output("o", new CapturingOutput()))));
    sched.advance(Duration.ofSeconds(35));
    assertEquals(List.of(T0 + 10 * S, T0 + 20 * S, T0 + 30 * S), gatherTimes);
  }

  @Test
  void withoutRoundIntervalTheFirstGatherIsImmediate() throws Exception {
    start(
        config(
            noRounding(),
            List.of(input("c", counting)),
            List.of(output("o", new CapturingOutput()))));
    sched.advance(Duration.ofSeconds(15));
    assertEquals(List.of(T0 + 3 * S, T0 + 13 * S), gatherTimes);
  }

  @Test
  void collectionOffsetShiftsEveryTick() throws Exception {
    InputOptions o = inputOpts(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(2));
    start(config(List.of(input("c", counting, o)), List.of(output("o", new CapturingOutput()))));
    sched.advance(Duration.ofSeconds(25));
    assertEquals(List.of(T0 + 12 * S, T0 + 22 * S), gatherTimes);
  }

  @Test
  void jitterIsFreshPerTickWithinBoundsAndDoesNotDrift() throws Exception {
    InputOptions o = inputOpts(Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ZERO);
    start(config(List.of(input("c", counting, o)), List.of(output("o", new CapturingOutput()))));
    sched.advance(Duration.ofSeconds(1000));
    assertTrue(gatherTimes.size() >= 99, "ticks: " + gatherTimes.size());
    java.util.Set<Long> distinct = new java.util.HashSet<>();
    for (int k = 0; k < gatherTimes.size(); k++) {
      long base = T0 + (k + 1) * 10 * S;
      long j = gatherTimes.get(k) - base;
      assertTrue(j >= 0 && j < 4 * S, "tick " + k + " jitter " + j);
      distinct.add(j);
    }
    assertTrue(distinct.size() > 50, "jitter is drawn anew per tick");
  }

  @Test
  void aGatherStillRunningAtTheNextTickSkipsItAndCountsIt() throws Exception {
    start(config(List.of(input("c", counting)), List.of(output("o", new CapturingOutput()))));
    sched.holdWork(true);
    sched.advance(Duration.ofSeconds(7)); // first tick at T0+10: gather handed off, not finished
    sched.advance(Duration.ofSeconds(10)); // T0+20: still running -> skipped
    sched.advance(Duration.ofSeconds(10)); // T0+30: skipped again
    assertEquals(0, counting.gathers.get());
    Map<String, String> tags = Map.of("input", "c", "_id", "2");
    assertEquals(2, agent.stats().value("gather", "gather_timeouts", tags));
    assertEquals(2, agent.stats().value("agent", "gather_timeouts", Map.of()));
    sched.runPendingWork();
    sched.holdWork(false);
    sched.advance(Duration.ofSeconds(10)); // T0+40: runs again
    assertEquals(2, counting.gathers.get());
    assertEquals(2, agent.stats().value("gather", "gather_timeouts", tags));
  }

  @Test
  void flushesEveryFlushIntervalFromStartNotAligned() throws Exception {
    RecordingOutput out = new RecordingOutput(clock);
    start(
        config(
            List.of(input("c", counting)),
            List.of(output("o", out, outputOpts(Duration.ofSeconds(10), Duration.ZERO, 1000)))));
    sched.advance(Duration.ofSeconds(31));
    assertEquals(List.of(T0 + 13 * S, T0 + 23 * S, T0 + 33 * S), out.writeTimes);
  }

  @Test
  void flushJitterStaysWithinBounds() throws Exception {
    perGather = 1;
    InputOptions fast = inputOpts(Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO);
    RecordingOutput out = new RecordingOutput(clock);
    start(
        config(
            List.of(input("c", counting, fast)),
            List.of(
                output(
                    "o", out, outputOpts(Duration.ofSeconds(10), Duration.ofSeconds(3), 1000)))));
    sched.advance(Duration.ofSeconds(1000));
    List<Long> t = out.writeTimes;
    assertTrue(t.size() > 70, "flushes: " + t.size());
    long prev = T0 + 3 * S;
    for (long w : t) {
      long gap = w - prev;
      assertTrue(gap >= 10 * S && gap < 13 * S, "gap " + gap);
      prev = w;
    }
  }

  @Test
  void aFullBatchIsFlushedEarlyOneBatchAtATime() throws Exception {
    perGather = 12;
    RecordingOutput out = new RecordingOutput(clock);
    start(
        config(
            List.of(input("c", counting)),
            List.of(output("o", out, outputOpts(Duration.ofHours(1), Duration.ZERO, 5)))));
    sched.advance(Duration.ofSeconds(7)); // one gather, no flush timer yet
    assertEquals(List.of(5, 5), out.attemptSizes);
    assertEquals(2, agent.outputs().get(0).unsent());
  }

  @Test
  void earlyFlushIsSuppressedAfterAFailedWriteUntilOneSucceeds() throws Exception {
    perGather = 5;
    RecordingOutput out = new RecordingOutput(clock, "fail");
    start(
        config(
            List.of(input("c", counting)),
            List.of(output("o", out, outputOpts(Duration.ofSeconds(25), Duration.ZERO, 5)))));
    sched.advance(Duration.ofSeconds(7)); // T0+10: 5 metrics -> early flush fails
    assertEquals(List.of(5), out.attemptSizes);
    sched.advance(Duration.ofSeconds(10)); // T0+20: 10 buffered, no early flush
    assertEquals(List.of(5), out.attemptSizes);
    sched.advance(Duration.ofSeconds(8)); // T0+28: timer flush writes the whole buffer
    assertEquals(List.of(5, 5, 5), out.attemptSizes);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), out.values());
    sched.advance(Duration.ofSeconds(2)); // T0+30: early flush works again
    assertEquals(List.of(5, 5, 5, 5), out.attemptSizes);
  }

  @Test
  void aFailedBatchIsRetriedAtTheNextTimerBeforeNewerMetrics() throws Exception {
    RecordingOutput out = new RecordingOutput(clock, "fail");
    start(
        config(
            List.of(input("c", counting)),
            List.of(output("o", out, outputOpts(Duration.ofSeconds(10), Duration.ZERO, 100)))));
    sched.advance(Duration.ofSeconds(10)); // gather at T0+10, flush at T0+13 fails
    assertEquals(1, out.attemptSizes.size());
    assertEquals(1, agent.stats().value("agent", "write_errors", Map.of()));
    sched.advance(Duration.ofSeconds(10)); // gather at T0+20, flush at T0+23
    assertEquals(List.of(1L, 2L), out.values());
  }

  @Test
  void timerFlushWritesTheWholeBufferInBatchesAndStopsAtTheFirstFailure() throws Exception {
    perGather = 7;
    // first early flush fails -> early flushes suppressed; timer: ok, fail -> stop
    RecordingOutput out = new RecordingOutput(clock, "fail", "ok", "fail");
    start(
        config(
            List.of(input("c", counting)),
            List.of(output("o", out, outputOpts(Duration.ofSeconds(10), Duration.ZERO, 3)))));
    sched.advance(Duration.ofSeconds(7)); // gather at T0+10 (7 metrics), early flush fails
    assertEquals(List.of(3), out.attemptSizes);
    sched.advance(Duration.ofSeconds(3)); // timer at T0+13
    assertEquals(List.of(3, 3, 3), out.attemptSizes);
    assertEquals(List.of(1L, 2L, 3L), out.values());
    assertEquals(4, agent.outputs().get(0).unsent());
    sched.advance(Duration.ofSeconds(10)); // T0+20 gather (7 more), early flush suppressed;
    // T0+23 timer: all 11 in batches of 3, in order
    assertEquals(14, out.values().size());
    for (int i = 0; i < 14; i++) {
      assertEquals(i + 1, out.values().get(i));
    }
  }

  @Test
  void aRejectedBatchIsDroppedAndCounted() throws Exception {
    RecordingOutput out = new RecordingOutput(clock, "reject");
    start(
        config(
            List.of(input("c", counting)),
            List.of(output("o", out, outputOpts(Duration.ofSeconds(10), Duration.ZERO, 100)))));
    sched.advance(Duration.ofSeconds(20)); // flush at T0+13 rejects metric 1; T0+23 not yet
    sched.advance(Duration.ofSeconds(3));
    assertEquals(List.of(2L), out.values());
    assertEquals(1, agent.stats().value("agent", "metrics_rejected", Map.of()));
    assertEquals(0, agent.stats().value("agent", "write_errors", Map.of()));
  }

  @Test
  void bufferOverflowDropsTheOldestAndCountsThem() throws Exception {
    perGather = 8;
    RecordingOutput out = new RecordingOutput(clock);
    OutputOptions small =
        new OutputOptions(
            "", Duration.ofSeconds(10), Duration.ZERO, 100, 5, "", "", "", MetricFilter.NONE);
    start(config(List.of(input("c", counting)), List.of(output("o", out, small))));
    sched.advance(Duration.ofSeconds(10));
    assertEquals(List.of(4L, 5L, 6L, 7L, 8L), out.values());
    assertEquals(3, agent.stats().value("agent", "metrics_dropped", Map.of()));
  }

  @Test
  void metricsCarryGlobalTagsAndTheRoundedGatherTime() throws Exception {
    CapturingOutput out = new CapturingOutput();
    start(config(List.of(input("c", counting)), List.of(output("o", out))));
    sched.advance(Duration.ofSeconds(20));
    Metric m = out.metrics().get(0);
    assertEquals("h1", m.tag("host"));
    assertEquals(T0 + 10 * S, m.timeNanos());
  }

  @Test
  void selfStatsCountGatheredAndWritten() throws Exception {
    perGather = 3;
    start(config(List.of(input("c", counting)), List.of(output("o", new CapturingOutput()))));
    sched.advance(Duration.ofSeconds(20)); // gathers at T0+10, T0+20; flushes at T0+13, T0+23
    assertEquals(6, agent.stats().value("agent", "metrics_gathered", Map.of()));
    assertEquals(6, agent.stats().value("agent", "metrics_written", Map.of()));
    Map<String, String> w = Map.of("output", "o", "_id", "1");
    assertEquals(6, agent.stats().value("write", "metrics_added", w));
    assertEquals(10_000, agent.stats().value("write", "buffer_limit", w));
    assertEquals(0, agent.stats().value("write", "buffer_size", w));
  }

  @Test
  void defaultsComeFromTheHelpers() {
    assertEquals(Duration.ofSeconds(10), inputOptions(Duration.ofSeconds(10)).interval());
    assertEquals(1000, outputOptions(1000, 10).metricBatchSize());
  }
}
