package io.jagent.inputs.statsd;

import static io.jagent.inputs.statsd.StatsdListenerTest.awaitAtLeast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jagent.spi.Metric;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The UDP receive path's warm-up ({@link WarmUp}): the process's first UDP listener sends its own
 * pipeline datagrams on a loopback port of its own before it reads; none of them is counted,
 * aggregated or emitted, and later listeners do not repeat it.
 */
class StatsdWarmUpTest {
  @AfterEach
  void clearProperty() {
    System.clearProperty("jagent.statsd.warmup");
  }

  /**
   * A UDP input on {@code 127.0.0.1:0} with {@code options}, started in {@code ctx} as the
   * process's first listener, so that it warms up with {@code datagrams}.
   */
  private static StatsdInput startFirst(TestPluginContext ctx, String options, int datagrams)
      throws Exception {
    WarmUp.resetForTests();
    System.setProperty("jagent.statsd.warmup", Integer.toString(datagrams));
    StatsdInput in =
        new StatsdInput(
            TestSupport.config("service_address = \"127.0.0.1:0\"\n" + options + "\n"), ctx);
    in.start(new TestAccumulator());
    return in;
  }

  @Test
  void howManyDatagrams() {
    assertEquals(WarmUp.DATAGRAMS, WarmUp.configuredDatagrams(null), "whatever the CPUs");
    assertEquals(300, WarmUp.configuredDatagrams("300"), "the property wins");
    assertEquals(0, WarmUp.configuredDatagrams(" 0 "));
    assertEquals(0, WarmUp.configuredDatagrams("-5"));
    assertEquals(WarmUp.DATAGRAMS, WarmUp.configuredDatagrams("lots"), "not a number: unset");
  }

