package io.jagent.core.runtime;

import io.jagent.core.config.AgentConfig;
import io.jagent.core.config.InputSpec;
import io.jagent.core.config.OutputSpec;
import io.jagent.core.pipeline.MetricSink;
import io.jagent.core.schedule.Scheduler;
import io.jagent.core.schedule.SystemScheduler;
import io.jagent.spi.Clock;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.Output;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginContext;
import io.jagent.spi.Stat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running configuration: its plugins, pipelines, buffers and timers (reference agent.md §1,
 * §11, §12). {@link #start()} creates the plugins, connects the outputs, starts the service inputs
 * and arms the timers; {@link #stop(Duration)} stops listening, gathers every input one last time
 * (service inputs included), flushes every output within the deadline and closes everything.
 *
 * <p>A new instance is used for every (re)load. Under an {@link AgentRunner} two things outlive it:
 * the shared resources ({@link PluginContext#shared}, e.g. the Netty event loop), closed when the
 * runner exits, and the resources a plugin hands over to its successor at a reload ({@link
 * PluginContext#handOver}, e.g. the bound statsd socket).
 */
public final class Agent {
  private static final Logger LOG = LoggerFactory.getLogger("agent");

  private enum State {
    NEW,
    RUNNING,
    STOPPED
  }

  private final AgentConfig config;
  private final AgentOptions options;
  private final Clock clock;
  private final SelfStatsRegistry stats = new SelfStatsRegistry();
  private final AgentStats agentStats = AgentStats.register(stats);
  private final SharedResources shared;
  private final boolean ownsShared;
  private final Handovers handovers;
  private final List<RunningOutput> outputs = new ArrayList<>();
  private final List<RunningInput> inputs = new ArrayList<>();
  private final boolean ownsScheduler;
  private Scheduler scheduler;
  private State state = State.NEW;
  private int instanceSeq;
  private long unsentAtStop;

  /** An agent with its own {@code agent-scheduler} thread and worker pool, made at start. */
  public Agent(AgentConfig config, Clock clock, AgentOptions options) {
    this(config, clock, options, null, null);
  }

  /**
   * An agent run by an {@link AgentRunner}: {@code shared} (closed by the runner, not the agent)
   * and {@code handovers} outlive it across reloads; null = its own shared resources, no handovers.
   */
  Agent(
      AgentConfig config,
      Clock clock,
      AgentOptions options,
      SharedResources shared,
      Handovers handovers) {
    this.config = config;
    this.options = options;
    this.clock = clock;
    this.ownsScheduler = true;
    this.shared = shared == null ? new SharedResources() : shared;
    this.ownsShared = shared == null;
    this.handovers = handovers;
  }

  public Agent(AgentConfig config, Clock clock) {
    this(config, clock, AgentOptions.defaults());
  }

  /**
   * An agent driven by {@code scheduler} (tests pass a manual one); the scheduler is not closed by
   * the agent.
   */
  public Agent(AgentConfig config, Scheduler scheduler, AgentOptions options) {
    this.config = config;
    this.options = options;
    this.clock = scheduler.clock();
    this.scheduler = scheduler;
    this.ownsScheduler = false;
    this.shared = new SharedResources();
    this.ownsShared = true;
    this.handovers = null;
  }

  public AgentConfig config() {
    return config;
  }

  /** The self-metrics of this agent ({@code inputs.internal} reads them). */
  public SelfStatsRegistry stats() {
    return stats;
  }

  /**
   * Creates the plugins, connects the outputs (one retry), starts the service inputs and arms the
   * gather and flush timers. On failure everything created so far is closed.
   */
  public synchronized void start() throws AgentStartException {
    if (state != State.NEW) {
      throw new IllegalStateException("agent already started");
    }
    logBanner();
    try {
      createOutputs();
      createInputs(outputs);
      for (RunningOutput o : outputs) {
        o.connect(options.connectRetryDelay());
      }
      ensureScheduler();
      for (RunningInput in : inputs) {
        if (in.isService()) {
          try {
            in.startService();
          } catch (Exception | LinkageError e) {
            throw new AgentStartException("starting input " + in.id() + ": " + e.getMessage(), e);
          }
        }
      }
      for (RunningOutput o : outputs) {
        o.startTimer(scheduler, options.random());
      }
      for (RunningInput in : inputs) {
        in.startTicking(scheduler, options.random(), config.agent().roundInterval());
      }
      state = State.RUNNING;
    } catch (AgentStartException | RuntimeException e) {
      state = State.STOPPED;
      abort();
      throw e;
    }
  }

  private void logBanner() {
    LOG.info(
        "Loaded inputs: {}",
        config.inputs().stream().map(InputSpec::name).collect(Collectors.joining(" ")));
    LOG.info(
        "Loaded outputs: {}",
        config.outputs().stream().map(OutputSpec::name).collect(Collectors.joining(" ")));
    LOG.info(
        "Tags enabled: {}",
        config.globalTags().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" ")));
  }

  /**
   * Orderly stop (issue point 9): stops the timers and the listeners, gathers every input one last
   * time, flushes every output, closes outputs, inputs and shared resources. Everything after the
   * listeners stop shares {@code deadline}; metrics still unsent then are logged at ERROR and lost.
   * Idempotent.
   */
  public synchronized void stop(Duration deadline) {
    if (state == State.STOPPED) {
      return;
    }
    if (state == State.NEW) {
      state = State.STOPPED;
      abort();
      return;
    }
    state = State.STOPPED;
    LOG.info("Hang on, flushing any cached metrics before shutdown");
    long end = clock.nanoTime() + deadline.toNanos();
    for (RunningInput in : inputs) {
      in.stopTicking();
    }
    for (RunningOutput o : outputs) {
      o.stopTimer();
    }
    for (RunningInput in : inputs) {
      in.stopService();
    }
    // gathers run on the workers and get at most half of the time; flushing needs the rest
    long now = clock.nanoTime();
    finalGather(inputs, now + (end - now) / 2);
    LOG.info("Stopping running outputs");
    unsentAtStop = finalFlush(end);
    closeAll();
  }

  /** Flushes every output now, in the background (what SIGUSR1 does). */
  public synchronized void flushNow() {
    if (state == State.RUNNING) {
      for (RunningOutput o : outputs) {
        o.requestFlush();
      }
    }
  }

  /** Metrics left in the buffers at stop (0 while running). */
  public synchronized long unsentMetrics() {
    return unsentAtStop;
  }

  // ---- building blocks, also used by --test / --once (AgentRunner) ----

  void ensureScheduler() {
    if (scheduler == null) {
      scheduler = new SystemScheduler(clock, options.workerThreads());
    }
  }

  Scheduler scheduler() {
    return scheduler;
  }

  List<RunningInput> inputs() {
    return inputs;
  }

  List<RunningOutput> outputs() {
    return outputs;
  }

  AgentOptions options() {
    return options;
  }

  Clock clock() {
    return clock;
  }

  void createOutputs() throws AgentStartException {
    for (OutputSpec spec : config.outputs()) {
      String instanceId = String.valueOf(++instanceSeq);
      Stat errors =
          stats.register(
              "write",
              "errors",
              SelfStatsRegistry.pluginTags(
                  "output", spec.name(), spec.options().alias(), instanceId));
      CorePluginContext ctx =
          new CorePluginContext(spec.id(), clock, stats, shared, handovers, errors);
      Output o;
      try {
        o = createOutput(spec.factory(), spec.config(), ctx);
      } catch (Exception | LinkageError e) {
        throw new AgentStartException(
            "could not initialize output " + spec.id() + ": " + e.getMessage(), e);
      }
      outputs.add(new RunningOutput(spec, o, ctx, stats, agentStats, instanceId));
    }
  }

  void createInputs(List<? extends MetricSink> sinks) throws AgentStartException {
    for (InputSpec spec : config.inputs()) {
      String instanceId = String.valueOf(++instanceSeq);
      Stat errors =
          stats.register(
              "gather",
              "errors",
              SelfStatsRegistry.pluginTags(
                  "input", spec.name(), spec.options().alias(), instanceId));
      CorePluginContext ctx =
          new CorePluginContext(spec.id(), clock, stats, shared, handovers, errors);
      Input in;
      try {
        in = createInput(spec.factory(), spec.config(), ctx);
      } catch (Exception | LinkageError e) {
        throw new AgentStartException(
            "could not initialize input " + spec.id() + ": " + e.getMessage(), e);
      }
      inputs.add(
          new RunningInput(
              spec, in, ctx, config.globalTags(), sinks, stats, agentStats, instanceId));
    }
  }

  @SuppressWarnings("unchecked")
  private static <C extends Record> Output createOutput(
      OutputFactory<C> f, Record cfg, PluginContext ctx) throws Exception {
    return f.create((C) cfg, ctx);
  }

  @SuppressWarnings("unchecked")
  private static <C extends Record> Input createInput(
      InputFactory<C> f, Record cfg, PluginContext ctx) throws Exception {
    return f.create((C) cfg, ctx);
  }

  /**
   * Gathers each of {@code which} once on the workers (waits for a running gather first), waiting
   * until {@code end}. Returns per input the number of errors, -1 when it did not complete.
   */
  int[] finalGather(List<RunningInput> which, long end) {
    AtomicIntegerArray result = new AtomicIntegerArray(which.size());
    CountDownLatch done = new CountDownLatch(which.size());
    for (int i = 0; i < which.size(); i++) {
      int idx = i;
      RunningInput in = which.get(i);
      result.set(idx, -1);
      scheduler.execute(
          () -> {
            try {
              result.set(idx, in.finalGather(end - clock.nanoTime()));
            } finally {
              done.countDown();
            }
          });
    }
    await(done, end);
    int[] r = new int[which.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = result.get(i);
      if (r[i] < 0) {
        LOG.error("Final gather of {} did not complete before the deadline", which.get(i).id());
      }
    }
    return r;
  }

  /**
   * Flushes every output until {@code end}, each on its own short-lived thread (not the workers:
   * they may be stuck in a gather), so that a hung output neither holds the others back nor the
   * stop past the deadline: a flush still running at {@code end} is abandoned (its thread is a
   * daemon; its write fails or times out later, unseen). Returns the metrics left unsent, each
   * output's count logged at ERROR.
   */
  long finalFlush(long end) {
    int n = outputs.size();
    AtomicLongArray left = new AtomicLongArray(n);
    List<Thread> threads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int idx = i;
      RunningOutput o = outputs.get(i);
      left.set(idx, -1);
      Thread t = new Thread(() -> left.set(idx, o.finalFlush(end)), "agent-final-flush-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      long ms = TimeUnit.NANOSECONDS.toMillis(end - clock.nanoTime());
      try {
        t.join(Math.max(1, ms));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    long total = 0;
    for (int i = 0; i < n; i++) {
      RunningOutput o = outputs.get(i);
      long l = left.get(i);
      if (l < 0) {
        l = o.unsent();
        LOG.error(
            "{} metrics of {} could not be sent before shutdown and are lost (a write was still"
                + " in progress at the deadline)",
            l,
            o.id());
      } else if (l > 0) {
        LOG.error("{} metrics of {} could not be sent before shutdown and are lost", l, o.id());
      }
      total += l;
    }
    return total;
  }

  private void await(CountDownLatch latch, long end) {
    try {
      long left = end - clock.nanoTime();
      if (!latch.await(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
        LOG.warn("Shutdown deadline reached");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes outputs, inputs, its own shared resources and its own scheduler. */
  void closeAll() {
    for (RunningOutput o : outputs) {
      o.close();
    }
    for (RunningInput in : inputs) {
      in.close();
    }
    if (ownsShared) {
      shared.close();
    }
    if (ownsScheduler && scheduler != null) {
      scheduler.close();
    }
  }

  private void abort() {
    for (RunningInput in : inputs) {
      in.stopTicking();
      in.stopService();
    }
    closeAll();
  }
}
