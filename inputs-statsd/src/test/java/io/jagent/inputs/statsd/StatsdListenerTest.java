package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** A real listener on 127.0.0.1, port 0. */
class StatsdListenerTest {

  static void awaitAtLeast(LongSupplier value, long n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (value.getAsLong() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + n + ", have " + value.getAsLong());
      }
      Thread.sleep(5);
    }
  }

  static List<String> gatherUntilSomething(StatsdInput in) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      if (!acc.metrics().isEmpty() || System.nanoTime() > deadline) {
        return LineFormat.lines(acc.metrics());
      }
      Thread.sleep(5);
    }
  }

  static void sendUdp(InetSocketAddress to, String... datagrams) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      for (String d : datagrams) {
        byte[] b = d.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, to));
      }
    }
  }

  @Test
  void udpListenerAggregatesAndGatherAfterStopStillEmits() throws Exception {
    StatsdConfig cfg =
        TestSupport.config(
            "service_address = \"127.0.0.1:0\"\nread_buffer_size = 1048576\n"
                + "percentiles = [90]\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd")) {
      StatsdInput in = new StatsdInput(cfg, ctx);
      TestAccumulator live = new TestAccumulator();
      in.start(live);
      InetSocketAddress addr = in.localAddress();
      if (io.netty.channel.epoll.Epoll.isAvailable()) {
        // epoll reads in batches: small read cycles pause reading for what the buffer allows
        long pause = in.udpHandler().pauseNanos();
        assertTrue(pause > 0 && pause <= UdpHandler.MAX_PAUSE_NANOS, "pause " + pause);
      }
      sendUdp(addr, "api.requests:1|c\napi.latency:12|ms", "api.latency:30|ms", "api.requests:2|c");
      awaitAtLeast(() -> TestSupport.stat(ctx, cfg, "udp_packets_received"), 3);
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      assertEquals(
          List.of(
              "api_latency,metric_type=timing 90_percentile=30,count=2i,lower=12,mean=21,"
                  + "median=21,stddev=9,sum=42,upper=30",
              "api_requests,metric_type=counter value=3i"),
          LineFormat.lines(acc.metrics()));
      if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/net/udp"))) {
        // the kernel's drop count of the socket is reported (none at this rate)
        assertEquals(0, TestSupport.stat(ctx, cfg, "udp_socket_drops"));
      }
      // traffic, then stop: the core's final gather after stop still gets the aggregates
      sendUdp(addr, "late:5|c");
      awaitAtLeast(() -> TestSupport.stat(ctx, cfg, "udp_packets_received"), 4);
      in.stop();
      in.stop(); // idempotent
      acc.clear();
      in.gather(acc);
      assertEquals(List.of("late,metric_type=counter value=5i"), LineFormat.lines(acc.metrics()));
      assertTrue(live.errors().isEmpty(), live.errors().toString());
    }
  }

  @Test
  void aDatagramLargerThanTheReceiveSlotLosesOnlyItsCutLine() throws Exception {
    StatsdConfig cfg = TestSupport.config("service_address = \"127.0.0.1:0\"\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd")) {
      StatsdInput in = new StatsdInput(cfg, ctx);
      TestAccumulator live = new TestAccumulator();
      in.start(live);
      String big = "bigg:1|c\n".repeat(2500); // 22,500 bytes
      sendUdp(in.localAddress(), big, "small:1|c");
      awaitAtLeast(() -> TestSupport.stat(ctx, cfg, "udp_packets_received"), 2);
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      in.stop();
      long truncated = TestSupport.stat(ctx, cfg, "udp_packets_truncated");
      long counted = (Long) TestSupport.only(acc.metrics(), "bigg", "counter").field("value");
      if (truncated == 0) {
        assertEquals(2500, counted); // NIO, or epoll delivered it whole
      } else {
        assertEquals(StatsdInput.MAX_DATAGRAM_PAYLOAD / 9, counted);
      }
      assertEquals(0, TestSupport.stat(ctx, cfg, "parse_errors"), live.errors().toString());
    }
  }

  @Test
  void aBacklogIsReadInGrowingRecvmmsgCallsWithEveryDatagramWhole() throws Exception {
    StatsdConfig cfg =
        TestSupport.config("service_address = \"127.0.0.1:0\"\nread_buffer_size = 1048576\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd")) {
      StatsdInput in = new StatsdInput(cfg, ctx);
      TestAccumulator live = new TestAccumulator();
      in.start(live);
      io.netty.channel.Channel ch = in.listenerChannel();
      // a backlog of 100 datagrams waits in the socket while reading is off
      ch.config().setAutoRead(false);
      String big = "big:1|c\n".repeat(2500); // 20,000 bytes: whole in a 64 KiB slot
      String[] backlog = new String[100];
      for (int i = 0; i < backlog.length; i++) {
        backlog[i] = i % 40 == 7 ? big : "small:1|c\nsmall:2|c";
      }
      sendUdp(in.localAddress(), backlog);
      Thread.sleep(20);
      ch.config().setAutoRead(true);
      awaitAtLeast(() -> TestSupport.stat(ctx, cfg, "udp_packets_received"), 100);
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      in.stop();
      assertEquals(3 * 97L, TestSupport.only(acc.metrics(), "small", "counter").field("value"));
      assertEquals(3 * 2500L, TestSupport.only(acc.metrics(), "big", "counter").field("value"));
      assertEquals(0, TestSupport.stat(ctx, cfg, "udp_packets_truncated"));
      assertEquals(0, TestSupport.stat(ctx, cfg, "parse_errors"), live.errors().toString());
      if (ch.config().getRecvByteBufAllocator() instanceof DatagramSlots slots) {
        // epoll: 16 (full), 32 (full), then 64 slots for the remaining 52
        assertEquals(StatsdInput.MAX_DATAGRAMS_PER_READ, slots.peakSlots());
      } else {
        assertEquals("NIO", io.netty.channel.epoll.Epoll.isAvailable() ? "epoll" : "NIO");
      }
    }
  }

  @Test
  void udp4ListenerAndTwoInstancesShareTheEventLoop() throws Exception {
    StatsdConfig a = TestSupport.config("protocol = \"udp4\"\nservice_address = \"127.0.0.1:0\"\n");
    StatsdConfig b = TestSupport.config("protocol = \"udp\"\nservice_address = \"127.0.0.1:0\"\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd")) {
      StatsdInput one = new StatsdInput(a, ctx);
      StatsdInput two = new StatsdInput(b, ctx);
      one.start(new TestAccumulator());
      two.start(new TestAccumulator());
      sendUdp(one.localAddress(), "x:1|c");
      sendUdp(two.localAddress(), "x:2|c");
      // both register the same self-stats (same address text), so wait on the aggregates
      assertEquals(List.of("x,metric_type=counter value=1i"), gatherUntilSomething(one));
      assertEquals(List.of("x,metric_type=counter value=2i"), gatherUntilSomething(two));
      one.stop();
      two.stop();
    }
  }

  @Test
  void tcpListenerFramesLinesAndLimitsConnections() throws Exception {
    StatsdConfig cfg =
        TestSupport.config(
            "protocol = \"tcp\"\nservice_address = \"127.0.0.1:0\"\nmax_tcp_connections = 1\n"
                + "tcp_keep_alive = true\ntcp_keep_alive_period = \"30s\"\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd")) {
      StatsdInput in = new StatsdInput(cfg, ctx);
      in.start(new TestAccumulator());
      InetSocketAddress addr = in.localAddress();
      try (Socket first = new Socket(InetAddress.getLoopbackAddress(), addr.getPort())) {
        awaitAtLeast(() -> TestSupport.stat(ctx, cfg, "tcp_current_connections"), 1);
        try (Socket second = new Socket(InetAddress.getLoopbackAddress(), addr.getPort())) {
          second.setSoTimeout(10_000);
          InputStream rin = second.getInputStream();
          assertEquals(-1, rin.read(), "connection beyond max_tcp_connections is closed");
        }
        OutputStream out = first.getOutputStream();
        out.write("t:1|c\nt:2|c\r\ng:".getBytes(StandardCharsets.UTF_8));
        out.flush();
        out.write("7|g".getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      awaitAtLeast(() -> TestSupport.stat(ctx, cfg, "tcp_packets_received"), 3);
      awaitAtLeast(() -> -TestSupport.stat(ctx, cfg, "tcp_current_connections"), 0);
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      assertEquals(
          List.of("g,metric_type=gauge value=7", "t,metric_type=counter value=3i"),
          LineFormat.lines(acc.metrics()));
      assertEquals(1, TestSupport.stat(ctx, cfg, "tcp_total_connections"));
      in.stop();
    }
  }

  @Test
  void worksOnANioEventLoopSomeoneElseCreated() throws Exception {
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd")) {
      ctx.shared(
          StatsdInput.EVENT_LOOP_KEY,
          () ->
              new io.netty.channel.MultiThreadIoEventLoopGroup(
                  1, io.netty.channel.nio.NioIoHandler.newFactory()),
          g -> g.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS));
      StatsdConfig udp =
          TestSupport.config("service_address = \"127.0.0.1:0\"\nread_buffer_size = 262144\n");
      StatsdConfig tcp =
          TestSupport.config(
              "protocol = \"tcp\"\nservice_address = \"127.0.0.1:0\"\n"
                  + "tcp_keep_alive = true\ntcp_keep_alive_period = \"1m\"\n");
      StatsdInput u = new StatsdInput(udp, ctx);
      StatsdInput t = new StatsdInput(tcp, ctx);
      u.start(new TestAccumulator());
      t.start(new TestAccumulator());
      sendUdp(u.localAddress(), "n:1|c");
      assertEquals(List.of("n,metric_type=counter value=1i"), gatherUntilSomething(u));
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), t.localAddress().getPort())) {
        s.getOutputStream().write("m:2|g\n".getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        assertEquals(List.of("m,metric_type=gauge value=2"), gatherUntilSomething(t));
      }
      u.stop();
      t.stop();
    }
  }

  @Test
  void startFailsWhenThePortIsTaken() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        TestPluginContext ctx = new TestPluginContext("inputs.statsd")) {
      StatsdConfig cfg =
          TestSupport.config("service_address = \"127.0.0.1:" + taken.getLocalPort() + "\"\n");
      StatsdInput in = new StatsdInput(cfg, ctx);
      org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> in.start(null));
      in.stop();
    }
  }
}