  @Test
  void theWarmUpLogsNothingEvenWhenItsLinesHitTheConfigsLimits() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger("inputs.statsd");
    ListAppender<ILoggingEvent> app = new ListAppender<>();
    app.start();
    logger.addAppender(app);
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd")) {
      StatsdInput in = startFirst(ctx, "max_series = 2\nmax_samples = 10", 500);
      assertNotNull(in.lastWarmUp());
      in.stop();
    } finally {
      logger.detachAppender(app);
    }
    for (ILoggingEvent e : app.list) {
      assertTrue(
          e.getLevel().toInt() < Level.WARN.toInt() && !e.getFormattedMessage().contains("warmup"),
          "the warm-up logged: " + e.getFormattedMessage());
    }
  }

  @Test
  void theWarmUpSocketKeepsTheKernelsDefaultBufferWhatever_read_buffer_size() throws Exception {
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd")) {
      StatsdInput in = startFirst(ctx, "read_buffer_size = 1048576", 200);
      WarmUp.Result r = in.lastWarmUp();
      int listener =
          ((io.netty.channel.socket.DatagramChannel) in.listenerChannel())
              .config()
              .getReceiveBufferSize();
      Class<?> transport = in.channelType();
      in.stop();
      assertNotNull(r);
      // the listener has what the config asked for (as the kernel grants it); the warm-up, which
      // never has more than a few datagrams in flight, the default: read coalescing sizes its
      // pause from the buffer, and 4 ms pauses with an 8 MiB buffer doubled the warm-up's time
      assertTrue(r.receiveBuffer() > 0 && r.receiveBuffer() < listener, r + " vs " + listener);
      java.nio.file.Path rmemDefault = java.nio.file.Path.of("/proc/sys/net/core/rmem_default");
      if (transport == io.netty.channel.epoll.EpollDatagramChannel.class
          && java.nio.file.Files.isReadable(rmemDefault)) {
        // epoll reports the kernel's figure as is (the JDK halves it on Linux); readString gets
        // one byte of a procfs file here (its size is 0)
        assertEquals(
            Integer.parseInt(java.nio.file.Files.readAllLines(rmemDefault).get(0).trim()),
            r.receiveBuffer());
      }
      assertEquals(200, r.read());
    }
  }

  @Test
  void datagramsWaitingInTheEarlySocketAreReadAndTheWarmUpYieldsToThem() throws Exception {
    try (EarlyListener l = EarlyListener.open("500");
        DatagramSocket client = new DatagramSocket()) {
      byte[] line = "waiting:1|c".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 150; i++) {
        client.send(new DatagramPacket(line, line.length, l.addr())); // wait in the early socket
      }
      StatsdInput in = new StatsdInput(l.cfg(), l.ctx());
      in.start(new TestAccumulator());
      WarmUp.Result r = in.lastWarmUp();
      assertNotNull(r);
      // the real socket is read from its adoption on, so the warm-up saw real traffic and stopped
      // (had it run before the adoption, it would have sent all 500 and nothing would be read yet)
      assertTrue(r.yielded(), "the warm-up yielded to real traffic: " + r);
      assertTrue(r.sent() < 500, "sent " + r.sent());
      awaitAtLeast(() -> TestSupport.stat(l.ctx(), l.cfg(), "udp_packets_received"), 150);
      assertEquals(150, TestSupport.stat(l.ctx(), l.cfg(), "udp_packets_received"));
      in.stop();
    }
  }

  @Test
  void aRealDatagramArrivingDuringTheWarmUpStopsIt() throws Exception {
    // far more datagrams than the test waits for
    try (EarlyListener l = EarlyListener.open("100000");
        DatagramSocket client = new DatagramSocket()) {
      Thread sender =
          new Thread(
              () -> {
                try {
                  Thread.sleep(150); // the warm-up is usually under way by then
                  byte[] line = "real:1|c".getBytes(StandardCharsets.UTF_8);
                  client.send(new DatagramPacket(line, line.length, l.addr()));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      sender.start();
      StatsdInput in = new StatsdInput(l.cfg(), l.ctx());
      long t0 = System.nanoTime();
      in.start(new TestAccumulator());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      sender.join();
      WarmUp.Result r = in.lastWarmUp();
      assertNotNull(r);
      assertTrue(r.yielded(), "the warm-up yielded to real traffic: " + r);
      // usually mid-way (sent > 0); on a slow machine the datagram may come first: same check
      assertTrue(r.sent() < 100_000, "it stopped: " + r);
      assertTrue(ms < WarmUp.MAX_NANOS / 1_000_000, "start returned after " + ms + " ms");
      assertEquals(1, TestSupport.stat(l.ctx(), l.cfg(), "udp_packets_received"));
      in.stop();
    }
  }

  /**
   * A first listener (the warm-up is reset and sized by {@code warmupDatagrams}) whose socket was
   * bound at process start, as {@code EarlyBind} does: the input adopts it from the handovers.
   */
  private record EarlyListener(InetSocketAddress addr, StatsdConfig cfg, TestPluginContext ctx)
      implements AutoCloseable {
    static EarlyListener open(String warmupDatagrams) throws Exception {
      WarmUp.resetForTests();
      System.setProperty("jagent.statsd.warmup", warmupDatagrams);
      java.nio.channels.DatagramChannel early = java.nio.channels.DatagramChannel.open();
      early.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      early.configureBlocking(false);
      InetSocketAddress addr = (InetSocketAddress) early.getLocalAddress();
      String sa = "127.0.0.1:" + addr.getPort();
      TestPluginContext.HandoverSlots slots = new TestPluginContext.HandoverSlots();
      slots.offer(
          "statsd:udp:" + addr.getPort(),
          new io.jagent.spi.EarlyUdpSocket(early, "udp", sa),
          () -> {
            try {
              early.close();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
      return new EarlyListener(
          addr,
          TestSupport.config("service_address = \"" + sa + "\"\n"),
          new TestPluginContext("inputs.statsd").withHandovers(slots));
    }

    @Override
    public void close() {
      ctx.close();
    }
  }

  @Test
  void theFirstListenerWarmsUpOnItsOwnPortAndNothingOfItReachesTheInput() throws Exception {
    WarmUp.resetForTests();
    System.setProperty("jagent.statsd.warmup", "500");
    StatsdConfig cfg = TestSupport.config("service_address = \"127.0.0.1:0\"\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd");
        DatagramSocket client = new DatagramSocket()) {
      StatsdInput in = new StatsdInput(cfg, ctx);
      TestAccumulator live = new TestAccumulator();
      in.start(live);
      WarmUp.Result r = in.lastWarmUp();
      assertNotNull(r, "the first listener warmed up");
      assertEquals(500, r.sent());
      assertEquals(500, r.read(), "all read by the listener's pipeline");
      assertTrue(r.port() != in.localAddress().getPort(), "on a port of its own");
      try (DatagramSocket again =
          new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), r.port()))) {
        assertEquals(r.port(), again.getLocalPort(), "the warm-up listener was closed");
      }
      assertEquals(0, TestSupport.stat(ctx, cfg, "udp_packets_received"), "not in internal_statsd");
      assertEquals(0, TestSupport.stat(ctx, cfg, "parse_errors"));

      byte[] line = "real.requests:1|c".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 20; i++) {
        client.send(new DatagramPacket(line, line.length, in.localAddress()));
      }
      awaitAtLeast(() -> TestSupport.stat(ctx, cfg, "udp_packets_received"), 20);
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      long real = 0;
      for (Metric m : acc.metrics()) {
        assertTrue(!m.name().startsWith("warmup"), "a warm-up series was emitted: " + m);
        if (m.name().equals("real_requests")) {
          real += (Long) m.field("value");
        }
      }
      assertEquals(20, real);
      assertTrue(live.metrics().isEmpty(), "nothing went to the live accumulator");
      in.stop();

      StatsdInput second = new StatsdInput(cfg, ctx);
      second.start(new TestAccumulator());
      assertNull(second.lastWarmUp(), "once per process");
      second.stop();
    }
  }
}
