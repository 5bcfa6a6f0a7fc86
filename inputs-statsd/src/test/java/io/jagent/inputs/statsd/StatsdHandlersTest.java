package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Clock;
import io.jagent.testing.ManualClock;
import io.jagent.testing.TestPluginContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The Netty handlers on EmbeddedChannel (leak detection is paranoid in surefire). */
class StatsdHandlersTest {
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8125);
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

  private static DatagramPacket packet(String s, boolean direct) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ByteBuf buf = direct ? Unpooled.directBuffer(b.length) : Unpooled.buffer(b.length);
    buf.writeBytes(b);
    return new DatagramPacket(buf, LOCAL, PEER);
  }

  @Test
  void udpDatagramsAreParsedFromHeapAndDirectBuffersAndReleased() {
    StatsdConfig cfg = TestSupport.config("");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      EmbeddedChannel ch =
          new EmbeddedChannel(new UdpHandler(engine, LoggerFactory.getLogger("t"), 0));
      DatagramPacket heap = packet("a:1|c\na:2|c\nb:5|g", false);
      DatagramPacket direct = packet("a:4|c\nbad line\n", true);
      ch.writeInbound(heap, direct);
      assertEquals(0, heap.refCnt());
      assertEquals(0, direct.refCnt());
      assertEquals(
          List.of("a,metric_type=counter value=7i", "b,metric_type=gauge value=5"),
          TestSupport.gatherLines(engine));
      assertEquals(2, TestSupport.stat(ctx, cfg, "udp_packets_received"));
      assertEquals(32, TestSupport.stat(ctx, cfg, "udp_bytes_received"));
      assertEquals(1, TestSupport.stat(ctx, cfg, "parse_errors"));
      assertFalse(ch.finish());
    }
  }

  @Test
  void theReadCoalescingPauseIsSizedByTheReceiveBuffer() {
    assertEquals(0, UdpHandler.pauseNanos(0));
    // the kernel's default 212,992 bytes: a quarter is 52 small datagrams, 104 us at 500k/s
    assertEquals(104_000, UdpHandler.pauseNanos(212_992));
    // twice the default (read_buffer_size at or above a default rmem_max): 208 us
    assertEquals(208_000, UdpHandler.pauseNanos(425_984));
    // read_buffer_size = 4 MiB (8 MiB effective): 2,048 datagrams would be 4.1 ms, capped at 4 ms
    assertEquals(4_000_000, UdpHandler.pauseNanos(8 << 20));
    assertEquals(2_000, UdpHandler.pauseNanos(1));
  }

  /** One read cycle as a transport delivers it: the datagrams, then channelReadComplete. */
  private static void readCycle(EmbeddedChannel ch, DatagramPacket... packets) {
    for (DatagramPacket p : packets) {
      ch.pipeline().fireChannelRead(p);
    }
    ch.pipeline().fireChannelReadComplete();
  }

  @Test
  void theDatagramsOfOneReadCycleShareOneClockReading() {
    ManualClock manual = new ManualClock();
    AtomicInteger reads = new AtomicInteger();
    Clock counting =
        new Clock() {
          @Override
          public long epochNanos() {
            return manual.epochNanos();
          }

          @Override
          public long nanoTime() {
            reads.incrementAndGet();
            return manual.nanoTime();
          }
        };
    StatsdConfig cfg = TestSupport.config("");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", counting)) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      EmbeddedChannel ch =
          new EmbeddedChannel(new UdpHandler(engine, LoggerFactory.getLogger("t"), 0));
      DatagramPacket[] cycle = new DatagramPacket[64];
      for (int i = 0; i < cycle.length; i++) {
        cycle[i] = packet("a:1|c", i % 2 == 0);
      }
      int before = reads.get();
      readCycle(ch, cycle);
      // one reading for the cycle, and two for each parse_time_ns sample (entries 0 and 32)
      assertEquals(1 + 2 * 2, reads.get() - before);
      readCycle(ch, packet("a:1|c", false), packet("a:1|c", false));
      // the next cycle reads it again; its first entry (the 65th) is a parse_time_ns sample
      assertEquals(5 + 1 + 2, reads.get() - before);
      assertEquals(List.of("a,metric_type=counter value=66i"), TestSupport.gatherLines(engine));
      assertFalse(ch.finish());
    }
  }

  @Test
  void aSmallReadCyclePausesReadingAndTheScheduledResumeTurnsItBackOn() {
    StatsdConfig cfg = TestSupport.config("");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      UdpHandler handler = new UdpHandler(engine, LoggerFactory.getLogger("t"), 0, true);
      handler.setPauseNanos(1_000_000);
      EmbeddedChannel ch = new EmbeddedChannel(handler);
      ch.freezeTime();
      // a cycle of 16 datagrams or more: the socket is busy, reading goes on
      DatagramPacket[] batch = new DatagramPacket[UdpHandler.SMALL_BATCH];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = packet("c:1|c", false);
      }
      readCycle(ch, batch);
      assertTrue(ch.config().isAutoRead());
      // a small cycle: reading pauses, and resumes when the pause is over
      readCycle(ch, packet("c:1|c", false));
      assertFalse(ch.config().isAutoRead());
      ch.advanceTimeBy(999, java.util.concurrent.TimeUnit.MICROSECONDS);
      ch.runScheduledPendingTasks();
      assertFalse(ch.config().isAutoRead());
      ch.advanceTimeBy(1, java.util.concurrent.TimeUnit.MICROSECONDS);
      ch.runScheduledPendingTasks();
      assertTrue(ch.config().isAutoRead());
      // parked for a reload during a pause: the pending resume leaves reading off
      readCycle(ch, packet("c:1|c", false));
      assertFalse(ch.config().isAutoRead());
      handler.detach();
      ch.advanceTimeBy(2, java.util.concurrent.TimeUnit.MILLISECONDS);
      ch.runScheduledPendingTasks();
      assertFalse(ch.config().isAutoRead());
      assertEquals(List.of("c,metric_type=counter value=18i"), TestSupport.gatherLines(engine));
      assertFalse(ch.finish());
    }
  }

  @Test
  void whileAGatherHoldsTheAggregatorEntriesWaitInTheBoundedQueueThenAreDropped() throws Exception {
    StatsdConfig cfg = TestSupport.config("allowed_pending_messages = 3\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      EmbeddedChannel ch =
          new EmbeddedChannel(new UdpHandler(engine, LoggerFactory.getLogger("t"), 0));
      try (LockHolder held = new LockHolder(engine)) {
        // the event loop never waits: entries go to the pending queue, the fourth is dropped
        for (int i = 0; i < 5; i++) {
          ch.writeInbound(packet("q:1|c", i % 2 == 0));
        }
        assertEquals(3, TestSupport.stat(ctx, cfg, "pending_messages"));
        assertEquals(2, TestSupport.stat(ctx, cfg, "udp_packets_dropped"));
        assertEquals(3, TestSupport.stat(ctx, cfg, "max_pending_messages"));
      }
      // the next entry drains the queue first
      ch.writeInbound(packet("q:10|c", false));
      assertEquals(0, TestSupport.stat(ctx, cfg, "pending_messages"));
      assertEquals(List.of("q,metric_type=counter value=13i"), TestSupport.gatherLines(engine));
      assertFalse(ch.finish());
    }
  }

  @Test
  void aGatherDrainsThePendingQueue() throws Exception {
    StatsdConfig cfg = TestSupport.config("");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      try (LockHolder held = new LockHolder(engine)) {
        byte[] b = "p:2|c".getBytes(StandardCharsets.UTF_8);
        assertTrue(engine.offer(b, 0, b.length, PEER, true));
        assertEquals(1, TestSupport.stat(ctx, cfg, "pending_messages"));
      }
      assertEquals(List.of("p,metric_type=counter value=2i"), TestSupport.gatherLines(engine));
    }
  }

  private static ByteBuf text(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }

  @Test
  void tcpLinesAreFramedByNewlineAndTheLastUnterminatedLineIsTakenAtClose() {
    StatsdConfig cfg = TestSupport.config("protocol = \"tcp\"\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      AtomicInteger open = new AtomicInteger();
      EmbeddedChannel ch =
          new EmbeddedChannel(
              TcpLineHandler.decoder(),
              new TcpLineHandler(engine, LoggerFactory.getLogger("t"), 10, open));
      assertEquals(1, open.get());
      ch.writeInbound(text("a:1|c\nb:2"), text("|g\r\n\n"), text("a:3|c"));
      assertEquals(2, TestSupport.stat(ctx, cfg, "tcp_packets_received"));
      ch.close();
      assertEquals(0, open.get());
      assertEquals(3, TestSupport.stat(ctx, cfg, "tcp_packets_received"));
      assertEquals(15, TestSupport.stat(ctx, cfg, "tcp_bytes_received"));
      assertEquals(1, TestSupport.stat(ctx, cfg, "tcp_total_connections"));
      assertEquals(0, TestSupport.stat(ctx, cfg, "tcp_current_connections"));
      assertEquals(
          List.of("a,metric_type=counter value=4i", "b,metric_type=gauge value=2"),
          TestSupport.gatherLines(engine));
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void tcpLineLongerThan64KiBClosesTheConnection() {
    StatsdConfig cfg = TestSupport.config("protocol = \"tcp\"\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      EmbeddedChannel ch =
          new EmbeddedChannel(
              TcpLineHandler.decoder(),
              new TcpLineHandler(engine, LoggerFactory.getLogger("t"), 10, new AtomicInteger()));
      ch.writeInbound(text("ok:1|c\n"));
      ch.writeInbound(text("x".repeat(TcpLineHandler.MAX_LINE + 10)));
      assertFalse(ch.isOpen());
      assertEquals(List.of("ok,metric_type=counter value=1i"), TestSupport.gatherLines(engine));
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void tcpConnectionsBeyondTheLimitAreClosedAtOnce() {
    StatsdConfig cfg = TestSupport.config("protocol = \"tcp\"\nmax_tcp_connections = 1\n");
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", new ManualClock())) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      AtomicInteger open = new AtomicInteger();
      EmbeddedChannel first =
          new EmbeddedChannel(
              TcpLineHandler.decoder(),
              new TcpLineHandler(engine, LoggerFactory.getLogger("t"), 1, open));
      EmbeddedChannel second =
          new EmbeddedChannel(
              TcpLineHandler.decoder(),
              new TcpLineHandler(engine, LoggerFactory.getLogger("t"), 1, open));
      assertTrue(first.isOpen());
      assertFalse(second.isOpen());
      assertEquals(1, open.get());
      assertEquals(1, TestSupport.stat(ctx, cfg, "tcp_total_connections"));
      assertEquals(1, TestSupport.stat(ctx, cfg, "tcp_max_connections"));
      first.finishAndReleaseAll();
      second.finishAndReleaseAll();
      assertEquals(0, open.get());
    }
  }

  /** Holds the aggregator lock from another thread, as a running gather does. */
  static final class LockHolder implements AutoCloseable {
    private final java.util.concurrent.CountDownLatch locked =
        new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch release =
        new java.util.concurrent.CountDownLatch(1);
    private final Thread thread;

    LockHolder(StatsdEngine engine) throws InterruptedException {
      thread =
          new Thread(
              () -> {
                engine.lockForTest().lock();
                try {
                  locked.countDown();
                  release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  engine.lockForTest().unlock();
                }
              },
              "test-gather");
      thread.setDaemon(true);
      thread.start();
      if (!locked.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new AssertionError("lock not taken");
      }
    }

    @Override
    public void close() throws InterruptedException {
      release.countDown();
      thread.join(10_000);
    }
  }
}
