package io.jagent.inputs.statsd;

import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;

/**
 * The receive buffer of an epoll UDP channel, as a number of {@code recvmmsg} slots that follows
 * the load: each read cycle makes one {@code recvmmsg} call into as many slots as the buffer holds
 * (Netty places one slot per {@code slotSize} bytes); a call that filled every slot doubles the
 * next one's (the socket had more waiting, up to {@code max}), a call that filled at most a quarter
 * halves it (down to {@code min}).
 *
 * <p>Why: a call costs a system call, an {@code epoll_pwait2} and Netty's per-cycle work whatever
 * it returns, and Netty sets every slot up before the call (a JNI field read per slot), so a busy
 * socket wants many slots and a quiet one few. At the sender's ceiling (2M single-line datagrams,
 * ~300k/s) growing to 64 made 33k calls instead of 125k and took 12% off the agent's CPU after
 * start-up (6 pairs); a fixed 64 cost the statsd warm-up's small cycles 0.1–0.15 CPU-s more, and
 * 256 was no cheaper at the ceiling but costlier at 20k/s (BENCHMARKS.md).
 *
 * <p>One instance per channel, used on its event loop only. Read coalescing ({@link UdpHandler})
 * still pauses after a cycle of fewer than {@link StatsdInput#DATAGRAMS_PER_READ} datagrams, not
 * after any cycle short of its slots: the statsd warm-up keeps 16 datagrams in flight, and pausing
 * after its full cycles of 16 in 32 slots doubled its time (0.6 → 1.4 s) and its CPU cost.
 */
final class DatagramSlots extends DefaultMaxMessagesRecvByteBufAllocator {
  private final int slotSize;
  private final int min;
  private final int max;
  private int slots;
  private int lastSlots;
  private int peak;

  /**
   * @param slotSize bytes per slot (the channel's {@code MAX_DATAGRAM_PAYLOAD_SIZE})
   * @param min the fewest slots, and the first cycle's
   * @param max the most slots; the buffer is then {@code max * slotSize} bytes
   */
  DatagramSlots(int slotSize, int min, int max) {
    super(1); // one recvmmsg per read cycle: a cycle's count tells whether it drained the socket
    if (slotSize <= 0 || min <= 0 || max < min) {
      throw new IllegalArgumentException("slots " + min + ".." + max + " of " + slotSize);
    }
    this.slotSize = slotSize;
    this.min = min;
    this.max = max;
    this.slots = min;
    this.lastSlots = min;
    this.peak = min;
  }

  /** The slots the next cycle will have. */
  int nextSlots() {
    return slots;
  }

  /** The most slots a call has been given so far. */
  int peakSlots() {
    return peak;
  }

  /** Sizes the next call from the datagrams this one received. */
  void sizeNext(int datagrams) {
    if (datagrams >= lastSlots) {
      slots = Math.min(max, lastSlots * 2);
      peak = Math.max(peak, slots);
    } else if (datagrams <= lastSlots / 4) {
      slots = Math.max(min, lastSlots / 2);
    }
  }

  @Override
  public Handle newHandle() {
    return new MaxMessageHandle() {
      private int received;

      @Override
      public int guess() {
        lastSlots = slots;
        received = 0;
        return slots * slotSize;
      }

      @Override
      public void lastBytesRead(int bytes) {
        super.lastBytesRead(bytes);
        // Netty reports a recvmmsg call as datagrams x slot size, a single recvmsg as its bytes
        if (bytes > 0) {
          received += (bytes + slotSize - 1) / slotSize;
        }
      }

      @Override
      public void readComplete() {
        super.readComplete();
        sizeNext(received);
      }
    };
  }
}
