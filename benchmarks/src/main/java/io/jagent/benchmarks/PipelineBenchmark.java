package io.jagent.benchmarks;

import io.jagent.core.config.InputOptions;
import io.jagent.core.pipeline.InputPipeline;
import io.jagent.core.pipeline.MetricBuffer;
import io.jagent.core.pipeline.MetricFilter;
import io.jagent.core.runtime.SelfStatsRegistry;
import io.jagent.spi.Clock;
import io.jagent.spi.Metric;
import io.jagent.spi.MetricType;
import io.jagent.spi.RateLimitedLogger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * The core's hot path: one metric through an input pipeline (time stamp, rounding, global tags)
 * into two output buffers, and a buffer add alone, single-threaded and with two producers (the
 * event loop and a worker). Buffers are full, so the drop-oldest path is what is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PipelineBenchmark {
  private MetricBuffer buffer;
  private InputPipeline.GatherAccumulator acc;
  private Metric raw;
  private Metric stamped;

  private static MetricBuffer newBuffer(SelfStatsRegistry r, String name) {
    Map<String, String> t = Map.of("output", name);
    return new MetricBuffer(
        10_000,
        new MetricBuffer.Stats(
            r.register("write", "metrics_added", t),
            r.register("write", "metrics_dropped", t),
            r.register("write", "metrics_written", t),
            r.register("write", "metrics_rejected", t),
            r.register("write", "buffer_size", t),
            r.register("agent", "metrics_dropped", Map.of()),
            r.register("agent", "metrics_written", Map.of()),
            r.register("agent", "metrics_rejected", Map.of())));
  }

  @Setup
  public void setup() {
    SelfStatsRegistry r = new SelfStatsRegistry();
    buffer = newBuffer(r, "a");
    MetricBuffer other = newBuffer(r, "b");
    TreeMap<String, String> global = new TreeMap<>();
    global.put("host", "web-1");
    global.put("env", "prod");
    InputOptions opts =
        new InputOptions(
            "",
            Duration.ofSeconds(10),
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            "",
            "",
            "",
            Map.of("dc", "eu-1"),
            MetricFilter.NONE);
    Map<String, String> t = Map.of("input", "bench");
    InputPipeline p =
        new InputPipeline(
            opts,
            global,
            List.of(buffer::add, other::add),
            new InputPipeline.Stats(
                r.register("gather", "metrics_gathered", t),
                r.register("gather", "gather_errors", t),
                r.register("gather", "errors", t),
                r.register("agent", "metrics_gathered", Map.of()),
                r.register("agent", "gather_errors", Map.of())),
            LoggerFactory.getLogger("inputs.bench"),
            new RateLimitedLogger(LoggerFactory.getLogger("inputs.bench"), Clock.SYSTEM),
            Clock.SYSTEM);
    acc = p.gatherAccumulator();
    raw =
        Metric.builder("statsd_requests")
            .tag("metric_type", "counter")
            .tag("service", "checkout")
            .field("value", 42L)
            .type(MetricType.COUNTER)
            .build();
    stamped = raw.withTime(1_700_000_000_000_000_000L);
    for (int i = 0; i < 10_000; i++) {
      buffer.add(stamped);
      other.add(stamped);
    }
  }

  @Benchmark
  public void accumulatorToTwoOutputs() {
    acc.add(raw);
  }

  @Benchmark
  public int bufferAdd() {
    return buffer.add(stamped);
  }

  @Benchmark
  @Threads(2)
  public int bufferAddTwoProducers() {
    return buffer.add(stamped);
  }
}
