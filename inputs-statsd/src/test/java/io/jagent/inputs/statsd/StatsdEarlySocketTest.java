package io.jagent.inputs.statsd;

import static io.jagent.inputs.statsd.StatsdListenerTest.awaitAtLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.EarlyUdpSocket;
import io.jagent.spi.Metric;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import io.jagent.testing.TestPluginContext.HandoverSlots;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The UDP socket the agent binds at process start (agent-core's EarlyBind), taken over by the
 * statsd input at the first start: what was sent before the input started is counted.
 */
class StatsdEarlySocketTest {
  private static DatagramChannel early() throws Exception {
    DatagramChannel ch = DatagramChannel.open();
    ch.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    ch.configureBlocking(false);
    return ch;
  }

  private static void send(DatagramSocket s, InetSocketAddress to, int n) throws Exception {
    byte[] b = "early:1|c".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < n; i++) {
      s.send(new DatagramPacket(b, b.length, to));
    }
  }

  private static long counter(StatsdInput in) {
    TestAccumulator acc = new TestAccumulator();
    in.gather(acc);
    long v = 0;
    for (Metric m : acc.metrics()) {
      if (m.name().equals("early")) {
        v += (Long) m.field("value");
      }
    }
    return v;
  }

  private static HandoverSlots offered(String key, EarlyUdpSocket s) {
    HandoverSlots slots = new HandoverSlots();
    slots.offer(key, s, () -> closeQuietly(s.channel()));
    return slots;
  }

  private static void closeQuietly(DatagramChannel ch) {
    try {
      ch.close();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theInputReadsTheEarlySocketAndCountsWhatWaitedInIt() throws Exception {
    DatagramChannel ch = early();
    InetSocketAddress addr = (InetSocketAddress) ch.getLocalAddress();
    String sa = "127.0.0.1:" + addr.getPort();
    StatsdConfig cfg = TestSupport.config("service_address = \"" + sa + "\"\n");
    HandoverSlots slots =
        offered("statsd:udp:" + addr.getPort(), new EarlyUdpSocket(ch, "udp", sa));
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd").withHandovers(slots);
        DatagramSocket client = new DatagramSocket()) {
      send(client, addr, 150); // before the input exists: they wait in the socket
      StatsdInput in = new StatsdInput(cfg, ctx);
      in.start(new TestAccumulator());
      assertEquals(addr, in.localAddress(), "the early socket, not a new one");
      assertTrue(slots.parkedKeys().isEmpty(), "taken over");
      assertNotNull(in.udpHandler());
      assertEquals(
          Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class,
          in.channelType(),
          "adopted by the event loop's transport");
      awaitAtLeast(() -> TestSupport.stat(ctx, cfg, "udp_packets_received"), 150);
      send(client, addr, 50);
      awaitAtLeast(() -> TestSupport.stat(ctx, cfg, "udp_packets_received"), 200);
      assertEquals(200, counter(in));
      in.stop();
      // the input's stop closed the descriptor: the port is free again
      try (DatagramSocket again = new DatagramSocket(addr)) {
        assertEquals(addr.getPort(), again.getLocalPort());
      }
    }
  }

  @Test
  void anEarlySocketForOtherValuesIsClosedAndTheInputBindsAsUsual() throws Exception {
    DatagramChannel ch = early();
    int port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
    String sa = "127.0.0.1:" + port;
    // predicted "udp4", configured "udp": not taken; the input binds the port itself
    HandoverSlots slots = offered("statsd:udp:" + port, new EarlyUdpSocket(ch, "udp4", sa));
    StatsdConfig cfg = TestSupport.config("service_address = \"" + sa + "\"\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd").withHandovers(slots)) {
      StatsdInput in = new StatsdInput(cfg, ctx);
      in.start(new TestAccumulator());
      assertFalse(ch.isOpen(), "the early socket was closed");
      assertEquals(port, in.localAddress().getPort(), "bound anew on the same port");
      in.stop();
    }
  }
}
