package io.jagent.distribution.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** A TCP port on 127.0.0.1 that accepts connections and never reads or answers (a hung peer). */
final class BlackHole implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> held = new ArrayList<>();

  BlackHole() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  synchronized (held) {
                    held.add(s);
                  }
                } catch (IOException e) {
                  return;
                }
              }
            },
            "black-hole");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (held) {
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
