package io.jagent.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.jagent.spi.Metric;
import io.jagent.spi.MetricType;
import io.jagent.spi.Output;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every output must have. An output module extends this class in its tests, starts a
 * working in-process peer (fresh per test, e.g. in {@code @BeforeEach}) and implements the two
 * hooks:
 *
 * <ul>
 *   <li>{@link #createOutput} — a new output configured against that peer;
 *   <li>{@link #assertWritten} — asserts the peer received exactly the given metrics (in whatever
 *       form the output sends them), and nothing else.
 * </ul>
 */
public abstract class OutputContract {
  /** The context the output gets; closed after each test. */
  protected TestPluginContext ctx;

  /** A new, not yet connected output that talks to this test's working peer. */
  protected abstract Output createOutput(TestPluginContext ctx) throws Exception;

  /** Asserts that the peer received exactly {@code written}, in order; empty = nothing at all. */
  protected abstract void assertWritten(List<Metric> written) throws Exception;

  /**
   * A batch the output must be able to send: every field type, tags, a timestamp. Override when the
   * backend cannot take some of it.
   */
  protected List<Metric> sampleBatch() {
    long t = 1_700_000_000_000_000_000L;
    return List.of(
        Metric.builder("contract_gauge")
            .tag("host", "h1")
            .tag("region", "eu")
            .field("value", 42.5)
            .time(t)
            .type(MetricType.GAUGE)
            .build(),
        Metric.builder("contract_mixed")
            .tag("host", "h1")
            .field("count", 7L)
            .field("ok", true)
            .field("status", "up")
            .unsignedField("big", 1L << 40)
            .time(t + 1_000_000_000L)
            .build());
  }

  @BeforeEach
  void newContext() {
    ctx = new TestPluginContext("outputs.contract", new ManualClock());
  }

  @AfterEach
  void closeContext() {
    ctx.close();
  }

  @Test
  void writeAfterConnectReachesThePeer() throws Exception {
    List<Metric> batch = sampleBatch();
    try (Output out = createOutput(ctx)) {
      out.connect();
      out.write(batch);
      assertWritten(batch);
    }
  }

  @Test
  void emptyBatchIsANoOp() throws Exception {
    try (Output out = createOutput(ctx)) {
      out.connect();
      out.write(List.of());
      assertWritten(List.of());
    }
  }

  @Test
  void consecutiveBatchesArriveInOrder() throws Exception {
    List<Metric> batch = sampleBatch();
    try (Output out = createOutput(ctx)) {
      out.connect();
      out.write(batch.subList(0, 1));
      out.write(batch.subList(1, batch.size()));
      assertWritten(batch);
    }
  }

  @Test
  void closeIsIdempotent() throws Exception {
    Output out = createOutput(ctx);
    out.connect();
    out.write(sampleBatch());
    assertDoesNotThrow(out::close);
    assertDoesNotThrow(out::close);
  }

  @Test
  void closeWithoutConnectDoesNotThrow() throws Exception {
    Output out = createOutput(ctx);
    assertDoesNotThrow(out::close);
  }
}
