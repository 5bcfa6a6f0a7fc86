package io.jagent.inputs.statsd;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * TCP: counts and limits connections, then one non-empty line = one entry (reference §3.2). Lines
 * longer than 64 KiB end the connection; an unterminated last line is taken at close.
 */
final class TcpLineHandler extends ChannelInboundHandlerAdapter {
  static final int MAX_LINE = 64 * 1024;

  private final StatsdEngine engine;
  private final Logger log;
  private final int maxConnections;
  private final AtomicInteger open;
  private byte[] scratch = new byte[512];
  private boolean counted;

  /**
   * @param open open connections of this listener, shared by its connection handlers
   */
  TcpLineHandler(StatsdEngine engine, Logger log, int maxConnections, AtomicInteger open) {
    this.engine = engine;
    this.log = log;
    this.maxConnections = maxConnections;
    this.open = open;
  }

  /** The framing decoder: LineBasedFrameDecoder that also emits a final unterminated line. */
  static LineBasedFrameDecoder decoder() {
    return new LineBasedFrameDecoder(MAX_LINE, true, true) {
      @Override
      protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
          throws Exception {
        super.decodeLast(ctx, in, out);
        if (in.isReadable() && in.readableBytes() <= MAX_LINE) {
          out.add(in.readRetainedSlice(in.readableBytes()));
        }
      }
    };
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    int now = open.incrementAndGet();
    if (now > maxConnections) {
      open.decrementAndGet();
      log.info("Refused TCP Connection from {}", ctx.channel().remoteAddress());
      log.warn("Maximum TCP Connections reached, you may want to adjust max_tcp_connections");
      ctx.close();
      return;
    }
    counted = true;
    engine.tcpCurrentConnections.set(now);
    engine.tcpTotalConnections.incr(1);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (counted) {
      counted = false;
      engine.tcpCurrentConnections.set(open.decrementAndGet());
    }
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (!counted) {
        return;
      }
      int len = buf.readableBytes();
      if (len > 0 && buf.getByte(buf.readerIndex() + len - 1) == '\r') {
        len--;
      }
      if (len == 0) {
        return;
      }
      engine.tcpPacketsReceived.incr(1);
      engine.tcpBytesReceived.incr(len);
      if (buf.hasArray()) {
        engine.offer(
            buf.array(),
            buf.arrayOffset() + buf.readerIndex(),
            len,
            ctx.channel().remoteAddress(),
            false);
      } else {
        if (scratch.length < len) {
          scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        buf.getBytes(buf.readerIndex(), scratch, 0, len);
        engine.offer(scratch, 0, len, ctx.channel().remoteAddress(), false);
      }
    } finally {
      buf.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof TooLongFrameException) && log.isDebugEnabled()) {
      log.debug(
          "TCP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    }
    ctx.close();
  }
}
