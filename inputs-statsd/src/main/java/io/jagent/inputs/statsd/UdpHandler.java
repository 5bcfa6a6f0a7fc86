package io.jagent.inputs.statsd;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * One datagram = one entry for the engine; parsed straight from the received bytes.
 *
 * <p>Read coalescing: a read cycle that found only a few datagrams (the socket was drained faster
 * than it fills) pauses reading for a short while ({@link #pauseNanos}), so that the next cycle
 * finds a batch. Each cycle costs an {@code epoll_pwait2}, a {@code recvmmsg} and Netty's set-up of
 * its slots whatever it returns; without the pause, a single-line sender at 280k datagrams/s was
 * met with ~3 datagrams per cycle. The pause is bounded by the socket's receive buffer (sized to
 * fill at most a quarter of it at 500k datagrams/s of ~1 KiB in the kernel each) and by {@link
 * #MAX_PAUSE_NANOS}; the datagrams wait in the kernel meanwhile, so it delays aggregation only.
 */
final class UdpHandler extends ChannelInboundHandlerAdapter {
  /**
   * A cycle that read fewer datagrams than this (one full {@code recvmmsg} of the fewest slots,
   * {@link DatagramSlots}) pauses reading.
   */
  static final int SMALL_BATCH = StatsdInput.DATAGRAMS_PER_READ;

  /** Upper bound of a pause. */
  static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

  /**
   * Bytes of receive buffer a small datagram takes in the kernel (its skb's truesize), rounded up.
   */
  private static final int BYTES_PER_QUEUED_DATAGRAM = 1024;

  /**
   * Offered rate the pause is sized for: it may fill at most a quarter of the buffer at this rate.
   */
  private static final long DESIGN_DATAGRAMS_PER_SECOND = 500_000;

  private final StatsdEngine engine;
  private final Logger log;
  private final int truncationSize;
  private final io.jagent.spi.RateLimitedLogger truncatedLog;
  private byte[] scratch = new byte[2048];
  private final boolean coalesce;
  private long pauseNanos;
  private int readInCycle;
  private long cycleNanos;
  private boolean paused;
  private boolean detached;
  private final Runnable resume = this::resume;
  private ChannelHandlerContext context;

  /**
   * @param truncationSize the largest datagram the transport delivers whole (0 = no limit below 64
   *     KiB); a datagram of exactly that size was probably cut
   */
  UdpHandler(StatsdEngine engine, Logger log, int truncationSize) {
    this(engine, log, truncationSize, false);
  }

  /**
   * @param coalesce pause reading after small read cycles, for as long as the socket's effective
   *     receive buffer (read when the handler is added) allows
   */
  UdpHandler(StatsdEngine engine, Logger log, int truncationSize, boolean coalesce) {
    this.coalesce = coalesce;
    this.engine = engine;
    this.log = log;
    this.truncationSize = truncationSize;
    this.truncatedLog = new io.jagent.spi.RateLimitedLogger(log, io.jagent.spi.Clock.SYSTEM);
  }

  /** The read coalescing pause for a socket with this receive buffer (0 = none). */
  static long pauseNanos(int receiveBufferBytes) {
    if (receiveBufferBytes <= 0) {
      return 0;
    }
    long quarter = Math.max(1, receiveBufferBytes / BYTES_PER_QUEUED_DATAGRAM / 4);
    return Math.min(MAX_PAUSE_NANOS, quarter * 1_000_000_000L / DESIGN_DATAGRAMS_PER_SECOND);
  }

  long pauseNanos() {
    return pauseNanos;
  }

  /** For tests on channels that are not datagram channels. */
  void setPauseNanos(long nanos) {
    pauseNanos = nanos;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
    if (coalesce && ctx.channel() instanceof io.netty.channel.socket.DatagramChannel dc) {
      pauseNanos = pauseNanos(dc.config().getReceiveBufferSize());
    }
  }

  /** Replaced (a reload's handover) or removed: a pending resume must not touch the channel. */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    detached = true;
  }

  /**
   * Stops this handler's pauses from resuming reading; called on the event loop when the listener
   * is parked for a reload (reading is then off until the next handler takes it over).
   */
  void detach() {
    detached = true;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    int n = readInCycle;
    readInCycle = 0;
    if (pauseNanos > 0 && n < SMALL_BATCH && !paused && !detached && ctx.channel().isOpen()) {
      paused = true;
      ctx.channel().config().setAutoRead(false);
      ctx.executor().schedule(resume, pauseNanos, TimeUnit.NANOSECONDS);
    }
    ctx.fireChannelReadComplete();
  }

  private void resume() {
    paused = false;
    ChannelHandlerContext ctx = context;
    if (!detached && ctx != null && ctx.channel().isOpen()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (readInCycle++ == 0) {
      cycleNanos = engine.nanoTime(); // one clock reading for the datagrams of this read cycle
    }
    if (!(msg instanceof DatagramPacket packet)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      ByteBuf buf = packet.content();
      int len = buf.readableBytes();
      engine.udpPacketsReceived.incr(1);
      engine.udpBytesReceived.incr(len);
      if (len == 0) {
        return;
      }
      byte[] b;
      int off;
      if (buf.hasArray()) {
        b = buf.array();
        off = buf.arrayOffset() + buf.readerIndex();
      } else {
        if (scratch.length < len) {
          scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        buf.getBytes(buf.readerIndex(), scratch, 0, len);
        b = scratch;
        off = 0;
      }
      if (truncationSize > 0 && len >= truncationSize) {
        // the kernel cut a datagram larger than the receive slot: keep the complete lines only
        engine.udpPacketsTruncated.incr(1);
        int keep = len;
        while (keep > 0 && b[off + keep - 1] != '\n') {
          keep--;
        }
        truncatedLog.warn(
            "a datagram filled the whole {}-byte receive slot and was probably cut; its last"
                + " line was dropped ({} so far)",
            truncationSize,
            engine.udpPacketsTruncated.get());
        len = keep;
        if (len == 0) {
          return;
        }
      }
      engine.offer(b, off, len, packet.sender(), true, cycleNanos);
    } finally {
      packet.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.error("Error reading: {}", cause.toString());
  }
}
