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
  private byte[] scratch = new byte[2048];

  /**
   * @param truncationSize the largest datagram the transport delivers whole (0 = no limit below 64
   *     KiB); a datagram of exactly that size was probably cut
   */
  UdpHandler(StatsdEngine engine, Logger log, int truncationSize) {
    this.engine = engine;
    this.log = log;
    this.truncationSize = truncationSize;
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
      if (truncationSize > 0 && len >= truncationSize) {
        engine.udpPacketsTruncated.incr(1);
      }
      if (len == 0) {
        return;
      }
      if (buf.hasArray()) {
        engine.offer(
            buf.array(), buf.arrayOffset() + buf.readerIndex(), len, packet.sender(), true);
      } else {
        if (scratch.length < len) {
          scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        buf.getBytes(buf.readerIndex(), scratch, 0, len);
        engine.offer(scratch, 0, len, packet.sender(), true);
      }
    } finally {
      packet.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.error("Error reading: {}", cause.toString());
  }
}
