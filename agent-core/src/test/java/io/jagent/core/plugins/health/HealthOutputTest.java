package io.jagent.core.plugins.health;

import static io.jagent.core.plugins.health.TestSupport.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jagent.spi.Metric;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health state without the HTTP listener; time from a manual clock. */
class HealthOutputTest {
  private final TestSupport.ManualClock clock = new TestSupport.ManualClock();

  private HealthOutput output(String body) {
    return new HealthOutput(TestSupport.config(body), TestSupport.context(clock), null);
  }

  private static Metric internalWrite(String output, long bufferSize) {
    return Metric.builder("internal_write")
        .tag("output", output)
        .field("buffer_size", bufferSize)
        .field("buffer_limit", 10000L)
        .time(1L)
        .build();
  }

  @Test
  void healthyWithoutChecks() {
    HealthOutput h = output("");
    assertEquals(200, h.status());
    h.write(List.of(metric("cpu", "usage", 1.0)));
    assertEquals(200, h.status());
  }

  @Test
  void defaultStatusUntilTheFirstMetric() {
    HealthOutput h = output("default_status = 503\n[[contains]]\n field = \"buffer_size\"");
    assertEquals(503, h.status());
    h.write(List.of(internalWrite("wavefront", 0)));
    assertEquals(200, h.status());
  }

  @Test
  void emptyBatchChangesNothing() {
    HealthOutput h = output("default_status = 503");
    h.write(List.of());
    assertEquals(503, h.status());
  }

  @Test
  void fillingBufferOfAnotherOutputTurnsUnhealthyAndBack() {
    // the deploy/ sidecar: namepass = ["internal_write"] (applied by the core) + buffer_size < 5000
    HealthOutput h = output("[[compares]]\n field = \"buffer_size\"\n lt = 5000.0");
    h.write(List.of(internalWrite("wavefront", 10), internalWrite("health", 0)));
    assertEquals(200, h.status());
    h.write(List.of(internalWrite("wavefront", 6000), internalWrite("health", 0)));
    assertEquals(503, h.status());
    h.write(List.of(internalWrite("wavefront", 4999), internalWrite("health", 1)));
    assertEquals(200, h.status());
  }

  @Test
  void everyCheckMustPass() {
    HealthOutput h =
        output(
            "[[compares]]\n field = \"buffer_size\"\n lt = 5000.0\n"
                + "[[contains]]\n field = \"metrics_dropped\"");
    h.write(List.of(internalWrite("wavefront", 1)));
    assertEquals(503, h.status()); // contains fails
    h.write(
        List.of(internalWrite("wavefront", 1), metric("internal_write", "metrics_dropped", 0L)));
    assertEquals(200, h.status());
  }

  @Test
  void maxTimeBetweenMetricsCountsFromStartAndResetsOnWrite() throws Exception {
    HealthOutput h = output("max_time_between_metrics = \"30s\"");
    assertEquals(200, h.status());
    clock.advance(Duration.ofSeconds(29));
    assertEquals(200, h.status());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(503, h.status()); // nothing written within 30s
    h.write(List.of(metric("m", "v", 1L)));
    assertEquals(200, h.status());
    clock.advance(Duration.ofSeconds(31));
    assertEquals(503, h.status());
  }

  @Test
  void maxTimeBeatsDefaultStatusAndHealthyChecks() {
    HealthOutput h = output("max_time_between_metrics = \"10s\"\ndefault_status = 204");
    assertEquals(204, h.status());
    clock.advance(Duration.ofSeconds(10));
    assertEquals(503, h.status());
  }

  @Test
  void zeroMaxTimeIsOff() {
    HealthOutput h = output("max_time_between_metrics = \"0s\"");
    clock.advance(Duration.ofDays(365));
    assertEquals(200, h.status());
  }
}
