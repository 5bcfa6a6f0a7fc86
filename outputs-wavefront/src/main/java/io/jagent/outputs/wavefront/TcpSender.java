package io.jagent.outputs.wavefront;

import io.jagent.spi.Clock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Raw TCP lines to a Wavefront proxy (legacy {@code host} + {@code port}, reference §6.3).
 *
 * <p>One persistent connection, non-blocking with a selector so that connect and write have
 * timeouts; the blocking happens on the thread that calls {@link #send}, no thread of its own.
 * Before each send the connection is probed (a proxy never writes on its metrics port, so end of
 * stream or a reset means the proxy went away) and re-dialled if needed. A failed dial starts a
 * capped exponential backoff (1 s, 2 s, ... 30 s, on the agent's clock) during which sends fail at
 * once without touching the network. Any failure closes the connection and throws, so the caller
 * keeps the batch.
 *
 * <p>Limit (see README): TCP has no application acknowledgement. Bytes the kernel accepted are
 * reported as sent; if the proxy dies before reading them they are lost without an error.
 */
final class TcpSender implements Sender {
  static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final String host;
  private final int port;
  private final long timeoutNanos;
  private final Clock clock;
  private final Logger log;
  private final ByteBuffer probe = ByteBuffer.allocate(512);

  private SocketChannel channel;
  private Selector selector;
  private SelectionKey key;
  private long backoffNanos;
  private long nextAttemptNanos;
  private boolean everConnected;
  private long connects;

  TcpSender(String host, int port, Duration timeout, Clock clock, Logger log) {
    this.host = host;
    this.port = port;
    this.timeoutNanos = timeout.toNanos();
    this.clock = clock;
    this.log = log;
  }

  /** Number of successful connects so far (the first one included). */
  long connects() {
    return connects;
  }

  @Override
  public void connect() throws IOException {
    ensureConnected();
  }

  @Override
  public void send(byte[] data, int len, int lines) throws IOException {
    ensureConnected();
    ByteBuffer buf = ByteBuffer.wrap(data, 0, len);
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      while (buf.hasRemaining()) {
        if (channel.write(buf) == 0) {
          awaitReady(SelectionKey.OP_WRITE, deadline, "write");
        }
      }
    } catch (IOException e) {
      disconnect();
      throw new IOException(
          "writing "
              + lines
              + " points to the Wavefront proxy at "
              + host
              + ":"
              + port
              + " failed after "
              + (len - buf.remaining())
              + " of "
              + len
              + " bytes: "
              + describe(e),
          e);
    }
  }

  /** True if a connection is open and no end of stream or reset has been seen on it. */
  boolean isConnectionAlive() {
    if (channel == null) {
      return false;
    }
    try {
      for (int i = 0; i < 64; i++) { // the proxy sends nothing; bounded anyway
        probe.clear();
        int n = channel.read(probe);
        if (n < 0) {
          return false;
        }
        if (n == 0) {
          return true;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void ensureConnected() throws IOException {
    if (channel != null) {
      if (isConnectionAlive()) {
        return;
      }
      log.warn(
          "connection to the Wavefront proxy at {}:{} was closed by the proxy; reconnecting",
          host,
          port);
      disconnect();
    }
    long now = clock.nanoTime();
    if (backoffNanos > 0 && now - nextAttemptNanos < 0) {
      throw new IOException(
          "not connected to the Wavefront proxy at "
              + host
              + ":"
              + port
              + "; next attempt in "
              + TimeUnit.NANOSECONDS.toMillis(nextAttemptNanos - now)
              + " ms");
    }
    try {
      dial();
    } catch (IOException e) {
      disconnect();
      backoffNanos =
          backoffNanos == 0
              ? INITIAL_BACKOFF.toNanos()
              : Math.min(backoffNanos * 2, MAX_BACKOFF.toNanos());
      nextAttemptNanos = clock.nanoTime() + backoffNanos;
      throw new IOException(
          "cannot connect to the Wavefront proxy at "
              + host
              + ":"
              + port
              + " ("
              + describe(e)
              + "); next attempt in "
              + TimeUnit.NANOSECONDS.toMillis(backoffNanos)
              + " ms",
          e);
    }
    backoffNanos = 0;
    connects++;
    if (everConnected) {
      log.info("reconnected to the Wavefront proxy at {}:{}", host, port);
    } else {
      log.info("connected to the Wavefront proxy at {}:{}", host, port);
      everConnected = true;
    }
  }

  private void dial() throws IOException {
    long deadline = System.nanoTime() + timeoutNanos;
    InetSocketAddress addr = new InetSocketAddress(host, port); // resolved on every dial
    if (addr.isUnresolved()) {
      throw new IOException("cannot resolve " + host);
    }
    channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    selector = Selector.open();
    key = channel.register(selector, 0);
    try {
      if (!channel.connect(addr)) {
        while (!channel.finishConnect()) {
          awaitReady(SelectionKey.OP_CONNECT, deadline, "connect");
        }
      }
    } catch (UnresolvedAddressException e) {
      throw new IOException("cannot resolve " + host, e);
    }
    if (channel.getLocalAddress().equals(channel.getRemoteAddress())) {
      // TCP self-connect: nothing listens on a local port in the ephemeral range
      throw new IOException("Connection refused (connected to itself)");
    }
  }

  private void awaitReady(int op, long deadline, String what) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException(what + " timed out");
    }
    key.interestOps(op);
    try {
      selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(what + " interrupted");
      }
    } finally {
      selector.selectedKeys().clear();
      key.interestOps(0);
    }
  }

  private void disconnect() {
    if (selector != null) {
      try {
        selector.close();
      } catch (IOException e) {
        log.debug("closing selector", e);
      }
      selector = null;
      key = null;
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("closing connection", e);
      }
      channel = null;
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
  }

  @Override
  public void close() {
    if (channel != null && channel.isConnected()) {
      try {
        channel.shutdownOutput(); // FIN after the last line, so the proxy reads everything
      } catch (IOException e) {
        log.debug("shutting down connection", e);
      }
    }
    disconnect();
  }
}
