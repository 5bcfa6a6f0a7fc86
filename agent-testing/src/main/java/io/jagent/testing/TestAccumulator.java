package io.jagent.testing;

import io.jagent.spi.Accumulator;
import io.jagent.spi.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Collects what an input emits, for assertions. Thread-safe. */
public final class TestAccumulator implements Accumulator {
  private final List<Metric> metrics = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();

  @Override
  public synchronized void add(Metric metric) {
    metrics.add(metric);
    notifyAll();
  }

  @Override
  public synchronized void addError(Throwable error) {
    errors.add(error);
    notifyAll();
  }

  public synchronized List<Metric> metrics() {
    return List.copyOf(metrics);
  }

  public synchronized List<Throwable> errors() {
    return List.copyOf(errors);
  }

  public synchronized void clear() {
    metrics.clear();
    errors.clear();
  }

  public synchronized List<Metric> named(String name) {
    return metrics.stream().filter(m -> m.name().equals(name)).toList();
  }

  /** The metrics as sorted {@link Metric#toString()} lines (timestamps included). */
  public synchronized List<String> lines() {
    return metrics.stream().map(Metric::toString).sorted(Comparator.naturalOrder()).toList();
  }

  /** Waits (bounded) until a metric matching {@code p} arrived; true if it did. */
  public synchronized boolean await(Predicate<Metric> p, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (metrics.stream().noneMatch(p)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Waits (bounded) until at least {@code n} metrics arrived; true if they did. */
  public synchronized boolean awaitCount(int n, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (metrics.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }
}
