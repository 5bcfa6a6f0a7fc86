package io.jagent.core.runtime;

import static io.jagent.core.runtime.TestConfigs.config;
import static io.jagent.core.runtime.TestConfigs.input;
import static io.jagent.core.runtime.TestConfigs.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jagent.core.config.InputSpec;
import io.jagent.core.runtime.TestConfigs.FakeService;
import io.jagent.core.runtime.TestConfigs.ScriptedInput;
import io.jagent.spi.ConfigTable;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.Metric;
import io.jagent.spi.PluginContext;
import io.jagent.testing.CapturingOutput;
import io.jagent.testing.ManualClock;
import io.jagent.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Start-up and the orderly stop (issue point 9, reference §1, §12.5, §12.6). */
class AgentLifecycleTest {
  private final ManualClock clock = new ManualClock();
  private final ManualScheduler sched = new ManualScheduler(clock);
  private final AgentOptions options =
      AgentOptions.defaults().withConnectRetryDelay(Duration.ofMillis(1)).withRandom(new Random(1));

  @Test
  void stopGathersServiceInputsOnceMoreAfterStoppingThemAndFlushes() throws Exception {
    FakeService svc = new FakeService();
    CapturingOutput out = new CapturingOutput();
    Agent a =
        new Agent(config(List.of(input("svc", svc)), List.of(output("o", out))), sched, options);
    a.start();
    sched.advance(Duration.ofSeconds(3)); // before the first tick and flush
    svc.receive(5);
    a.stop(Duration.ofSeconds(5));
    assertEquals(List.of("start", "stop", "gather"), svc.events);
    assertEquals(1, out.metrics().size());
    assertEquals(5L, out.metrics().get(0).field("count"));
    assertEquals(1, out.closeCount());
    assertEquals(0, a.unsentMetrics());
  }

  @Test
  void stopGathersEveryOrdinaryInputAndFlushesEveryOutput() throws Exception {
    ScriptedInput in = new ScriptedInput(acc -> acc.addGauge("g", Map.of("v", 1L), Map.of()));
    CapturingOutput o1 = new CapturingOutput();
    CapturingOutput o2 = new CapturingOutput();
    Agent a =
        new Agent(
            config(List.of(input("g", in)), List.of(output("o1", o1), output("o2", o2))),
            sched,
            options);
    a.start();
    a.stop(Duration.ofSeconds(5));
    assertEquals(1, in.gathers.get());
    assertEquals(1, o1.metrics().size());
    assertEquals(1, o2.metrics().size());
    a.stop(Duration.ofSeconds(5)); // idempotent
    assertEquals(1, o1.closeCount());
  }

  @Test
  void metricsAnOutputCannotTakeAtStopAreCountedAsUnsent() throws Exception {
    ScriptedInput in = new ScriptedInput(acc -> acc.addGauge("g", Map.of("v", 1L), Map.of()));
    CapturingOutput out = new CapturingOutput().failAllWrites();
    Agent a = new Agent(config(List.of(input("g", in)), List.of(output("o", out))), sched, options);
    a.start();
    sched.advance(Duration.ofSeconds(30));
    a.stop(Duration.ofSeconds(5));
    assertEquals(4, a.unsentMetrics()); // 3 ticks + the final gather
  }

