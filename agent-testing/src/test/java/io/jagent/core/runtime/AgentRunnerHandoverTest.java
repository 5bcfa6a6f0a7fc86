package io.jagent.core.runtime;

import static io.jagent.core.runtime.TestConfigs.config;
import static io.jagent.core.runtime.TestConfigs.input;
import static io.jagent.core.runtime.TestConfigs.inputOptions;
import static io.jagent.core.runtime.TestConfigs.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.AgentConfig;
import io.jagent.core.config.InputSpec;
import io.jagent.core.runtime.TestConfigs.FakeService;
import io.jagent.core.runtime.TestConfigs.NoConfig;
import io.jagent.spi.Accumulator;
import io.jagent.spi.ConfigTable;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.PluginContext;
import io.jagent.spi.ServiceInput;
import io.jagent.testing.CapturingOutput;
import io.jagent.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Resources handed from the old agent to the new one at a reload (PluginContext.handOver). */
class AgentRunnerHandoverTest {
  private static final long T0 = 1_700_000_000_000_000_000L;
  private final ManualClock clock = new ManualClock(T0 + 400_000_000L);
  private final AgentOptions options =
      AgentOptions.defaults()
          .withConnectRetryDelay(Duration.ofMillis(1))
          .withStopDeadline(Duration.ofSeconds(5))
          .withRandom(new Random(3));

  /** What happened, in order, across agents. */
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  /** The "ports" bound now: binding one twice fails, as a second bind of a UDP port does. */
  private final java.util.Set<String> bound = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final AtomicInteger seq = new AtomicInteger();

  /** A listener-like resource: counts its closes. */
  final class Socket {
    final String name;
    final String port;
    final AtomicInteger closes = new AtomicInteger();

    Socket(String name, String port) throws java.net.BindException {
      if (!bound.add(port)) {
        events.add("start " + name + " failed: " + port + " in use");
        throw new java.net.BindException("address in use (test)");
      }
      this.name = name;
      this.port = port;
    }

    void close() {
      closes.incrementAndGet();
      bound.remove(port);
      events.add("close " + name);
    }
  }

  /** A service input that parks its socket at a reload and takes one over at start. */
  final class HandingService implements ServiceInput {
    final PluginContext ctx;
    final String key;
    final String port;
    final String name;
    Socket socket;
    boolean tookOver;
    Boolean handedOver;

    HandingService(PluginContext ctx, String key, String port, String name) {
      this.ctx = ctx;
      this.key = key;
      this.port = port;
      this.name = name;
    }

    @Override
    public void start(Accumulator acc) throws Exception {
      var taken = ctx.takeOver(key, Socket.class);
      tookOver = taken.isPresent();
      socket = tookOver ? taken.get() : new Socket(name, port);
      events.add("start " + name + (tookOver ? " took " + socket.name : " bound"));
    }

    @Override
    public void stop() {
      handedOver = ctx.handOver(key, socket, socket::close);
      if (!handedOver) {
        socket.close();
      }
    }

    @Override
    public void gather(Accumulator acc) {}
  }

  /** An input spec whose every instance (one per agent start) is recorded in {@code made}. */
  private InputSpec handing(String key, List<HandingService> made) {
    return handing(key, key, made);
  }

  /** As above, binding "port" {@code port} when it takes nothing over under {@code key}. */
  private InputSpec handing(String key, String port, List<HandingService> made) {
    InputFactory<NoConfig> f =
        new InputFactory<>() {
          @Override
          public String name() {
            return "handing";
          }

          @Override
          public String description() {
            return "test";
          }

          @Override
          public NoConfig parse(ConfigTable table) {
            return new NoConfig();
          }

          @Override
          public Input create(NoConfig config, PluginContext ctx) {
            HandingService s =
                new HandingService(ctx, key, port, key + "#" + seq.incrementAndGet());
            made.add(s);
            return s;
          }
        };
    return new InputSpec(
        "handing", f, new NoConfig(), inputOptions(Duration.ofSeconds(10)), "test.conf", 1);
  }

