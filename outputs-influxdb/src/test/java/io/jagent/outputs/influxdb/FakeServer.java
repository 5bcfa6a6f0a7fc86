package io.jagent.outputs.influxdb;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** An in-process HTTP server on 127.0.0.1 that records requests and plays scripted answers. */
final class FakeServer implements AutoCloseable {
  record Request(String method, String path, String query, Headers headers, String body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  record Answer(int status, String body, Map<String, String> headers) {}

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Answer> writeAnswers = new ArrayDeque<>();
  private Answer defaultWrite = new Answer(204, "", Map.of());
  private Answer queryAnswer = new Answer(200, "{\"results\":[{\"statement_id\":0}]}", Map.of());

  FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] raw = ex.getRequestBody().readAllBytes();
          InputStream in = new ByteArrayInputStream(raw);
          if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
          }
          String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          Request r =
              new Request(
                  ex.getRequestMethod(),
                  ex.getRequestURI().getRawPath(),
                  ex.getRequestURI().getRawQuery(),
                  ex.getRequestHeaders(),
                  body);
          Answer a;
          synchronized (this) {
            requests.add(r);
            if (r.path().endsWith("/query")) {
              a = queryAnswer;
            } else {
              a = writeAnswers.isEmpty() ? defaultWrite : writeAnswers.poll();
            }
          }
          a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
          byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
          if (a.status() == 204 || out.length == 0) {
            ex.sendResponseHeaders(a.status(), -1);
          } else {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(a.status(), out.length);
            ex.getResponseBody().write(out);
          }
          ex.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized FakeServer answerWrites(int status, String body) {
    writeAnswers.add(new Answer(status, body, Map.of()));
    return this;
  }

  synchronized FakeServer answerWrites(int status, String body, Map<String, String> headers) {
    writeAnswers.add(new Answer(status, body, headers));
    return this;
  }

  synchronized FakeServer defaultWrite(int status, String body) {
    defaultWrite = new Answer(status, body, Map.of());
    return this;
  }

  synchronized FakeServer answerQueries(int status, String body) {
    queryAnswer = new Answer(status, body, Map.of());
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  synchronized List<Request> writes() {
    return requests.stream().filter(r -> !r.path().endsWith("/query")).toList();
  }

  synchronized List<Request> queries() {
    return requests.stream().filter(r -> r.path().endsWith("/query")).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
