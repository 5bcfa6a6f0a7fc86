package io.jagent.core.runtime;

import static io.jagent.core.runtime.TestConfigs.config;
import static io.jagent.core.runtime.TestConfigs.input;
import static io.jagent.core.runtime.TestConfigs.output;
import static io.jagent.core.runtime.TestConfigs.outputOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.runtime.TestConfigs.FakeService;
import io.jagent.spi.Metric;
import io.jagent.testing.CapturingOutput;
import io.jagent.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With the real scheduler threads (time still manual, so no timer fires): a service input pushing
 * from its own thread fills a batch and a worker writes it early.
 */
class AgentThreadsTest {
  @Test
  void aServicePushFillingABatchIsWrittenEarlyByAWorker() throws Exception {
    FakeService svc = new FakeService();
    CapturingOutput out = new CapturingOutput();
    Agent a =
        new Agent(
            config(List.of(input("svc", svc)), List.of(output("o", out, outputOptions(50, 1000)))),
            new ManualClock(),
            AgentOptions.defaults());
    a.start();
    try {
      Thread loop =
          new Thread(
              () -> {
                for (int i = 0; i < 120; i++) {
                  svc.pushAccumulator().add(Metric.builder("e").field("i", (long) i).build());
                }
              },
              "fake-event-loop");
      loop.start();
      loop.join(10_000);
      assertTrue(out.awaitMetrics(100, 10, TimeUnit.SECONDS), "two early batches");
      for (List<Metric> batch : out.batches()) {
        assertEquals(50, batch.size());
      }
    } finally {
      a.stop(Duration.ofSeconds(5));
    }
    assertEquals(120, out.metrics().size(), "the rest at the final flush");
  }
}
