package io.jagent.outputs.wavefront;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A fake Wavefront proxy metrics port on 127.0.0.1: reads lines, can be killed. Test only. */
final class TcpSink implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> sockets = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();
  private final boolean read;
  private int accepted;

  /** Listens on {@code port} (0: any); {@code read=false} never reads (a stuck proxy). */
  TcpSink(int port, boolean read, int receiveBuffer) throws IOException {
    this.read = read;
    server = new ServerSocket();
    server.setReuseAddress(true);
    if (receiveBuffer > 0) {
      server.setReceiveBufferSize(receiveBuffer);
    }
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    Thread t = new Thread(this::acceptLoop, "tcp-sink-accept");
    t.setDaemon(true);
    t.start();
  }

  TcpSink(int port) throws IOException {
    this(port, true, 0);
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        synchronized (this) {
          sockets.add(s);
          accepted++;
          notifyAll();
        }
        if (read) {
          Thread r = new Thread(() -> readLoop(s), "tcp-sink-read");
          r.setDaemon(true);
          r.start();
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  private void readLoop(Socket s) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
      String l;
      while ((l = in.readLine()) != null) {
        WavefrontParserCheck.check(l);
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
    server.close();
    for (Socket s : sockets) {
      if (reset) {
        s.setSoLinger(true, 0);
      }
      s.close();
    }
    sockets.clear();
  }

  @Override
  public void close() throws IOException {
    kill(false);
  }
}
