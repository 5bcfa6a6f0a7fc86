package io.jagent.core.runtime;

import static io.jagent.core.runtime.TestConfigs.config;
import static io.jagent.core.runtime.TestConfigs.input;
import static io.jagent.core.runtime.TestConfigs.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.AgentConfig;
import io.jagent.core.config.ConfigException;
import io.jagent.core.config.ConfigProblem;
import io.jagent.core.runtime.TestConfigs.FakeService;
import io.jagent.core.runtime.TestConfigs.ScriptedInput;
import io.jagent.spi.Metric;
import io.jagent.spi.MetricType;
import io.jagent.spi.lineprotocol.LineProtocolSerializer;
import io.jagent.testing.CapturingOutput;
import io.jagent.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The process-level runner: signals as requests, reload, --test and --once. */
class AgentRunnerTest {
  private static final long T0 = 1_700_000_000_000_000_000L;
  private final ManualClock clock = new ManualClock(T0 + 400_000_000L);
  private final AgentOptions options =
      AgentOptions.defaults()
          .withConnectRetryDelay(Duration.ofMillis(1))
          .withStopDeadline(Duration.ofSeconds(5))
          .withRandom(new Random(3));

  private static ScriptedInput gauge() {
    return new ScriptedInput(acc -> acc.addGauge("g", Map.of("v", 1L), Map.of()));
  }

  /** Runs {@code run()} on a thread after queueing the requests; returns its exit status. */
  private static int runWith(AgentRunner r, Runnable requests) throws InterruptedException {
    requests.run();
    AtomicInteger code = new AtomicInteger(-1);
    Thread t = new Thread(() -> code.set(r.run()), "runner-under-test");
    t.start();
    t.join(20_000);
    assertFalse(t.isAlive(), "run() did not return");
    return code.get();
  }

  private static ConfigException broken() {
    return new ConfigException(
        List.of(
            new ConfigProblem("a.conf", 3, "inputs.statsd", "percentile", "unknown option"),
            new ConfigProblem("a.conf", 9, null, null, "unknown plugin outputs.nope")));
  }

  private AgentRunner runner(Deque<Object> loads) {
    return new AgentRunner(
        () -> {
          Object o = loads.poll();
          if (o instanceof ConfigException e) {
            throw e;
          }
          return (AgentConfig) o;
        },
        clock,
        options,
        false);
  }

  @Test
  void stopRequestStopsInOrderAndReturnsZero() throws Exception {
    ScriptedInput in = gauge();
    CapturingOutput out = new CapturingOutput();
    Deque<Object> loads = new ArrayDeque<>();
    loads.add(config(List.of(input("g", in)), List.of(output("o", out))));
    AgentRunner r = runner(loads);
    assertEquals(0, runWith(r, r::requestStop));
    assertEquals(1, in.gathers.get(), "final gather");
    assertEquals(1, out.metrics().size(), "final flush");
    assertEquals(1, out.closeCount());
    assertNull(r.current());
  }

  @Test
  void reloadWithABrokenConfigKeepsTheRunningAgent() throws Exception {
    ScriptedInput in = gauge();
    CapturingOutput out = new CapturingOutput();
    Deque<Object> loads = new ArrayDeque<>();
    loads.add(config(List.of(input("g", in)), List.of(output("o", out))));
    loads.add(broken());
    AgentRunner r = runner(loads);
    int code =
        runWith(
            r,
            () -> {
              r.requestReload();
              r.requestStop();
            });
    assertEquals(0, code);
    assertEquals(1, in.gathers.get(), "the agent was not stopped by the failed reload");
    assertEquals(1, out.connectCount());
    assertEquals(1, out.closeCount());
    assertTrue(loads.isEmpty(), "the new config was loaded");
  }

  @Test
  void reloadWithAGoodConfigStopsTheOldAgentAndStartsTheNewOne() throws Exception {
    ScriptedInput in1 = gauge();
    CapturingOutput out1 = new CapturingOutput();
    ScriptedInput in2 = gauge();
    CapturingOutput out2 = new CapturingOutput();
    Deque<Object> loads = new ArrayDeque<>();
    loads.add(config(List.of(input("g", in1)), List.of(output("o", out1))));
    loads.add(config(List.of(input("g", in2)), List.of(output("o", out2))));
    AgentRunner r = runner(loads);
    int code =
        runWith(
            r,
            () -> {
              r.requestReload();
              r.requestStop();
            });
    assertEquals(0, code);
    assertEquals(1, in1.gathers.get());
    assertEquals(1, out1.metrics().size(), "old agent flushed at reload");
    assertEquals(1, out1.closeCount());
    assertEquals(1, in2.gathers.get());
    assertEquals(1, out2.metrics().size());
    assertEquals(1, out2.closeCount());
  }

  @Test
  void whenTheReloadedConfigCannotStartThePreviousOneIsStartedAgain() throws Exception {
    ScriptedInput in1 = gauge();
    CapturingOutput out1 = new CapturingOutput();
    CapturingOutput dead = new CapturingOutput().failNextConnects(2);
    Deque<Object> loads = new ArrayDeque<>();
    loads.add(config(List.of(input("g", in1)), List.of(output("o", out1))));
    loads.add(config(List.of(input("g", gauge())), List.of(output("o", dead))));
    AgentRunner r = runner(loads);
    int code =
        runWith(
            r,
            () -> {
              r.requestReload();
              r.requestStop();
            });
    assertEquals(0, code);
    assertEquals(2, in1.gathers.get(), "final gathers of both runs of the old config");
    assertEquals(2, out1.connectCount());
  }

