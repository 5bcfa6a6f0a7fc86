package io.jagent.inputs.statsd;

import java.lang.reflect.Method;
import java.nio.channels.DatagramChannel;

/**
 * The file descriptor of a JDK socket, for Netty's epoll transport to adopt ({@code new
 * EpollDatagramChannel(fd)}): read through the JDK's internal {@code sun.nio.ch.SelChImpl}, which
 * the launcher exports to the class path ({@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}).
 */
final class EarlyFd {
  private EarlyFd() {}

  /** The descriptor, or -1 when the JDK does not give it (package not exported, other JDK). */
  static int of(DatagramChannel ch) {
    try {
      Method m = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
      return (int) m.invoke(ch);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }
}
