package io.jagent.core.runtime;

import io.jagent.core.config.InputSpec;
import io.jagent.core.pipeline.InputPipeline;
import io.jagent.core.pipeline.MetricSink;
import io.jagent.core.schedule.Scheduler;
import io.jagent.core.schedule.Ticks;
import io.jagent.spi.Clock;
import io.jagent.spi.Durations;
import io.jagent.spi.Input;
import io.jagent.spi.ServiceInput;
import io.jagent.spi.Stat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One input instance: its pipeline, its gather ticks (reference agent.md §11.1) and its counters.
 * Ticks fire on the scheduler thread and hand the gather to a worker; a tick that finds the
 * previous gather still running (queued or in progress) is skipped and counted as a gather timeout.
 */
final class RunningInput {
  final InputSpec spec;
  final Input input;
  final CorePluginContext ctx;
  private final InputPipeline pipeline;
  private final Clock clock;
  private final Semaphore busy = new Semaphore(1);
  private final Stat gatherTimeouts;
  private final Stat agentGatherTimeouts;
  private final Stat startupErrors;
  private final SelfStatsRegistry.Timing gatherTime;
  private final long interval;
  private final long jitter;
  private final long offset;

  private Scheduler scheduler;
  private Random random;
  private long base;
  private volatile Scheduler.Cancellable timer;
  private volatile boolean ticking;

  RunningInput(
      InputSpec spec,
      Input input,
      CorePluginContext ctx,
      SortedMap<String, String> globalTags,
      List<? extends MetricSink> sinks,
      SelfStatsRegistry registry,
      AgentStats agentStats,
      String instanceId) {
    this.spec = spec;
    this.input = input;
    this.ctx = ctx;
    this.clock = ctx.clock();
    Map<String, String> tags =
        SelfStatsRegistry.pluginTags("input", spec.name(), spec.options().alias(), instanceId);
    Stat errors = registry.register("gather", "errors", tags);
    InputPipeline.Stats ps =
        new InputPipeline.Stats(
            registry.register("gather", "metrics_gathered", tags),
            registry.register("gather", "gather_errors", tags),
            errors,
            agentStats.metricsGathered(),
            agentStats.gatherErrors());
    this.gatherTimeouts = registry.register("gather", "gather_timeouts", tags);
    this.startupErrors = registry.register("gather", "startup_errors", tags);
    this.gatherTime = registry.registerTiming("gather", "gather_time_ns", tags);
    this.agentGatherTimeouts = agentStats.gatherTimeouts();
    this.pipeline =
        new InputPipeline(
            spec.options(), globalTags, sinks, ps, ctx.log(), ctx.coreRateLimitedLog(), clock);
    this.interval = spec.options().interval().toNanos();
    this.jitter = nanos(spec.options().collectionJitter());
    this.offset = nanos(spec.options().collectionOffset());
  }

  private static long nanos(java.time.Duration d) {
    return d == null ? 0 : Math.max(0, d.toNanos());
  }

  String id() {
    return spec.id();
  }

  boolean isService() {
    return input instanceof ServiceInput;
  }

  InputPipeline pipeline() {
    return pipeline;
  }

  /** Starts a service input; the failure is counted in startup_errors and rethrown. */
  void startService() throws Exception {
    if (input instanceof ServiceInput s) {
      try {
        s.start(pipeline.serviceAccumulator());
      } catch (Exception | LinkageError e) {
        startupErrors.incr(1);
        throw e;
      }
    }
  }

  void stopService() {
    if (input instanceof ServiceInput s) {
      try {
        s.stop();
      } catch (RuntimeException e) {
        ctx.log().warn("Stopping the service failed: {}", e.toString());
      }
    }
  }

  /** Arms the first tick (§11.1). */
  void startTicking(Scheduler scheduler, Random random, boolean roundInterval) {
    this.scheduler = scheduler;
    this.random = random;
    this.base = Ticks.firstBase(clock.epochNanos(), interval, roundInterval);
    this.ticking = true;
    arm();
  }

  void stopTicking() {
    ticking = false;
    Scheduler.Cancellable t = timer;
    if (t != null) {
      t.cancel();
    }
  }

  private void arm() {
    long due = base + offset + Ticks.jitter(jitter, this::random);
    timer = scheduler.at(due, this::onTick);
  }

  private long random(long bound) {
    return random.nextLong(bound);
  }

  /** On the scheduler thread: re-arm, then hand the gather to a worker unless one is running. */
  private void onTick() {
    if (!ticking) {
      return;
    }
    base = Ticks.nextBase(base, interval, offset, clock.epochNanos());
    arm();
    if (!busy.tryAcquire()) {
      gatherTimeouts.incr(1);
      agentGatherTimeouts.incr(1);
      ctx.log().debug("Previous collection has not completed; scheduled collection skipped");
      ctx.rateLimitedLog()
          .warn(
              "Collection took longer than expected; not complete after interval of {}",
              Durations.format(spec.options().interval()));
      return;
    }
    scheduler.execute(
        () -> {
          try {
            gather();
          } finally {
            busy.release();
          }
        });
  }

  /** Gathers once on the calling thread; returns the number of errors reported. */
  int gather() {
    InputPipeline.GatherAccumulator acc = pipeline.gatherAccumulator();
    long t0 = clock.nanoTime();
    try {
      input.gather(acc);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acc.addError(e);
    } catch (Exception | Error e) {
      acc.addError(e);
    } finally {
      gatherTime.record(clock.nanoTime() - t0);
    }
    return acc.errorCount();
  }

  /**
   * The last gather at shutdown: waits (bounded) for a running gather, then gathers once. Returns
   * the number of errors, or -1 when the previous gather did not end in time.
   */
  int finalGather(long timeoutNanos) {
    try {
      if (!busy.tryAcquire(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS)) {
        ctx.log().warn("Final gather skipped: the previous collection is still running");
        return -1;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
    try {
      return gather();
    } finally {
      busy.release();
    }
  }

  void close() {
    if (input instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        ctx.log().warn("Closing failed: {}", e.toString());
      }
    }
  }
}
