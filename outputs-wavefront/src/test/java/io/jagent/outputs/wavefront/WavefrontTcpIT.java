package io.jagent.outputs.wavefront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.testing.ManualClock;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The legacy host + port transport (raw TCP lines) against a {@link TcpSink} on 127.0.0.1 that is
 * killed and restarted. Backoff runs on a {@link ManualClock}; socket timeouts on real time.
 */
class WavefrontTcpIT {
  private static final long T = 1_700_000_000_000_000_000L;

  private final ManualClock clock = new ManualClock();
  private TestPluginContext ctx;
  private final List<AutoCloseable> closers = new ArrayList<>();
  private int seq;

  @BeforeEach
  void setUp() {
    ctx = new TestPluginContext("outputs.wavefront", clock);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closers) {
      c.close();
    }
    ctx.close();
  }

  private TcpSink sink(int port) throws IOException {
    TcpSink s = new TcpSink(port);
    closers.add(s);
    return s;
  }

  /** An output with its sender, as the factory would build it for host/port. */
  private record Wired(WavefrontOutput output, TcpSender sender) {}

  private Wired output(int port, String extra) {
    WavefrontConfig c =
        PluginConfigs.parse(
            new WavefrontOutputFactory(), "host = \"127.0.0.1\"\nport = " + port + "\n" + extra);
    TcpSender sender = new TcpSender(c.host(), c.port(), c.timeout(), clock, ctx.log());
    WavefrontOutput out = new WavefrontOutput(c, ctx, sender, "agent");
    closers.add(out);
    return new Wired(out, sender);
  }

  private List<Metric> batch(int n) {
    List<Metric> b = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      b.add(
          Metric.builder("requests")
              .tag("host", "web-1")
              .field("seq", (long) seq++)
              .time(T)
              .build());
    }
    return b;
  }

  private static void awaitDead(TcpSender sender) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (sender.isConnectionAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5); // waiting for the FIN/RST to reach our socket, not for time logic
    }
    assertFalse(sender.isConnectionAlive(), "the sender should have seen the peer go");
  }

  @Test
  void linesGoOverOnePersistentConnection() throws Exception {
    TcpSink sink = sink(0);
    Wired w = output(sink.port(), "");
    w.output().connect();
    for (int i = 0; i < 3; i++) {
      w.output().write(batch(4));
    }
    assertTrue(sink.awaitLines(12, 5000));
    assertEquals(1, sink.accepted());
    assertEquals("\"requests.seq\" 0 1700000000 source=\"web-1\"", sink.lines().get(0));
  }

  @Test
  void proxyKilledAndRestartedMidStreamLosesNoBatch() throws Exception {
    TcpSink sink = sink(0);
    int port = sink.port();
    Wired w = output(port, "");
    Deque<List<Metric>> buffer = new ArrayDeque<>(); // what the core keeps for retry
    List<String> expected = new ArrayList<>();

    List<Metric> b1 = batch(5);
    w.output().write(b1);
    assertTrue(sink.awaitLines(5, 5000));

    sink.kill(false); // proxy goes away (FIN)
    awaitDead(w.sender());

    List<Metric> b2 = batch(5);
    IOException e = assertThrows(IOException.class, () -> w.output().write(b2));
    assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    buffer.add(b2);

    // within the backoff no attempt is made, even once the proxy is back
    TcpSink sink2 = sink(port);
    List<Metric> b3 = batch(5);
    e = assertThrows(IOException.class, () -> w.output().write(b3));
    assertTrue(e.getMessage().contains("next attempt in"), e.getMessage());
    buffer.add(b3);
    assertEquals(0, sink2.accepted());

    clock.advance(TcpSender.INITIAL_BACKOFF);
    while (!buffer.isEmpty()) {
      w.output().write(buffer.peek());
      buffer.poll();
    }
    List<Metric> b4 = batch(5);
    w.output().write(b4);

    for (List<Metric> b : List.of(b1, b2, b3, b4)) {
      for (Metric m : b) {
        expected.add("\"requests.seq\" " + m.field("seq") + " 1700000000 source=\"web-1\"");
      }
    }
    assertTrue(sink2.awaitLines(15, 5000));
    List<String> all = new ArrayList<>(sink.lines());
    all.addAll(sink2.lines());
    assertEquals(expected, all);
    assertEquals(1, sink2.accepted());
    assertEquals(2, w.sender().connects());
  }

  @Test
  void resetByTheProxyIsDetectedBeforeTheNextWrite() throws Exception {
    TcpSink sink = sink(0);
    int port = sink.port();
    Wired w = output(port, "");
    w.output().write(batch(3));
    assertTrue(sink.awaitLines(3, 5000));

    sink.kill(true); // RST
    TcpSink sink2 = sink(port);
    awaitDead(w.sender());

    w.output().write(batch(3)); // re-dials at once: no failure happened yet, no backoff
    assertTrue(sink2.awaitLines(3, 5000));
    assertEquals(3, sink.lines().size());
  }

  @Test
  void backoffDoublesUpToThirtySeconds() throws Exception {
    int port = TcpSink.unusedPort();
    Wired w = output(port, "");
    w.output().connect(); // not fatal: the proxy may start after the agent
    long[] expectedMs = {2000, 4000, 8000, 16000, 30000, 30000};
    clock.advance(TcpSender.INITIAL_BACKOFF);
    for (long ms : expectedMs) {
      IOException e = assertThrows(IOException.class, () -> w.output().write(batch(1)));
      assertTrue(e.getMessage().contains("next attempt in " + ms + " ms"), e.getMessage());
      clock.advance(Duration.ofMillis(ms - 1));
      e = assertThrows(IOException.class, () -> w.output().write(batch(1)));
      assertTrue(e.getMessage().startsWith("not connected"), e.getMessage());
      clock.advance(Duration.ofMillis(1));
    }
    TcpSink sink = sink(port);
    w.output().write(batch(2));
    assertTrue(sink.awaitLines(2, 5000));
    // a success resets the backoff
    sink.kill(false);
    awaitDead(w.sender());
    IOException e = assertThrows(IOException.class, () -> w.output().write(batch(1)));
    assertTrue(e.getMessage().contains("next attempt in 1000 ms"), e.getMessage());
  }

  @Test
  void closeDeliversEverythingWritten() throws Exception {
    TcpSink sink = sink(0);
    Wired w = output(sink.port(), "");
    w.output().write(batch(20_000));
    w.output().close();
    assertTrue(sink.awaitLines(20_000, 10_000));
  }

  @Test
  void writeToAStuckProxyTimesOut() throws Exception {
    TcpSink stuck = new TcpSink(0, false, 4096);
    closers.add(stuck);
    Wired w = output(stuck.port(), "timeout = \"300ms\"");
    IOException e = null;
    for (int i = 0; i < 50 && e == null; i++) { // fill the kernel buffers until a write blocks
      try {
        w.output().write(batch(50_000));
      } catch (IOException ex) {
        e = ex;
      }
    }
    assertTrue(e != null, "a write should have timed out");
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
  }

  @Test
  void proxyDyingDuringAWriteFailsThatWrite() throws Exception {
    TcpSink stuck = new TcpSink(0, false, 4096); // accepts, never reads: the write blocks
    closers.add(stuck);
    Wired w = output(stuck.port(), "timeout = \"20s\"");
    List<Metric> big = batch(200_000); // ~10 MB, more than both sockets' buffers
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      Future<?> f =
          ex.submit(
              () -> {
                w.output().write(big);
                return null;
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (stuck.accepted() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5); // waiting for the connection, not for time logic
      }
      assertEquals(1, stuck.accepted());
      stuck.kill(true); // RST while the writer waits for buffer space
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> f.get(15, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof IOException, e.getCause().toString());
      String msg = e.getCause().getMessage();
      assertFalse(msg.contains("timed out"), msg);
      assertTrue(msg.contains("failed after") || msg.contains("cannot connect"), msg);
    } finally {
      ex.shutdownNow();
    }
  }
}