  @Test
  @org.junit.jupiter.api.Timeout(30) // before the fix, stop() waited for the hung write forever
  void anOutputHungInAWriteNeitherHoldsTheStopPastItsDeadlineNorTheOtherOutputsBack()
      throws Exception {
    ScriptedInput in = new ScriptedInput(acc -> acc.addGauge("g", Map.of("v", 1L), Map.of()));
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    io.jagent.spi.Output hung =
        new io.jagent.spi.Output() {
          @Override
          public void connect() {}

          @Override
          public void write(List<Metric> batch) throws java.io.IOException {
            try {
              release.await(); // a peer that accepted the connection and never answers
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new java.io.IOException("timed out");
          }

          @Override
          public void close() {}
        };
    CapturingOutput healthy = new CapturingOutput();
    Agent a =
        new Agent(
            config(List.of(input("g", in)), List.of(output("hung", hung), output("ok", healthy))),
            sched,
            options);
    a.start();
    long t0 = System.nanoTime();
    try {
      a.stop(Duration.ofMillis(500));
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(tookMs < 5_000, "stop took " + tookMs + " ms");
      assertEquals(1, healthy.metrics().size());
      assertEquals(1, a.unsentMetrics()); // the batch of the write still in progress
    } finally {
      release.countDown();
    }
  }

  @Test
  void aServicePushBeforeStopIsDelivered() throws Exception {
    FakeService svc = new FakeService();
    CapturingOutput out = new CapturingOutput();
    Agent a =
        new Agent(config(List.of(input("svc", svc)), List.of(output("o", out))), sched, options);
    a.start();
    svc.pushAccumulator().add(Metric.builder("event").field("title", "deploy").build());
    a.stop(Duration.ofSeconds(5));
    assertEquals("event", out.metrics().get(0).name());
    assertEquals("h1", out.metrics().get(0).tag("host"));
  }

  @Test
  void aFailedConnectIsRetriedOnce() throws Exception {
    CapturingOutput out = new CapturingOutput().failNextConnects(1);
    Agent a =
        new Agent(
            config(List.of(input("g", new ScriptedInput(acc -> {}))), List.of(output("o", out))),
            sched,
            options);
    a.start();
    assertEquals(2, out.connectCount());
    assertEquals(1, a.stats().value("write", "startup_errors", Map.of("output", "o", "_id", "1")));
    a.stop(Duration.ofSeconds(1));
  }

  @Test
  void aSecondConnectFailureAbortsStartUp() {
    CapturingOutput out = new CapturingOutput().failNextConnects(2);
    Agent a =
        new Agent(
            config(List.of(input("g", new ScriptedInput(acc -> {}))), List.of(output("o", out))),
            sched,
            options);
    AgentStartException e = assertThrows(AgentStartException.class, a::start);
    assertEquals(
        "connecting output outputs.o: error connecting to output \"outputs.o\": connection refused"
            + " (test)",
        e.getMessage());
    assertEquals(1, out.closeCount());
    assertEquals(0, sched.pendingTimers());
  }

  @Test
  void aServiceThatCannotStartAbortsStartUpAndClosesTheOutputs() {
    CapturingOutput out = new CapturingOutput();
    Agent a =
        new Agent(
            config(List.of(input("svc", new FakeService(true))), List.of(output("o", out))),
            sched,
            options);
    AgentStartException e = assertThrows(AgentStartException.class, a::start);
    assertTrue(e.getMessage().startsWith("starting input inputs.svc: "), e.getMessage());
    assertEquals(1, out.closeCount());
  }

  @Test
  void aPluginThatCannotBeCreatedAbortsStartUp() {
    InputFactory<TestConfigs.NoConfig> broken =
        new InputFactory<>() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public String description() {
            return "";
          }

          @Override
          public TestConfigs.NoConfig parse(ConfigTable table) {
            return new TestConfigs.NoConfig();
          }

          @Override
          public Input create(TestConfigs.NoConfig config, PluginContext ctx) {
            throw new IllegalArgumentException("no such device");
          }
        };
    InputSpec spec =
        new InputSpec(
            "broken",
            broken,
            new TestConfigs.NoConfig(),
            TestConfigs.inputOptions(Duration.ofSeconds(10)),
            "t",
            1);
    Agent a =
        new Agent(
            config(List.of(spec), List.of(output("o", new CapturingOutput()))), sched, options);
    AgentStartException e = assertThrows(AgentStartException.class, a::start);
    assertEquals("could not initialize input inputs.broken: no such device", e.getMessage());
  }

