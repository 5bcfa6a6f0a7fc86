package io.jagent.distribution.e2e;

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

/**
 * A fake Wavefront proxy metrics port (raw TCP lines) on 127.0.0.1: keeps every line, can be killed
 * (listener and connections closed at once) and started again on the same port.
 */
final class WavefrontTcpSink implements AutoCloseable {
  private final String bindHost;
  private final int port;
  private final List<String> lines = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();
  private ServerSocket server;

  /** Listens on {@code host:port} ({@code port} 0: a free port). */
  WavefrontTcpSink(String host, int port) throws IOException {
    this.bindHost = host;
    this.server = bind(host, port);
    this.port = server.getLocalPort();
    startAccepting(server);
  }

  int port() {
    return port;
  }

  private static ServerSocket bind(String host, int port) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      try {
        s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 256);
        return s;
      } catch (IOException e) {
        s.close();
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void startAccepting(ServerSocket s) {
    Thread t =
        new Thread(
            () -> {
              while (!s.isClosed()) {
                try {
                  Socket c = s.accept();
                  synchronized (this) {
                    sockets.add(c);
                  }
                  Thread r = new Thread(() -> read(c), "wf-sink-read");
                  r.setDaemon(true);
                  r.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "wf-sink-accept");
    t.setDaemon(true);
    t.start();
  }

  private void read(Socket c) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
      String l;
      while ((l = in.readLine()) != null) {
        synchronized (this) {
          lines.add(l);
        }
      }
    } catch (IOException e) {
      // killed
    }
  }

  /** The proxy dies: listener and every connection closed (RST on the agent's side). */
  synchronized void kill() throws IOException {
    server.close();
    for (Socket s : sockets) {
      if (!s.isClosed()) {
        s.setSoLinger(true, 0);
        s.close();
      }
    }
    sockets.clear();
  }

  /** Starts listening again on the same port. */
  void restart() throws IOException {
    ServerSocket s = bind(bindHost, port);
    synchronized (this) {
      server = s;
    }
    startAccepting(s);
  }

  synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  @Override
  public void close() throws IOException {
    kill();
  }
}
