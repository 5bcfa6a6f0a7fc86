package io.jagent.testing;

import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.ConfigTable;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@link Output} that records every batch it accepts. It can be told to fail the next writes
 * with an {@link IOException} (the core retries the batch), to reject them with a {@link
 * BatchRejectedException} (the core drops them), or to fail connects. Thread-safe.
 */
public final class CapturingOutput implements Output {
  private final List<List<Metric>> batches = new ArrayList<>();
  private int failWrites;
  private int rejectWrites;
  private int failConnects;
  private int writeAttempts;
  private int connects;
  private int closes;
  private boolean connected;

  /** The next {@code n} writes throw IOException. */
  public synchronized CapturingOutput failNextWrites(int n) {
    failWrites = n;
    return this;
  }

  /** Every write fails until {@link #failNextWrites(int) failNextWrites(0)}. */
  public synchronized CapturingOutput failAllWrites() {
    failWrites = Integer.MAX_VALUE;
    return this;
  }

  /** The next {@code n} writes throw BatchRejectedException. */
  public synchronized CapturingOutput rejectNextWrites(int n) {
    rejectWrites = n;
    return this;
  }

  /** The next {@code n} connects throw IOException. */
  public synchronized CapturingOutput failNextConnects(int n) {
    failConnects = n;
    return this;
  }

  @Override
  public synchronized void connect() throws IOException {
    connects++;
    if (failConnects > 0) {
      failConnects--;
      throw new IOException("connection refused (test)");
    }
    connected = true;
  }

  @Override
  public synchronized void write(List<Metric> batch) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    writeAttempts++;
    if (failWrites > 0) {
      if (failWrites != Integer.MAX_VALUE) {
        failWrites--;
      }
      throw new IOException("write failed (test)");
    }
    if (rejectWrites > 0) {
      rejectWrites--;
      throw new BatchRejectedException("batch rejected (test)");
    }
    batches.add(List.copyOf(batch));
    notifyAll();
  }

  @Override
  public synchronized void close() {
    closes++;
    connected = false;
  }

  /** The accepted batches, in order. */
  public synchronized List<List<Metric>> batches() {
    return List.copyOf(batches);
  }

  /** Every accepted metric, in write order. */
  public synchronized List<Metric> metrics() {
    List<Metric> all = new ArrayList<>();
    batches.forEach(all::addAll);
    return all;
  }

  /** Writes of non-empty batches, failed ones included. */
  public synchronized int writeAttempts() {
    return writeAttempts;
  }

  public synchronized int connectCount() {
    return connects;
  }

  public synchronized int closeCount() {
    return closes;
  }

  public synchronized boolean isConnected() {
    return connected;
  }

  public synchronized void clear() {
    batches.clear();
  }

  /** Waits (bounded) until at least {@code n} metrics were accepted. */
  public synchronized boolean awaitMetrics(int n, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (metrics().size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** The config record of {@link #factory}: no options. */
  public record NoConfig() {}

  /**
   * A factory named {@code name} whose every {@code create} returns {@code output}, to put a
   * capturing output into an agent config in tests.
   */
  public static OutputFactory<NoConfig> factory(String name, Output output) {
    return new OutputFactory<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "test output";
      }

      @Override
      public NoConfig parse(ConfigTable table) {
        return new NoConfig();
      }

      @Override
      public Output create(NoConfig config, PluginContext ctx) {
        return output;
      }
    };
  }
}
