package io.jagent.core.runtime;

import io.jagent.core.config.AgentConfig;
import io.jagent.core.config.ConfigException;
import io.jagent.core.config.ConfigProblem;
import io.jagent.core.pipeline.MetricSink;
import io.jagent.spi.Clock;
import io.jagent.spi.lineprotocol.LineProtocolSerializer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent as a process does (reference agent.md §1, §12.5; issue point 9): load, start, then
 * wait for signals. SIGTERM/SIGINT stop in order (final gather of every input, flush) and {@link
 * #run()} returns 0. SIGHUP loads the new config first: a broken one is logged problem by problem
 * and the running agent keeps going (Telegraf exits instead); a good one replaces the running agent
 * (stopped with final gather and flush, then the new one started).
 *
 * <p>Across reloads the runner keeps the shared resources ({@link
 * io.jagent.spi.PluginContext#shared}: the Netty event loop lives as long as the process) and the
 * handover slots: while the old agent stops for a reload, a plugin may park a live resource ({@link
 * io.jagent.spi.PluginContext#handOver}, e.g. the statsd UDP socket with reading paused, so that
 * datagrams wait in the kernel instead of being refused) and the new agent's instance takes it over
 * at start. What is not taken over is closed once the new agent (or the previous config, when the
 * new one fails to start) is running. When the new agent fails to start while resources are parked
 * (one may hold a port another plugin now binds), they are closed and the new config is tried once
 * more before the previous one is started again. A final stop hands nothing over.
 *
 * <p>Also the {@code --test} and {@code --once} modes as static methods (§13.3, §13.4, with the
 * issue's change: service inputs are gathered at the end of the test wait).
 */
public final class AgentRunner {
  private static final Logger LOG = LoggerFactory.getLogger("agent");

  /** Where the configuration comes from; called at start and on every reload. */
  @FunctionalInterface
  public interface ConfigSource {
    AgentConfig load() throws ConfigException;
  }

  private enum Command {
    STOP,
    RELOAD
  }

  private final ConfigSource source;
  private final Clock clock;
  private final AgentOptions options;
  private final boolean installSignals;
  private final BiFunction<AgentConfig, AgentOptions, Agent> agentFactory;
  private final LinkedBlockingQueue<Command> commands = new LinkedBlockingQueue<>();
  private volatile Agent current;
  private final CountDownLatch running = new CountDownLatch(1);
  private final SharedResources shared = new SharedResources();
  private final Handovers handovers = new Handovers();

  public AgentRunner(ConfigSource source, Clock clock) {
    this(source, clock, AgentOptions.defaults(), true);
  }

  /**
   * @param installSignals false in tests: use {@link #requestStop()} / {@link #requestReload()}
   */
  public AgentRunner(
      ConfigSource source, Clock clock, AgentOptions options, boolean installSignals) {
    this(source, clock, options, installSignals, null);
  }

  /**
   * @param agentFactory null: agents sharing the runner's shared resources and handover slots
   */
  AgentRunner(
      ConfigSource source,
      Clock clock,
      AgentOptions options,
      boolean installSignals,
      BiFunction<AgentConfig, AgentOptions, Agent> agentFactory) {
    this.source = source;
    this.clock = clock;
    this.options = options;
    this.installSignals = installSignals;
    this.agentFactory = agentFactory;
  }

  /**
   * Offers a resource the process opened before the config was loaded (a {@link
   * io.jagent.spi.EarlyUdpSocket}) to the plugins of the first start under {@code key}; {@link
   * #run()} closes it once the first configuration runs if no plugin took it over. Call it before
   * {@link #run()}.
   */
  public void offerAtStart(String key, Object resource, Runnable closeIfUnclaimed) {
    if (!handovers.seed(key, resource, closeIfUnclaimed)) {
      closeIfUnclaimed.run();
    }
  }

  /** Asks {@link #run()} to stop in order (what SIGTERM and SIGINT do). */
  public void requestStop() {
    commands.add(Command.STOP);
  }

  /** Asks {@link #run()} to reload the configuration (what SIGHUP does). */
  public void requestReload() {
    commands.add(Command.RELOAD);
  }

  /** Flushes every output of the running agent now (what SIGUSR1 does). */
  public void flushNow() {
    Agent a = current;
    if (a != null) {
      a.flushNow();
    }
  }

  /** Waits (bounded) until {@link #run()} has started the agent and installed the handlers. */
  boolean awaitRunning(long timeout, TimeUnit unit) throws InterruptedException {
    return running.await(timeout, unit);
  }

  /** The agent running now (null before start and after stop); for tests. */
  public Agent current() {
    return current;
  }

  /**
   * Loads, starts and runs until stopped. Returns the exit status: 0 after an orderly stop, 1 when
   * the config cannot be loaded or the agent cannot start.
   */
  public int run() {
    // Handlers first: a SIGTERM that arrives while the agent is still starting (a pod deleted
    // right after it was scheduled) is queued and handled as an orderly stop once the start is
    // done, instead of the JVM's default exit (143, nothing flushed).
    if (installSignals) {
      Signals.install(this::requestStop, this::requestReload, this::flushNow);
    }
    try {
      return loop();
    } finally {
      handovers.closeUnclaimed();
      shared.close();
      if (installSignals) {
        Signals.uninstall();
      }
    }
  }

  private int loop() {
    AgentConfig cfg = load();
    Agent agent = null;
    try {
      if (cfg != null) {
        agent = startAgent(cfg);
        if (agent == null && handovers.size() > 0) {
          // a socket bound at process start for a listener the config turned out not to have
          // may hold a port another plugin needs: try once more without them
          LOG.warn(
              "The config failed to start; closing the {} socket(s) bound at process start and"
                  + " trying again",
              handovers.size());
          handovers.closeUnclaimed();
          agent = startAgent(cfg);
        }
      }
    } finally {
      handovers.closeUnclaimed(); // what was bound at process start and no plugin took
    }
    if (agent == null) {
      return 1;
    }
    current = agent;
    running.countDown();
    while (true) {
      Command c;
      try {
        c = commands.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c = Command.STOP;
      }
      if (c == Command.STOP) {
        agent.stop(options.stopDeadline());
        current = null;
        LOG.info("Stopped");
        return 0;
      }
      LOG.info("Reloading agent config");
      AgentConfig next = load();
      if (next == null) {
        LOG.error("The new config has errors; the running configuration is kept");
        continue;
      }
      // from the old agent's stop until a configuration runs again, plugins may park resources
      // for their successors (a failed new agent's instances park them again for the previous
      // configuration); whatever is left unclaimed is closed after that
      handovers.open();
      try {
        agent.stop(options.stopDeadline());
        current = null;
        Agent fresh = startAgent(next);
        if (fresh == null && handovers.size() > 0) {
          // a parked resource may be what failed it (another plugin binding the same port): try
          // once more without them
          LOG.warn(
              "The new config failed to start; closing the {} resource(s) handed over by the"
                  + " previous one and trying again",
              handovers.size());
          handovers.closeUnclaimed();
          handovers.open();
          fresh = startAgent(next);
        }
        if (fresh == null) {
          LOG.error("The new config failed to start; starting the previous configuration again");
          fresh = startAgent(agent.config());
          if (fresh == null) {
            return 1;
          }
        }
        agent = fresh;
        current = agent;
      } finally {
        handovers.closeUnclaimed();
      }
    }
  }

  /** The loaded config with its warnings logged, or null with every problem logged. */
  private AgentConfig load() {
    try {
      AgentConfig cfg = source.load();
      for (String w : cfg.warnings()) {
        LOG.warn("{}", w);
      }
      return cfg;
    } catch (ConfigException e) {
      for (ConfigProblem p : e.problems()) {
        LOG.error("{}", p.format());
      }
      return null;
    } catch (RuntimeException e) {
      LOG.error("Loading the config failed: {}", e.toString(), e);
      return null;
    }
  }

  private Agent startAgent(AgentConfig cfg) {
    if (cfg.inputs().isEmpty()) {
      LOG.error("no inputs found, probably invalid config file provided");
      return null;
    }
    if (cfg.outputs().isEmpty()) {
      LOG.error("no outputs found, probably invalid config file provided");
      return null;
    }
    Agent a =
        agentFactory != null
            ? agentFactory.apply(cfg, options)
            : new Agent(cfg, clock, options, shared, handovers);
    try {
      a.start();
      return a;
    } catch (AgentStartException e) {
      LOG.error("{}", e.getMessage());
      return null;
    } catch (RuntimeException e) {
      LOG.error("Starting the agent failed: {}", e.toString(), e);
      return null;
    }
  }

  // ---------------------------------------------------------------- --test and --once

  /**
   * {@code --test}: outputs are never created. Service inputs are started (a start error is logged
   * and that input skipped); every other input is gathered once; service inputs keep running for
   * {@code testWait}, are stopped and then gathered. Each metric is printed to {@code out} as
   * {@code "> " + line protocol (sorted fields)}. Returns 1 when an input failed to start or gather
   * (error or exception), else 0.
   */
  public static int runTest(AgentConfig cfg, Duration testWait, PrintStream out, Clock clock) {
    return runTest(cfg, testWait, out, clock, AgentOptions.defaults());
  }

  static int runTest(
      AgentConfig cfg, Duration testWait, PrintStream out, Clock clock, AgentOptions options) {
    LineProtocolSerializer ser = LineProtocolSerializer.forTest();
    MetricSink printer =
        m -> {
          String line = ser.toLine(m);
          if (line != null) {
            synchronized (out) {
              out.print("> " + line + "\n");
            }
          }
        };
    if (!cfg.outputs().isEmpty()) {
      LOG.warn("Outputs are not used in testing mode!");
    }
    Agent a = new Agent(cfg, clock, options);
    try {
      a.createInputs(List.of(printer));
    } catch (AgentStartException e) {
      LOG.error("{}", e.getMessage());
      a.closeAll();
      return 1;
    }
    try {
      return gatherOnceAndWait(a, testWait);
    } finally {
      a.closeAll();
      out.flush();
    }
  }

  /**
   * {@code --once}: as {@link #runTest} but outputs are created, connected (a failure ends the run
   * with 1) and written; after the service inputs' last gather every output is flushed. Returns 1
   * when any output still holds unsent metrics ({@code output plugins unable to send N metrics}),
   * or start-up failed; else 0.
   */
  public static int runOnce(AgentConfig cfg, Duration testWait, Clock clock) {
    return runOnce(cfg, testWait, clock, AgentOptions.defaults());
  }

  static int runOnce(AgentConfig cfg, Duration testWait, Clock clock, AgentOptions options) {
    Agent a = new Agent(cfg, clock, options);
    try {
      a.createOutputs();
      a.createInputs(a.outputs());
      for (RunningOutput o : a.outputs()) {
        o.connect(options.connectRetryDelay());
      }
    } catch (AgentStartException e) {
      LOG.error("{}", e.getMessage());
      a.closeAll();
      return 1;
    }
    try {
      a.ensureScheduler();
      for (RunningOutput o : a.outputs()) {
        o.useWorkers(a.scheduler());
      }
      gatherOnceAndWait(a, testWait);
      long unsent = a.finalFlush(clock.nanoTime() + options.stopDeadline().toNanos());
      if (unsent > 0) {
        LOG.error("output plugins unable to send {} metrics", unsent);
        return 1;
      }
      return 0;
    } finally {
      a.closeAll();
    }
  }

  /**
   * Starts the service inputs, gathers the others once, waits, stops the service inputs and gathers
   * them. Returns 1 when any input failed to start or gather.
   */
  private static int gatherOnceAndWait(Agent a, Duration testWait) {
    a.ensureScheduler();
    boolean failed = false;
    List<RunningInput> plain = new ArrayList<>();
    List<RunningInput> services = new ArrayList<>();
    for (RunningInput in : a.inputs()) {
      if (!in.isService()) {
        plain.add(in);
        continue;
      }
      try {
        in.startService();
        services.add(in);
      } catch (Exception | LinkageError e) {
        failed = true;
        LOG.error("Starting input {} failed, skipped: {}", in.id(), e.getMessage());
      }
    }
    long forever = a.clock().nanoTime() + Duration.ofDays(1).toNanos();
    for (int errs : a.finalGather(plain, forever)) {
      failed |= errs != 0;
    }
    if (!services.isEmpty() && !testWait.isZero() && !testWait.isNegative()) {
      try {
        Thread.sleep(testWait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (RunningInput in : services) {
      in.stopService();
    }
    for (int errs : a.finalGather(services, forever)) {
      failed |= errs != 0;
    }
    return failed ? 1 : 0;
  }
}
