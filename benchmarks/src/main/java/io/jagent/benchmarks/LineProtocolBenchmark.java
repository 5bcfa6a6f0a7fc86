package io.jagent.benchmarks;

import io.jagent.spi.Metric;
import io.jagent.spi.lineprotocol.LineBuffer;
import io.jagent.spi.lineprotocol.LineProtocolParser;
import io.jagent.spi.lineprotocol.LineProtocolSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Serializing a batch of typical metrics (3 tags, 5 fields: floats with fractions, integral floats,
 * an int, a string) into a reused buffer, and parsing it back. Score = batches/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LineProtocolBenchmark {
  @Param({"1000", "5000"})
  int batchSize;

  private final LineProtocolSerializer serializer = LineProtocolSerializer.defaults();
  private final LineProtocolParser parser = new LineProtocolParser();
  private final LineBuffer buffer = new LineBuffer(1 << 20);
  private List<Metric> batch;
  private String text;

  @Setup
  public void setUp() {
    SplittableRandom r = new SplittableRandom(1);
    batch = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      batch.add(
          Metric.builder("cpu")
              .tag("cpu", "cpu" + (i % 8))
              .tag("host", "node-" + (i % 50) + ".example.com")
              .tag("region", "eu-west-1")
              .field("usage_user", r.nextDouble() * 100)
              .field("usage_system", Math.round(r.nextDouble() * 10000) / 100.0)
              .field("usage_idle", (double) r.nextInt(100))
              .field("count", r.nextLong(1_000_000))
              .field("state", "running")
              .time(1_700_000_000_000_000_000L + i * 1_000_000L)
              .build());
    }
    for (Metric m : batch) {
      serializer.append(m, buffer);
    }
    text = buffer.toString();
  }

  @Benchmark
  public int serializeBatch() {
    buffer.reset();
    for (Metric m : batch) {
      serializer.append(m, buffer);
    }
    return buffer.size();
  }

  @Benchmark
  public void parseBatch(Blackhole bh) {
    parser.parse(text, bh::consume, bh::consume);
  }
}
