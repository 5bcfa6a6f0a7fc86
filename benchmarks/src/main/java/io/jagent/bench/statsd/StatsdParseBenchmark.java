package io.jagent.bench.statsd;

import io.jagent.inputs.statsd.StatsdHarness;
import io.jagent.spi.Accumulator;
import io.jagent.spi.Metric;
import io.jagent.testing.TestPluginContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * statsd parse + aggregate, one thread, no sockets. One operation = one line, so the score is lines
 * per second and {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes allocated per line.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StatsdParseBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StatsdParseBenchmark {
  static final int LINES = 2000;

  /**
   * counter1: single-line counter datagrams over 1000 names; mixed20: 20-line datagrams of
   * counters, gauges, timers, sets with influx tags; timer1: single-line timers over 100 names
   * (samples kept up to percentile_limit); datadog1: single-line counters and timers with DataDog
   * tags and sample rates.
   */
  @Param({"counter1", "mixed20", "timer1", "datadog1"})
  public String workload;

  private StatsdHarness harness;
  private byte[][] datagrams;
  private final Accumulator sink =
      new Accumulator() {
        @Override
        public void add(Metric metric) {}

        @Override
        public void addError(Throwable error) {}
      };

  @Setup(Level.Trial)
  public void setUp() {
    String body =
        workload.startsWith("datadog")
            ? "datadog_extensions = true\npercentiles = [90, 99]\n"
            : "percentiles = [90, 99]\n";
    harness = new StatsdHarness(body, new TestPluginContext("inputs.statsd"));
    List<String> lines = new ArrayList<>(LINES);
    for (int i = 0; i < LINES; i++) {
      lines.add(line(i));
    }
    int perDatagram = workload.equals("mixed20") ? 20 : 1;
    datagrams = new byte[LINES / perDatagram][];
    for (int d = 0; d < datagrams.length; d++) {
      StringBuilder sb = new StringBuilder();
      for (int l = 0; l < perDatagram; l++) {
        sb.append(lines.get(d * perDatagram + l)).append('\n');
      }
      datagrams[d] = sb.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  private String line(int i) {
    int name = i % 1000;
    return switch (workload) {
      case "counter1" -> "app.requests.endpoint" + name + ":1|c";
      case "timer1" -> "app.latency.route" + (name % 100) + ":" + (i % 250) + ".5|ms";
      case "mixed20" ->
          switch (i % 4) {
            case 0 -> "app.requests,host=web" + (name % 10) + ",code=200:1|c";
            case 1 -> "app.queue.depth" + (name % 50) + ":" + (i % 97) + "|g";
            case 2 -> "app.latency,route=r" + (name % 25) + ":" + (i % 250) + ".5|ms";
            default -> "app.users:u" + (i % 300) + "|s";
          };
      default ->
          i % 2 == 0
              ? "page.views:1|c|@0.5|#env:prod,route:r" + (name % 40) + ",canary"
              : "db.query.time:" + (i % 120) + "|ms|#env:prod,table:t" + (name % 20);
    };
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parseAndAggregate() {
    for (byte[] d : datagrams) {
      harness.offer(d, 0, d.length);
    }
  }

  @TearDown(Level.Iteration)
  public void gather() {
    harness.gather(sink);
  }
}
