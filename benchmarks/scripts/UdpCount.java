import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Baseline for statsd-load.sh: a bare JVM UDP receiver (blocking DatagramChannel, one thread)
 * that counts newline-terminated lines. Run with the same flags as the agent:
 *
 * <pre>java -XX:+UseSerialGC ... benchmarks/scripts/UdpCount.java PORT RCVBUF</pre>
 *
 * Prints "bound rcvbuf=N" once listening; exits 3 s after the last datagram, printing the count.
 */
public final class UdpCount {
  public static void main(String[] args) throws Exception {
    DatagramChannel ch = DatagramChannel.open();
    ch.setOption(StandardSocketOptions.SO_RCVBUF, Integer.parseInt(args[1]));
    ch.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])));
    System.out.println("bound rcvbuf=" + ch.getOption(StandardSocketOptions.SO_RCVBUF));
    ByteBuffer buf = ByteBuffer.allocateDirect(65536);
    long lines = 0;
    long[] last = {System.nanoTime()};
    long[] count = {0};
    Thread watchdog =
        new Thread(
            () -> {
              while (true) {
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
                if (count[0] > 0 && System.nanoTime() - last[0] > 3_000_000_000L) {
                  System.out.println("lines=" + count[0]);
                  System.exit(0);
                }
              }
            });
    watchdog.setDaemon(true);
    watchdog.start();
    while (true) {
      buf.clear();
      ch.receive(buf);
      buf.flip();
      for (int i = 0; i < buf.limit(); i++) {
        if (buf.get(i) == '\n') {
          lines++;
        }
      }
      count[0] = lines;
      last[0] = System.nanoTime();
    }
  }
}
