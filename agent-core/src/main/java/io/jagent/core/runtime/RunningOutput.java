package io.jagent.core.runtime;

import io.jagent.core.config.OutputSpec;
import io.jagent.core.pipeline.MetricBuffer;
import io.jagent.core.pipeline.MetricFilter;
import io.jagent.core.pipeline.MetricSink;
import io.jagent.core.schedule.Scheduler;
import io.jagent.core.schedule.Ticks;
import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Clock;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.spi.Stat;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One output instance (reference agent.md §9.4, §11.4, §12): output filters and names, the buffer,
 * the flush timer, early flushes and the write transaction. At most one write is in flight: every
 * write happens under {@link #writeLock}, taken by a worker (or the shutdown flush).
 */
final class RunningOutput implements MetricSink {
  private static final Logger AGENT_LOG = LoggerFactory.getLogger("agent");

  final OutputSpec spec;
  final Output output;
  final CorePluginContext ctx;
  private final Clock clock;
  private final MetricFilter filter;
  private final String nameOverride;
  private final String namePrefix;
  private final String nameSuffix;
  private final int batchSize;
  private final MetricBuffer buffer;
  private final Stat filtered;
  private final Stat writeErrors;
  private final Stat agentWriteErrors;
  private final Stat startupErrors;
  private final SelfStatsRegistry.Timing writeTime;
  private final long flushInterval;
  private final long flushJitter;

  private final ReentrantLock writeLock = new ReentrantLock();
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private volatile boolean fullFlushRequested;
  private volatile boolean lastWriteFailed;
  private volatile boolean closed;

  private volatile Scheduler scheduler;
  private Random random;
  private volatile Scheduler.Cancellable timer;
  private volatile boolean ticking;

  RunningOutput(
      OutputSpec spec,
      Output output,
      CorePluginContext ctx,
      SelfStatsRegistry registry,
      AgentStats agentStats,
      String instanceId) {
    this.spec = spec;
    this.output = output;
    this.ctx = ctx;
    this.clock = ctx.clock();
    var o = spec.options();
    this.filter = o.filter() == null ? MetricFilter.NONE : o.filter();
    this.nameOverride = emptyToNull(o.nameOverride());
    this.namePrefix = emptyToNull(o.namePrefix());
    this.nameSuffix = emptyToNull(o.nameSuffix());
    this.batchSize = o.metricBatchSize() > 0 ? o.metricBatchSize() : 1000;
    int limit = o.metricBufferLimit() > 0 ? o.metricBufferLimit() : 10_000;
    this.flushInterval = o.flushInterval().toNanos();
    this.flushJitter = o.flushJitter() == null ? 0 : Math.max(0, o.flushJitter().toNanos());
    Map<String, String> tags =
        SelfStatsRegistry.pluginTags("output", spec.name(), o.alias(), instanceId);
    this.buffer =
        new MetricBuffer(
            limit,
            new MetricBuffer.Stats(
                registry.register("write", "metrics_added", tags),
                registry.register("write", "metrics_dropped", tags),
                registry.register("write", "metrics_written", tags),
                registry.register("write", "metrics_rejected", tags),
                registry.register("write", "buffer_size", tags),
                agentStats.metricsDropped(),
                agentStats.metricsWritten(),
                agentStats.metricsRejected()));
    registry.register("write", "buffer_limit", tags).set(limit);
    this.filtered = registry.register("write", "metrics_filtered", tags);
    this.writeErrors = registry.register("write", "write_errors", tags);
    // "errors" counts the ERROR lines the output logs (CountingLogger), as Telegraf's selfstat
    registry.register("write", "errors", tags);
    this.startupErrors = registry.register("write", "startup_errors", tags);
    this.writeTime = registry.registerTiming("write", "write_time_ns", tags);
    this.agentWriteErrors = agentStats.writeErrors();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  String id() {
    return spec.id();
  }

  MetricBuffer buffer() {
    return buffer;
  }

  /**
   * Connects (§12.6): on failure waits {@code retryDelay} and tries once more; a second failure
   * aborts start-up.
   */
  void connect(Duration retryDelay) throws AgentStartException {
    try {
      output.connect();
      return;
    } catch (IOException | RuntimeException e) {
      startupErrors.incr(1);
      AGENT_LOG.error(
          "Failed to connect to [{}], retrying in {}, error was \"{}\"",
          id(),
          io.jagent.spi.Durations.format(retryDelay),
          e.getMessage());
    }
    try {
      Thread.sleep(retryDelay.toMillis());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new AgentStartException("connecting output " + id() + ": interrupted");
    }
    try {
      output.connect();
    } catch (IOException | RuntimeException e) {
      startupErrors.incr(1);
      throw new AgentStartException(
          "connecting output "
              + id()
              + ": error connecting to output \""
              + id()
              + "\": "
              + e.getMessage(),
          e);
    }
  }

  /** The hot path: filters, names and buffers one metric; may trigger an early flush. */
  @Override
  public void accept(Metric m) {
    if (closed) {
      return;
    }
    if (!filter.isEmpty()) {
      if (!filter.selects(m)) {
        filtered.incr(1);
        return;
      }
      m = filter.modify(m);
      if (m == null || m.fieldCount() == 0) {
        filtered.incr(1);
        return;
      }
    }
    if (nameOverride != null || namePrefix != null || nameSuffix != null) {
      String name = nameOverride != null ? nameOverride : m.name();
      if (namePrefix != null) {
        name = namePrefix + name;
      }
      if (nameSuffix != null) {
        name = name + nameSuffix;
      }
      m = m.withName(name);
    }
    int size = buffer.add(m);
    if (size >= batchSize && scheduler != null && !lastWriteFailed && !writeLock.isLocked()) {
      scheduleDrain();
    }
  }

  /** Arms the flush timer: every flush_interval + random[0, flush_jitter), not aligned. */
  void startTimer(Scheduler scheduler, Random random) {
    this.random = random;
    this.scheduler = scheduler;
    this.ticking = true;
    armTimer();
  }

  /** Lets early flushes run on the scheduler's workers without a timer ({@code --once}). */
  void useWorkers(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  void stopTimer() {
    ticking = false;
    Scheduler.Cancellable t = timer;
    if (t != null) {
      t.cancel();
    }
  }

  private void armTimer() {
    long due =
        clock.epochNanos() + flushInterval + Ticks.jitter(flushJitter, b -> random.nextLong(b));
    timer = scheduler.at(due, this::onTimer);
  }

  private void onTimer() {
    if (!ticking) {
      return;
    }
    armTimer();
    if (writeLock.isLocked()) {
      ctx.coreRateLimitedLog().warn("[\"{}\"] did not complete within its flush interval", id());
    }
    fullFlushRequested = true;
    scheduleDrain();
  }

  /** A full flush as soon as a worker is free (SIGUSR1). */
  void requestFlush() {
    if (scheduler != null && !closed) {
      fullFlushRequested = true;
      scheduleDrain();
    }
  }

  private void scheduleDrain() {
    if (drainQueued.compareAndSet(false, true)) {
      scheduler.execute(this::drain);
    }
  }

  /** On a worker: a full flush if the timer asked for one, else one early batch. */
  private void drain() {
    drainQueued.set(false);
    if (!writeLock.tryLock()) {
      return; // the writer re-checks when it is done
    }
    try {
      if (fullFlushRequested) {
        fullFlushRequested = false;
        flushAll(Long.MAX_VALUE);
      } else if (!lastWriteFailed && buffer.size() >= batchSize) {
        writeBatch();
      }
    } finally {
      writeLock.unlock();
    }
    if (!closed && (fullFlushRequested || (!lastWriteFailed && buffer.size() >= batchSize))) {
      scheduleDrain();
    }
  }

  /**
   * Writes the buffer content present now, in batches, stopping at the first failure or at {@code
   * deadline} ({@link Clock#nanoTime()}). Caller holds the write lock. Returns true when all went.
   */
  private boolean flushAll(long deadline) {
    int n = buffer.size();
    int batches = (n + batchSize - 1) / batchSize;
    for (int i = 0; i < batches; i++) {
      if (deadline != Long.MAX_VALUE && clock.nanoTime() - deadline >= 0) {
        return false;
      }
      if (!writeBatch()) {
        return false;
      }
    }
    return true;
  }

  /** One batch transaction. Caller holds the write lock. False when the write failed. */
  private boolean writeBatch() {
    long dropped = buffer.takeDroppedSinceLastWrite();
    if (dropped > 0) {
      ctx.log().warn("Metric buffer overflow; {} metrics have been dropped", dropped);
    }
    MetricBuffer.Batch b = buffer.take(batchSize);
    if (b.isEmpty()) {
      buffer.accept(b);
      return true;
    }
    long t0 = clock.nanoTime();
    try {
      output.write(b.metrics());
      buffer.accept(b);
      lastWriteFailed = false;
      long took = clock.nanoTime() - t0;
      writeTime.record(took);
      if (ctx.log().isDebugEnabled()) {
        ctx.log()
            .debug(
                "Wrote batch of {} metrics in {}",
                b.size(),
                io.jagent.spi.Durations.format(Duration.ofNanos(took)));
        ctx.log().debug("Buffer fullness: {} / {} metrics", buffer.size(), buffer.limit());
      }
      return true;
    } catch (BatchRejectedException e) {
      buffer.reject(b);
      lastWriteFailed = false;
      AGENT_LOG.error(
          "{} rejected a batch of {} metrics, dropped: {}", id(), b.size(), e.getMessage());
      return true;
    } catch (IOException | RuntimeException e) {
      buffer.giveBack(b);
      lastWriteFailed = true;
      writeErrors.incr(1);
      agentWriteErrors.incr(1);
      AGENT_LOG.error("Error writing to {}: {}", id(), e.getMessage());
      return false;
    }
  }

  /**
   * The shutdown flush: waits (bounded) for a write in flight, then writes everything. Returns the
   * number of metrics left unsent.
   */
  int finalFlush(long deadlineNanoTime) {
    stopTimer();
    boolean locked;
    try {
      locked =
          writeLock.tryLock(Math.max(0, deadlineNanoTime - clock.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      locked = false;
    }
    if (!locked) {
      // a write still in flight holds the lock: its batch is not sent either
      return unsent();
    }
    try {
      // every batch until empty, but stop at a failure: the endpoint is down
      while (buffer.size() > 0 && clock.nanoTime() - deadlineNanoTime < 0) {
        if (!writeBatch()) {
          break;
        }
      }
      return buffer.size();
    } finally {
      writeLock.unlock();
    }
  }

  /** Stops accepting metrics and closes the output; idempotent. */
  void close() {
    closed = true;
    stopTimer();
    try {
      output.close();
    } catch (Exception e) {
      ctx.log().warn("Closing failed: {}", e.toString());
    }
  }

  /** Metrics not (yet) written: the buffer plus a batch whose write is still in flight. */
  int unsent() {
    return buffer.size() + buffer.inFlight();
  }

  boolean lastWriteFailed() {
    return lastWriteFailed;
  }
}