  private AgentConfig cfg(InputSpec... inputs) {
    return config(List.of(inputs), List.of(output("o", new CapturingOutput())));
  }

  private int reloadThenStop(AgentConfig first, AgentConfig second) throws Exception {
    Deque<AgentConfig> loads = new ArrayDeque<>(List.of(first, second));
    AgentRunner r = new AgentRunner(loads::poll, clock, options, false);
    r.requestReload();
    r.requestStop();
    AtomicInteger code = new AtomicInteger(-1);
    Thread t = new Thread(() -> code.set(r.run()), "runner-under-test");
    t.start();
    t.join(20_000);
    assertFalse(t.isAlive(), "run() did not return");
    return code.get();
  }

  @Test
  void theNewAgentTakesOverWhatTheOldOneHandedOverAtTheReload() throws Exception {
    List<HandingService> old = new ArrayList<>();
    List<HandingService> fresh = new ArrayList<>();
    assertEquals(0, reloadThenStop(cfg(handing("k", old)), cfg(handing("k", fresh))));
    Socket s = old.get(0).socket;
    assertTrue(old.get(0).handedOver, "the reload's stop accepted the handover");
    assertTrue(fresh.get(0).tookOver);
    assertSame(s, fresh.get(0).socket, "the same resource, not a new one");
    assertFalse(fresh.get(0).handedOver, "the final stop hands nothing over");
    assertEquals(1, s.closes.get(), "closed once, by the new instance at the final stop");
    assertEquals(List.of("start k#1 bound", "start k#2 took k#1", "close k#1"), events);
  }

  @Test
  void whatNoNewInstanceTakesOverIsClosedOnceAfterTheNewAgentStarted() throws Exception {
    List<HandingService> old = new ArrayList<>();
    List<HandingService> fresh = new ArrayList<>();
    assertEquals(0, reloadThenStop(cfg(handing("k", old)), cfg(handing("other", fresh))));
    assertTrue(old.get(0).handedOver);
    assertFalse(fresh.get(0).tookOver);
    assertNotSame(old.get(0).socket, fresh.get(0).socket);
    assertEquals(1, old.get(0).socket.closes.get());
    assertEquals(1, fresh.get(0).socket.closes.get());
    assertEquals(
        List.of("start k#1 bound", "start other#2 bound", "close k#1", "close other#2"),
        events,
        "the unclaimed resource stays open until the new agent has started");
  }

  @Test
  void aFinalStopClosesInsteadOfHandingOver() throws Exception {
    List<HandingService> made = new ArrayList<>();
    Deque<AgentConfig> loads = new ArrayDeque<>(List.of(cfg(handing("k", made))));
    AgentRunner r = new AgentRunner(loads::poll, clock, options, false);
    r.requestStop();
    assertEquals(0, r.run());
    assertFalse(made.get(0).handedOver);
    assertEquals(1, made.get(0).socket.closes.get());
  }

  @Test
  void whenTheNewAgentFailsItIsTriedAgainWithoutTheParkedResourcesThenThePreviousConfigRuns()
      throws Exception {
    List<HandingService> made = new ArrayList<>();
    List<HandingService> failing = new ArrayList<>();
    InputSpec original = handing("k", made);
    // the new config's instance takes the socket over, then another input fails to start: the
    // failed agent's stop parks it again; the new config is tried once more with the parked
    // socket closed, fails again, and the previous config's new instance takes the socket over
    AgentConfig broken = cfg(handing("k", failing), input("bad", new FakeService(true)));
    assertEquals(0, reloadThenStop(cfg(original), broken));
    assertEquals(
        List.of(
            "start k#1 bound",
            "start k#2 took k#1",
            "close k#1",
            "start k#3 bound",
            "start k#4 took k#3",
            "close k#3"),
        events);
    assertEquals(2, made.size(), "the previous config was started again");
    assertSame(failing.get(1).socket, made.get(1).socket);
    assertEquals(1, made.get(0).socket.closes.get(), "each closed exactly once");
    assertEquals(1, made.get(1).socket.closes.get());
  }

