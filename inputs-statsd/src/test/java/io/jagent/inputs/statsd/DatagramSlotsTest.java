package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The recvmmsg slot count, driven as Netty's epoll datagram read loop drives its handle. */
class DatagramSlotsTest {
  private static final int SLOT = 64 * 1024;

  /** One read cycle: allocate (the slots), one call that received {@code n}, complete. */
  private static int cycle(RecvByteBufAllocator.Handle h, EmbeddedChannel ch, int n) {
    h.reset(ch.config());
    ByteBuf buf = h.allocate(UnpooledByteBufAllocator.DEFAULT);
    int slots = buf.writableBytes() / SLOT;
    buf.release();
    // a recvmmsg call reports datagrams x slot size; one that found nothing, -1
    h.lastBytesRead(n > 0 ? n * SLOT : -1);
    if (n > 0) {
      h.incMessagesRead(n);
    }
    h.readComplete();
    return slots;
  }

  @Test
  void fullCallsDoubleTheSlotsUpToTheMostAndSparseOnesHalveThemDownToTheFewest() {
    DatagramSlots d = new DatagramSlots(SLOT, 16, 64);
    RecvByteBufAllocator.Handle h = d.newHandle();
    EmbeddedChannel ch = new EmbeddedChannel();
    assertEquals(16, cycle(h, ch, 16)); // full: the socket had more
    assertEquals(32, cycle(h, ch, 32));
    assertEquals(64, cycle(h, ch, 64));
    assertEquals(64, cycle(h, ch, 64)); // at the most
    assertEquals(64, cycle(h, ch, 17)); // more than a quarter: kept
    assertEquals(64, cycle(h, ch, 16)); // a quarter: halved
    assertEquals(32, cycle(h, ch, 0)); // nothing read: halved
    assertEquals(16, cycle(h, ch, 1));
    assertEquals(16, d.nextSlots()); // never below the fewest
    assertEquals(64, d.peakSlots());
    ch.finishAndReleaseAll();
  }

  @Test
  void aSingleRecvmsgCountsAsOneDatagramAndOneCallPerCycle() {
    DatagramSlots d = new DatagramSlots(SLOT, 1, 4);
    RecvByteBufAllocator.Handle h = d.newHandle();
    EmbeddedChannel ch = new EmbeddedChannel();
    h.reset(ch.config());
    h.allocate(UnpooledByteBufAllocator.DEFAULT).release();
    h.lastBytesRead(20); // Netty's recvmsg path (one slot) reports the datagram's bytes
    h.incMessagesRead(1);
    // one recvmmsg per read cycle: whether the cycle drained the socket is then known
    assertEquals(false, h.continueReading());
    h.readComplete();
    assertEquals(2, d.nextSlots());
    ch.finishAndReleaseAll();
  }

  @Test
  void badBoundsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new DatagramSlots(SLOT, 0, 4));
    assertThrows(IllegalArgumentException.class, () -> new DatagramSlots(SLOT, 8, 4));
    assertThrows(IllegalArgumentException.class, () -> new DatagramSlots(0, 1, 4));
  }
}