  @Test
  void aBrokenConfigAtStartExitsOne() throws Exception {
    Deque<Object> loads = new ArrayDeque<>();
    loads.add(broken());
    AgentRunner r = runner(loads);
    assertEquals(1, r.run());
  }

  @Test
  void anOutputThatCannotConnectExitsOne() throws Exception {
    Deque<Object> loads = new ArrayDeque<>();
    CapturingOutput dead = new CapturingOutput().failNextConnects(2);
    loads.add(config(List.of(input("g", gauge())), List.of(output("o", dead))));
    assertEquals(1, runner(loads).run());
  }

  @Test
  void noOutputsExitsOne() throws Exception {
    Deque<Object> loads = new ArrayDeque<>();
    loads.add(config(List.of(input("g", gauge())), List.of()));
    assertEquals(1, runner(loads).run());
  }

  // ------------------------------------------------------------------ --test

  private String runTest(AgentConfig cfg, int expectedExit) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    assertEquals(expectedExit, AgentRunner.runTest(cfg, Duration.ZERO, ps, clock, options));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void testModePrintsEachMetricAsLineProtocolAndExitsZero() {
    ScriptedInput in =
        new ScriptedInput(
            acc -> acc.addGauge("mem", Map.of("used", 5L, "free", 7L), Map.of("dev", "a")));
    String printed = runTest(config(List.of(input("mem", in)), List.of()), 0);
    Metric expected =
        Metric.builder("mem")
            .tag("dev", "a")
            .tag("host", "h1")
            .field("free", 7L)
            .field("used", 5L)
            .time(T0)
            .type(MetricType.GAUGE)
            .build();
    assertEquals("> " + LineProtocolSerializer.forTest().toLine(expected) + "\n", printed);
  }

  @Test
  void testModeNeverConnectsOrWritesOutputs() {
    CapturingOutput out = new CapturingOutput();
    runTest(config(List.of(input("g", gauge())), List.of(output("o", out))), 0);
    assertEquals(0, out.connectCount());
    assertTrue(out.metrics().isEmpty());
  }

  @Test
  void testModeExitsOneWhenAGatherThrows() {
    ScriptedInput bad =
        new ScriptedInput(
            acc -> {
              throw new IllegalStateException("cannot read /proc");
            });
    String printed = runTest(config(List.of(input("bad", bad), input("g", gauge())), List.of()), 1);
    assertEquals(1, printed.lines().count(), "the other input is still printed");
  }

  @Test
  void testModeExitsOneWhenAGatherReportsAnError() {
    ScriptedInput bad = new ScriptedInput(acc -> acc.addError(new IOException("refused")));
    runTest(config(List.of(input("bad", bad)), List.of()), 1);
  }

  @Test
  void testModeGathersServiceInputsAtTheEndOfTheWait() {
    FakeService svc = new FakeService();
    svc.receive(3); // packets that arrive while the service runs
    String printed = runTest(config(List.of(input("svc", svc)), List.of()), 0);
    assertEquals(List.of("start", "stop", "gather"), svc.events);
    assertTrue(printed.startsWith("> svc"), printed);
    assertTrue(printed.contains("count=3"), printed);
  }

  @Test
  void testModeSkipsAServiceThatCannotStartAndExitsOne() {
    FakeService svc = new FakeService(true);
    String printed = runTest(config(List.of(input("svc", svc), input("g", gauge())), List.of()), 1);
    assertEquals(List.of("start"), svc.events);
    assertEquals(1, printed.lines().count());
  }

  // ------------------------------------------------------------------ --once

  @Test
  void onceWritesToTheOutputsAndExitsZero() {
    FakeService svc = new FakeService();
    svc.receive(2);
    CapturingOutput out = new CapturingOutput();
    int code =
        AgentRunner.runOnce(
            config(List.of(input("g", gauge()), input("svc", svc)), List.of(output("o", out))),
            Duration.ZERO,
            clock,
            options);
    assertEquals(0, code);
    assertEquals(2, out.metrics().size());
    assertEquals(1, out.connectCount());
    assertEquals(1, out.closeCount());
  }

  @Test
  void onceExitsOneWhenAnOutputKeepsFailing() {
    CapturingOutput out = new CapturingOutput().failAllWrites();
    int code =
        AgentRunner.runOnce(
            config(List.of(input("g", gauge())), List.of(output("o", out))),
            Duration.ZERO,
            clock,
            options);
    assertEquals(1, code);
    assertTrue(out.writeAttempts() >= 1);
  }

  @Test
  void onceExitsOneWhenAnOutputCannotConnect() {
    CapturingOutput out = new CapturingOutput().failNextConnects(2);
    int code =
        AgentRunner.runOnce(
            config(List.of(input("g", gauge())), List.of(output("o", out))),
            Duration.ZERO,
            clock,
            options);
    assertEquals(1, code);
    assertEquals(0, out.writeAttempts());
  }
}