  @Test
  void aParkedResourceThatBlocksTheNewConfigIsClosedAndTheNewConfigStarts() throws Exception {
    List<HandingService> old = new ArrayList<>();
    List<HandingService> fresh = new ArrayList<>();
    // the port moves from one plugin to another: the parked socket holds it, so the first start
    // fails; the retry without it succeeds
    assertEquals(
        0, reloadThenStop(cfg(handing("k", "8125", old)), cfg(handing("other", "8125", fresh))));
    assertEquals(
        List.of(
            "start k#1 bound",
            "start other#2 failed: 8125 in use",
            "close k#1",
            "start other#3 bound",
            "close other#3"),
        events);
    assertEquals(2, fresh.size());
    assertEquals(1, old.get(0).socket.closes.get());
  }

  /** Runs {@code first} with {@code early} offered at start as {@code main} does, then stops. */
  private int startWithEarlyThenStop(AgentConfig first, String key, Socket early) throws Exception {
    Deque<AgentConfig> loads = new ArrayDeque<>(List.of(first));
    AgentRunner r = new AgentRunner(loads::poll, clock, options, false);
    r.offerAtStart(key, early, early::close);
    r.requestStop();
    return r.run();
  }

  @Test
  void aSocketBoundAtProcessStartIsTakenOverByTheFirstStart() throws Exception {
    List<HandingService> made = new ArrayList<>();
    Socket early = new Socket("early", "k");
    assertEquals(0, startWithEarlyThenStop(cfg(handing("k", made)), "k", early));
    assertSame(early, made.get(0).socket);
    assertEquals(List.of("start k#1 took early", "close early"), events);
    assertEquals(1, early.closes.get(), "closed once, by the input at the final stop");
  }

  @Test
  void aSocketBoundAtProcessStartThatNoPluginTakesIsClosedOnceTheAgentRuns() throws Exception {
    List<HandingService> made = new ArrayList<>();
    Socket early = new Socket("early", "9999");
    assertEquals(0, startWithEarlyThenStop(cfg(handing("k", made)), "statsd:udp:9999", early));
    assertEquals(List.of("start k#1 bound", "close early", "close k#1"), events);
    assertEquals(1, early.closes.get());
  }

  @Test
  void aSocketBoundAtProcessStartThatBlocksTheConfigIsClosedAndTheStartRetried() throws Exception {
    List<HandingService> made = new ArrayList<>();
    Socket early = new Socket("early", "8125"); // predicted for a listener the config lacks
    assertEquals(
        0, startWithEarlyThenStop(cfg(handing("k", "8125", made)), "statsd:udp:8125", early));
    assertEquals(
        List.of("start k#1 failed: 8125 in use", "close early", "start k#2 bound", "close k#2"),
        events);
    assertEquals(1, early.closes.get());
  }

  /** A service input (one instance for every config that lists it) whose later starts fail. */
  static final class StartsOnce implements ServiceInput {
    final AtomicInteger starts = new AtomicInteger();

    @Override
    public void start(Accumulator acc) throws Exception {
      if (starts.incrementAndGet() > 1) {
        throw new java.net.BindException("address in use (test)");
      }
    }

    @Override
    public void stop() {}

    @Override
    public void gather(Accumulator acc) {}
  }

  @Test
  void whenThePreviousConfigCannotStartAgainEitherTheParkedResourceIsClosedOnce() throws Exception {
    List<HandingService> made = new ArrayList<>();
    List<HandingService> failing = new ArrayList<>();
    AgentConfig first = cfg(handing("k", made), input("once", new StartsOnce()));
    AgentConfig broken = cfg(handing("k", failing), input("bad", new FakeService(true)));
    assertEquals(1, reloadThenStop(first, broken));
    assertEquals(2, made.size(), "the previous config was tried again");
    assertSame(failing.get(1).socket, made.get(1).socket, "and took the socket over");
    assertEquals(1, made.get(0).socket.closes.get());
    assertEquals(1, made.get(1).socket.closes.get(), "closed once, after the last attempt");
    assertTrue(bound.isEmpty());
  }
}
