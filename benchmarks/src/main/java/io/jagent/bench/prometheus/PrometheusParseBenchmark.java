package io.jagent.bench.prometheus;

import io.jagent.inputs.prometheus.PrometheusParseHook;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parses (and maps to metrics) a kube-state-metrics-like body of 100k series with 5-10 label pairs
 * each, as inputs.prometheus does for one scrape.
 *
 * <p>Score = samples/s (one op = one sample, so {@code -prof gc}'s {@code gc.alloc.rate.norm} is
 * bytes allocated per sample); the {@code megabytes} aux counter is MB/s of exposition text.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PrometheusParseBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class PrometheusParseBenchmark {
  static final int SERIES = 100_000;

  @Param({"1", "2"})
  public int metricVersion;

  private byte[] body;

  /** Bytes and samples parsed, reported per second by JMH. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Throughput {
    public double megabytes;

    @Setup(Level.Iteration)
    public void reset() {
      megabytes = 0;
    }
  }

  @Setup
  public void setUp() {
    body = KubeStateMetricsBody.generate(SERIES, 42);
  }

  @Benchmark
  @OperationsPerInvocation(SERIES)
  public void parse(Blackhole bh, Throughput t) throws IOException {
    PrometheusParseHook.parse(
        new ByteArrayInputStream(body),
        false,
        metricVersion,
        1_700_000_000_000_000_000L,
        bh::consume);
    t.megabytes += body.length / 1e6;
  }
}
