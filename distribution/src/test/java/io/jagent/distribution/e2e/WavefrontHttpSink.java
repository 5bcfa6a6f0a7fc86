package io.jagent.distribution.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A fake Wavefront proxy HTTP port ({@code POST /report?f=wavefront}) on 127.0.0.1: keeps the lines
 * of every accepted request; can answer 503 (accepting nothing) for a while.
 */
final class WavefrontHttpSink implements AutoCloseable {
  private final HttpServer server;
  private final List<String> lines = new ArrayList<>();
  private volatile boolean unavailable;
  final AtomicInteger refused = new AtomicInteger();
  final AtomicInteger accepted = new AtomicInteger();

  WavefrontHttpSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void unavailable(boolean down) {
    unavailable = down;
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      byte[] body = x.getRequestBody().readAllBytes();
      if (unavailable) {
        refused.incrementAndGet();
        x.sendResponseHeaders(503, -1);
        return;
      }
      InputStream in = new ByteArrayInputStream(body);
      if ("gzip".equalsIgnoreCase(x.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new GZIPInputStream(in);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      synchronized (this) {
        for (String l : text.split("\n")) {
          if (!l.isEmpty()) {
            lines.add(l);
          }
        }
      }
      accepted.incrementAndGet();
      x.sendResponseHeaders(202, -1);
    }
  }

  synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
