package io.jagent.inputs.statsd;

import static io.jagent.inputs.statsd.StatsdListenerTest.awaitAtLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import io.jagent.testing.TestPluginContext.HandoverSlots;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The UDP listener handed over at a reload, with real sockets on 127.0.0.1. */
class StatsdReloadTest {
  private static final String BODY = "service_address = \"127.0.0.1:0\"\n";

  private static void send(DatagramSocket s, InetSocketAddress to, int n, String name)
      throws Exception {
    byte[] b = (name + ":1|c").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < n; i++) {
      s.send(new DatagramPacket(b, b.length, to));
    }
  }

  /** Sends in steps of 25, waiting until {@code received} has them (no kernel drops). */
  private static void sendPaced(
      DatagramSocket s, InetSocketAddress to, int n, java.util.function.LongSupplier received)
      throws Exception {
    long base = received.getAsLong();
    for (int sent = 0; sent < n; sent += 25) {
      send(s, to, 25, "hits");
      long want = base + sent + 25;
      awaitAtLeast(received, want);
    }
  }

  /** The value of counter {@code name} in one gather of {@code in}; 0 when absent. */
  private static long counter(StatsdInput in, String name) {
    TestAccumulator acc = new TestAccumulator();
    in.gather(acc);
    long v = 0;
    for (Metric m : acc.metrics()) {
      if (m.name().equals(name)) {
        v += (Long) m.field("value");
      }
    }
    return v;
  }

  @Test
  void theNewInstanceTakesOverTheParkedListenerAndEveryDatagramIsCountedOnce() throws Exception {
    StatsdConfig cfg = TestSupport.config(BODY);
    HandoverSlots slots = new HandoverSlots();
    try (TestPluginContext ctxA = new TestPluginContext("inputs.statsd").withHandovers(slots);
        TestPluginContext ctxB = new TestPluginContext("inputs.statsd").withHandovers(slots);
        DatagramSocket client = new DatagramSocket()) {
      StatsdInput a = new StatsdInput(cfg, ctxA);
      TestAccumulator liveA = new TestAccumulator();
      a.start(liveA);
      InetSocketAddress addr = a.localAddress();
      sendPaced(client, addr, 300, () -> TestSupport.stat(ctxA, cfg, "udp_packets_received"));

      // the old agent stops for a reload: the listener is parked, not closed
      slots.accept(true);
      a.stop();
      assertEquals(Set.of("statsd:udp:0"), slots.parkedKeys());
      // sent while no instance reads: they wait in the socket's receive buffer
      send(client, addr, 100, "hits");
      Thread.sleep(50);
      assertEquals(300, TestSupport.stat(ctxA, cfg, "udp_packets_received"), "A reads no more");

      StatsdInput b = new StatsdInput(cfg, ctxB);
      TestAccumulator liveB = new TestAccumulator();
      b.start(liveB);
      slots.closeUnclaimed();
      assertEquals(addr, b.localAddress(), "the same socket");
      assertTrue(slots.parkedKeys().isEmpty());
      awaitAtLeast(() -> TestSupport.stat(ctxB, cfg, "udp_packets_received"), 100);
      sendPaced(client, addr, 250, () -> TestSupport.stat(ctxB, cfg, "udp_packets_received"));

      // the old agent's final gather (after stop) has exactly what A read; B the rest
      long countedA = counter(a, "hits");
      long countedB = counter(b, "hits");
      assertEquals(300, countedA);
      assertEquals(350, countedB);
      assertEquals(650, countedA + countedB);
      assertEquals(300, TestSupport.stat(ctxA, cfg, "udp_packets_received"));
      assertEquals(350, TestSupport.stat(ctxB, cfg, "udp_packets_received"));
      assertTrue(liveA.errors().isEmpty() && liveB.errors().isEmpty());

      // a final stop closes the socket: the port is free again
      b.stop();
      assertNull(b.localAddress());
      try (DatagramSocket again = new DatagramSocket(addr)) {
        assertEquals(addr.getPort(), again.getLocalPort());
      }
    }
  }

  @Test
  void aStopThatIsNotAReloadClosesTheListener() throws Exception {
    StatsdConfig cfg = TestSupport.config(BODY);
    HandoverSlots slots = new HandoverSlots(); // not accepting: a final stop
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd").withHandovers(slots)) {
      StatsdInput a = new StatsdInput(cfg, ctx);
      a.start(new TestAccumulator());
      InetSocketAddress addr = a.localAddress();
      a.stop();
      assertTrue(slots.parkedKeys().isEmpty());
      try (DatagramSocket again = new DatagramSocket(addr)) {
        assertEquals(addr.getPort(), again.getLocalPort());
      }
    }
  }

  @Test
  void anUnclaimedParkedListenerIsClosedByTheCore() throws Exception {
    StatsdConfig cfg = TestSupport.config(BODY);
    HandoverSlots slots = new HandoverSlots().accept(true);
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd").withHandovers(slots)) {
      StatsdInput a = new StatsdInput(cfg, ctx);
      a.start(new TestAccumulator());
      InetSocketAddress addr = a.localAddress();
      a.stop();
      assertEquals(1, slots.closeUnclaimed());
      try (DatagramSocket again = new DatagramSocket(addr)) {
        assertEquals(addr.getPort(), again.getLocalPort());
      }
    }
  }

  @Test
  void aChangedProtocolClosesTheParkedListenerAndBindsAnew() throws Exception {
    HandoverSlots slots = new HandoverSlots().accept(true);
    try (TestPluginContext ctxA = new TestPluginContext("inputs.statsd").withHandovers(slots);
        TestPluginContext ctxB = new TestPluginContext("inputs.statsd").withHandovers(slots)) {
      StatsdInput a = new StatsdInput(TestSupport.config(BODY), ctxA);
      a.start(new TestAccumulator());
      a.stop();
      StatsdInput b = new StatsdInput(TestSupport.config(BODY + "protocol = \"udp4\"\n"), ctxB);
      b.start(new TestAccumulator());
      assertTrue(slots.parkedKeys().isEmpty(), "taken, found unfit, closed");
      assertEquals(0, slots.closeUnclaimed());
      b.stop();
    }
  }
}