  @Test
  void pluginContextSharesResourcesAndClosesThemInReverseOrderAtStop() throws Exception {
    List<String> closed = new ArrayList<>();
    List<Object> seen = new ArrayList<>();
    InputFactory<TestConfigs.NoConfig> f =
        new InputFactory<>() {
          @Override
          public String name() {
            return "sh";
          }

          @Override
          public String description() {
            return "";
          }

          @Override
          public TestConfigs.NoConfig parse(ConfigTable table) {
            return new TestConfigs.NoConfig();
          }

          @Override
          public Input create(TestConfigs.NoConfig config, PluginContext ctx) {
            seen.add(ctx.shared("loop", () -> "L", x -> closed.add("loop")));
            seen.add(ctx.shared("pool", () -> "P", x -> closed.add("pool")));
            seen.add(ctx.httpClient());
            assertEquals("inputs.sh", ctx.pluginId());
            assertEquals("inputs.sh", ctx.log().getName());
            return acc -> {};
          }
        };
    InputSpec s1 =
        new InputSpec(
            "sh",
            f,
            new TestConfigs.NoConfig(),
            TestConfigs.inputOptions(Duration.ofSeconds(10)),
            "t",
            1);
    Agent a =
        new Agent(
            config(List.of(s1, s1), List.of(output("o", new CapturingOutput()))), sched, options);
    a.start();
    assertTrue(seen.get(0) == seen.get(3), "one instance per key");
    assertTrue(seen.get(2) == seen.get(5), "one HttpClient per agent");
    assertTrue(closed.isEmpty());
    a.stop(Duration.ofSeconds(1));
    assertEquals(List.of("pool", "loop"), closed);
  }

  @Test
  void gatherErrorsAreCounted() throws Exception {
    ScriptedInput bad =
        new ScriptedInput(
            acc -> {
              throw new IllegalStateException("boom");
            });
    Agent a =
        new Agent(
            config(List.of(input("bad", bad)), List.of(output("o", new CapturingOutput()))),
            sched,
            options);
    a.start();
    sched.advance(Duration.ofSeconds(30));
    assertEquals(3, a.stats().value("agent", "gather_errors", Map.of()));
    assertEquals(3, a.stats().value("gather", "gather_errors", Map.of("input", "bad", "_id", "2")));
    a.stop(Duration.ofSeconds(1));
  }

  @Test
  void errorLinesAPluginLogsAreCountedAndKeepTheirCause() throws Exception {
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    ch.qos.logback.classic.Logger lb =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("inputs.logs");
    lb.addAppender(events);
    try {
      InputFactory<TestConfigs.NoConfig> f =
          new InputFactory<>() {
            @Override
            public String name() {
              return "logs";
            }

            @Override
            public String description() {
              return "";
            }

            @Override
            public TestConfigs.NoConfig parse(ConfigTable table) {
              return new TestConfigs.NoConfig();
            }

            @Override
            public Input create(TestConfigs.NoConfig config, PluginContext ctx) {
              return acc -> {
                ctx.log().error("cannot read {}", "/proc/x", new java.io.IOException("denied"));
                ctx.log().warn("only a warning");
              };
            }
          };
      InputSpec spec =
          new InputSpec(
              "logs",
              f,
              new TestConfigs.NoConfig(),
              TestConfigs.inputOptions(Duration.ofSeconds(10)),
              "t",
              1);
      Agent a =
          new Agent(
              config(List.of(spec), List.of(output("o", new CapturingOutput()))), sched, options);
      a.start();
      sched.advance(Duration.ofSeconds(10));
      assertEquals(1, a.stats().value("gather", "errors", Map.of("input", "logs", "_id", "2")));
      ILoggingEvent e = events.list.get(0);
      assertEquals("cannot read /proc/x", e.getFormattedMessage());
      assertEquals("denied", e.getThrowableProxy().getMessage());
      a.stop(Duration.ofSeconds(1));
    } finally {
      lb.detachAppender(events);
    }
  }
}
