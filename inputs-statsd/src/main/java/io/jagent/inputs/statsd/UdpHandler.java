package io.jagent.inputs.statsd;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;

/** One datagram = one entry for the engine; parsed straight from the received bytes. */
final class UdpHandler extends ChannelInboundHandlerAdapter {
  private final StatsdEngine engine;
  private final Logger log;
  private final int truncationSize;
  private final io.jagent.spi.RateLimitedLogger truncatedLog;
  private byte[] scratch = new byte[2048];

  /**
   * @param truncationSize the largest datagram the transport delivers whole (0 = no limit below 64
   *     KiB); a datagram of exactly that size was probably cut
   */
  UdpHandler(StatsdEngine engine, Logger log, int truncationSize) {
    this.engine = engine;
    this.log = log;
    this.truncationSize = truncationSize;
    this.truncatedLog = new io.jagent.spi.RateLimitedLogger(log, io.jagent.spi.Clock.SYSTEM);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
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
      engine.offer(b, off, len, packet.sender(), true);
    } finally {
      packet.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.error("Error reading: {}", cause.toString());
  }
}
