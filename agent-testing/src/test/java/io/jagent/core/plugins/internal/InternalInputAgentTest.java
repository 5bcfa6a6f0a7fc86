package io.jagent.core.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.InputSpec;
import io.jagent.core.runtime.Agent;
import io.jagent.core.runtime.AgentOptions;
import io.jagent.core.runtime.TestConfigs;
import io.jagent.core.runtime.Version;
import io.jagent.spi.Metric;
import io.jagent.testing.CapturingOutput;
import io.jagent.testing.ManualClock;
import io.jagent.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** inputs.internal inside a running agent: the core's own counters reach the outputs. */
class InternalInputAgentTest {
  @Test
  void reportsAgentGatherAndWriteStatsWithVersionAndHostTags() throws Exception {
    ManualClock clock = new ManualClock();
    ManualScheduler sched = new ManualScheduler(clock);
    CapturingOutput out = new CapturingOutput();
    InputSpec internal =
        new InputSpec(
            "internal",
            new InternalInputFactory(),
            new InternalConfig(false, false, false),
            TestConfigs.inputOptions(Duration.ofSeconds(10)),
            "t",
            1);
    InputSpec gauge =
        TestConfigs.input(
            "g",
            new TestConfigs.ScriptedInput(acc -> acc.addGauge("g", Map.of("v", 1L), Map.of())));
    Agent agent =
        new Agent(
            TestConfigs.config(List.of(internal, gauge), List.of(TestConfigs.output("cap", out))),
            sched,
            AgentOptions.defaults().withRandom(new Random(5)));
    agent.start();
    sched.advance(Duration.ofSeconds(25)); // gathers at +10 and +20, flush at +10 and +20
    agent.stop(Duration.ofSeconds(1));

    List<Metric> agentStats =
        out.metrics().stream().filter(m -> m.name().equals("internal_agent")).toList();
    assertTrue(agentStats.size() >= 2);
    Metric last = agentStats.get(agentStats.size() - 1);
    assertEquals(Map.of("host", "h1", "version", Version.get()), last.tags());
    assertTrue((Long) last.field("metrics_gathered") >= 2);
    assertTrue((Long) last.field("metrics_written") >= 1);

    Metric write =
        out.metrics().stream().filter(m -> m.name().equals("internal_write")).findFirst().get();
    assertEquals("cap", write.tag("output"));
    assertEquals(10_000L, write.field("buffer_limit"));
    Metric gather =
        out.metrics().stream()
            .filter(m -> m.name().equals("internal_gather") && "g".equals(m.tag("input")))
            .findFirst()
            .get();
    assertEquals(0L, gather.field("gather_errors"));
    assertTrue(
        gather
            .fields()
            .keySet()
            .containsAll(
                List.of(
                    "errors",
                    "gather_errors",
                    "gather_time_ns",
                    "gather_timeouts",
                    "metrics_gathered",
                    "startup_errors")));
  }
}
