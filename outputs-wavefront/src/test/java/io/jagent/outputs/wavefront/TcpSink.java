package io.jagent.outputs.wavefront;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A fake Wavefront proxy metrics port on 127.0.0.1: reads lines, can be killed. Test only. */
final class TcpSink implements AutoCloseable {
  private final ServerSocketChannel channel;
  private final ServerSocket server;
  private final List<Socket> sockets = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();
  private final List<AssertionError> parseErrors = new ArrayList<>();
  private final boolean read;
  private int accepted;

  /** Listens on {@code port} (0: any); {@code read=false} never reads (a stuck proxy). */
  TcpSink(int port, boolean read, int receiveBuffer) throws IOException {
    this.read = read;
    channel = ServerSocketChannel.open();
    channel.configureBlocking(false);
    server = channel.socket();
    server.setReuseAddress(true);
    if (receiveBuffer > 0) {
      server.setReceiveBufferSize(receiveBuffer);
    }
    if (port != 0) {
      // a restart on the port of a killed sink: its sockets close asynchronously (a reader thread
      // was blocked on them), so the port may stay taken for a moment
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (true) {
        try {
          server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
          break;
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          try {
            Thread.sleep(10);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
      }
    } else {
      bindBelowEphemeralRange(server);
    }
    Thread t = new Thread(this::acceptLoop, "tcp-sink-accept");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Binds to a port below Linux's ephemeral range (32768-60999). A sink is killed and restarted on
   * the same port; an ephemeral port could meanwhile be taken by any process's outgoing connection,
   * or even by our own reconnect (TCP self-connect).
   */
  private static void bindBelowEphemeralRange(ServerSocket server) throws IOException {
    IOException last = null;
    for (int i = 0; i < 200; i++) {
      int p = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      try {
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  /** A port below the ephemeral range on which nothing listens (for "proxy not started yet"). */
  static int unusedPort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      bindBelowEphemeralRange(s);
      return s.getLocalPort();
    }
  }

  TcpSink(int port) throws IOException {
    this(port, true, 0);
  }

  int port() {
    return server.getLocalPort();
  }

  /**
   * Accepts by polling a non-blocking channel under the sink's lock: a JDK socket closed while a
   * thread is blocked in accept() keeps listening until that thread wakes up, which would let a
   * "killed" proxy still accept connections for a while.
   */
  private void acceptLoop() {
    while (true) {
      Socket s;
      synchronized (this) {
        if (!channel.isOpen()) {
          return;
        }
        try {
          SocketChannel c = channel.accept();
          if (c == null) {
            s = null;
          } else {
            c.configureBlocking(true);
            s = c.socket();
            sockets.add(s);
            accepted++;
            notifyAll();
          }
        } catch (IOException e) {
          return;
        }
      }
      if (s == null) {
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
        continue;
      }
      if (read) {
        Thread r = new Thread(() -> readLoop(s), "tcp-sink-read");
        r.setDaemon(true);
        r.start();
      }
    }
  }

  private void readLoop(Socket s) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
      String l;
      while ((l = in.readLine()) != null) {
        try {
          WavefrontParserCheck.check(l);
        } catch (AssertionError e) {
          synchronized (this) {
            parseErrors.add(e);
          }
        }
        synchronized (this) {
          lines.add(l);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // killed
    }
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized int accepted() {
    return accepted;
  }

  /** Waits (bounded) until {@code n} lines arrived; true if they did. */
  synchronized boolean awaitLines(int n, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (lines.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Stops listening and drops every connection: with FIN, or with RST when {@code reset}. */
  synchronized void kill(boolean reset) throws IOException {
    channel.close();
    for (Socket s : sockets) {
      if (reset) {
        s.setSoLinger(true, 0);
      }
      s.close();
    }
    sockets.clear();
  }

  /** Lines Wavefront's parser refused (checked for every line received). */
  synchronized List<AssertionError> parseErrors() {
    return List.copyOf(parseErrors);
  }

  @Override
  public void close() throws IOException {
    kill(false);
    if (!parseErrors().isEmpty()) {
      throw parseErrors().get(0);
    }
  }
}
