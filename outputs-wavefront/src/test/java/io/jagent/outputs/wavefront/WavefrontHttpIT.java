package io.jagent.outputs.wavefront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Metric;
import io.jagent.testing.ManualClock;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The HTTP transports against an in-process server on 127.0.0.1. */
class WavefrontHttpIT {
  private static final String TOKEN = "tok-9f8e7d6c5b4a";
  private static final long T = 1_700_000_000_000_000_000L;

  record Request(String method, String path, String query, Headers headers, String body) {}

  private HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();
  private final List<AssertionError> parseErrors = new ArrayList<>();
  private volatile CountDownLatch hold;
  private TestPluginContext ctx;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] raw = ex.getRequestBody().readAllBytes();
          String body;
          if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
              body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
          } else {
            body = "NOT GZIP: " + new String(raw, StandardCharsets.UTF_8);
          }
          try {
            WavefrontParserCheck.checkAll(body); // every body, whatever the test looks at
          } catch (AssertionError e) {
            synchronized (parseErrors) {
              parseErrors.add(e);
            }
          }
          CountDownLatch h = hold;
          if (h != null) {
            try {
              h.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          int status;
          synchronized (requests) {
            requests.add(
                new Request(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    ex.getRequestURI().getQuery(),
                    ex.getRequestHeaders(),
                    body));
            Integer s = statuses.poll();
            status = s == null ? 204 : s;
          }
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    server.start();
    ctx = new TestPluginContext("outputs.wavefront", new ManualClock());
  }

  @AfterEach
  void stop() {
    CountDownLatch h = hold;
    if (h != null) {
      h.countDown();
    }
    server.stop(0);
    ctx.close();
    synchronized (parseErrors) {
      if (!parseErrors.isEmpty()) {
        throw parseErrors.get(0);
      }
    }
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private WavefrontOutput output(String options) throws Exception {
    WavefrontConfig c = PluginConfigs.parse(new WavefrontOutputFactory(), options);
    WavefrontOutput out = new WavefrontOutput(c, ctx);
    out.connect();
    return out;
  }

  private static List<Metric> batch(int n) {
    List<Metric> b = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      b.add(
          Metric.builder("cpu")
              .tag("host", "web-1")
              .tag("cpu", "cpu" + i)
              .field("usage_idle", 90.5 + i)
              .time(T)
              .build());
    }
    return b;
  }

  private List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private static List<String> checkedLines(Request r) {
    return WavefrontParserCheck.checkAll(r.body());
  }

  @Test
  void proxyModePostsGzippedLinesToReport() throws Exception {
    try (WavefrontOutput out = output("url = \"" + base() + "\"")) {
      out.write(batch(3));
    }
    List<Request> rs = requests();
    assertEquals(1, rs.size());
    Request r = rs.get(0);
    assertEquals("POST", r.method());
    assertEquals("/report", r.path());
    assertEquals("f=wavefront", r.query());
    assertEquals("gzip", r.headers().getFirst("Content-Encoding"));
    assertEquals("application/octet-stream", r.headers().getFirst("Content-Type"));
    assertNull(r.headers().getFirst("Authorization"));
    List<String> lines = checkedLines(r);
    assertEquals(
        List.of(
            "\"cpu.usage.idle\" 90.5 1700000000 source=\"web-1\" \"cpu\"=\"cpu0\"",
            "\"cpu.usage.idle\" 91.5 1700000000 source=\"web-1\" \"cpu\"=\"cpu1\"",
            "\"cpu.usage.idle\" 92.5 1700000000 source=\"web-1\" \"cpu\"=\"cpu2\""),
        lines);
    assertEquals(3, ctx.stat("wavefront", "points_sent", Map.of()));
  }

  @Test
  void urlPathIsKept() throws Exception {
    try (WavefrontOutput out = output("url = \"" + base() + "/wf\"")) {
      out.write(batch(1));
    }
    assertEquals("/wf/report", requests().get(0).path());
  }

  @Test
  void directModeSendsTheBearerToken() throws Exception {
    try (WavefrontOutput out = output("url = \"" + base() + "\"\ntoken = \"" + TOKEN + "\"")) {
      out.write(batch(2));
    }
    Request r = requests().get(0);
    assertEquals("Bearer " + TOKEN, r.headers().getFirst("Authorization"));
    assertEquals("/report", r.path());
    assertEquals(2, checkedLines(r).size());
  }

  @Test
  void tokenInTheUrlUserPartBecomesTheBearerToken() throws Exception {
    String url = "http://" + TOKEN + "@127.0.0.1:" + server.getAddress().getPort();
    try (WavefrontOutput out = output("url = \"" + url + "\"")) {
      out.write(batch(1));
    }
    Request r = requests().get(0);
    assertEquals("Bearer " + TOKEN, r.headers().getFirst("Authorization"));
    assertNull(r.headers().getFirst("Authorization-Basic"));
    assertEquals(1, checkedLines(r).size());
  }

  @Test
  void batchIsSplitByHttpMaximumBatchSize() throws Exception {
    try (WavefrontOutput out = output("url = \"" + base() + "\"\nhttp_maximum_batch_size = 2")) {
      out.write(batch(5));
    }
    List<Request> rs = requests();
    assertEquals(List.of(2, 2, 1), rs.stream().map(r -> checkedLines(r).size()).toList());
  }

  @Test
  void serverErrorThenSuccessDeliversTheBatchOnRetry() throws Exception {
    statuses.add(503);
    List<Metric> b = batch(3);
    try (WavefrontOutput out = output("url = \"" + base() + "\"")) {
      IOException e = assertThrows(IOException.class, () -> out.write(b));
      assertFalse(e instanceof BatchRejectedException, e.toString());
      assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
      out.write(b); // the core retries the same batch
    }
    List<Request> rs = requests();
    assertEquals(2, rs.size());
    assertEquals(checkedLines(rs.get(0)), checkedLines(rs.get(1)));
    assertEquals(3, ctx.stat("wavefront", "points_sent", Map.of()));
    assertEquals(1, ctx.stat("wavefront", "send_errors", Map.of()));
  }

  @Test
  void badRequestRejectsTheBatch() throws Exception {
    statuses.add(400);
    try (WavefrontOutput out = output("url = \"" + base() + "\"")) {
      BatchRejectedException e =
          assertThrows(BatchRejectedException.class, () -> out.write(batch(2)));
      assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
    }
    assertEquals(2, ctx.stat("wavefront", "points_rejected", Map.of()));
  }

  @Test
  void rejectedChunkDoesNotStopTheOthers() throws Exception {
    statuses.add(204);
    statuses.add(400);
    try (WavefrontOutput out = output("url = \"" + base() + "\"\nhttp_maximum_batch_size = 2")) {
      BatchRejectedException e =
          assertThrows(BatchRejectedException.class, () -> out.write(batch(5)));
      assertTrue(e.getMessage().startsWith("2 of 5 points rejected"), e.getMessage());
    }
    assertEquals(3, requests().size());
    assertEquals(3, ctx.stat("wavefront", "points_sent", Map.of()));
  }

  @Test
  void authAndThrottlingStatusesAreRetried() throws Exception {
    for (int s : new int[] {401, 403, 429, 500}) {
      statuses.add(s);
      try (WavefrontOutput out = output("url = \"" + base() + "\"\ntoken = \"" + TOKEN + "\"")) {
        IOException e = assertThrows(IOException.class, () -> out.write(batch(1)));
        assertFalse(e instanceof BatchRejectedException, s + ": " + e);
      }
    }
  }

  @Test
  void connectionRefusedIsRetryable() throws Exception {
    String url = base();
    server.stop(0);
    try (WavefrontOutput out = output("url = \"" + url + "\"\ntoken = \"" + TOKEN + "\"")) {
      IOException e = assertThrows(IOException.class, () -> out.write(batch(1)));
      assertFalse(e instanceof BatchRejectedException);
      assertFalse(e.getMessage().contains(TOKEN));
    }
  }

  @Test
  void timeoutIsRetryable() throws Exception {
    hold = new CountDownLatch(1);
    try (WavefrontOutput out = output("url = \"" + base() + "\"\ntimeout = \"300ms\"")) {
      IOException e = assertThrows(IOException.class, () -> out.write(batch(1)));
      assertFalse(e instanceof BatchRejectedException);
    } finally {
      hold.countDown();
    }
  }

  @Test
  void tokenNeverAppearsInLogsOrErrors() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger("outputs.wavefront");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    Level before = logger.getLevel();
    logger.setLevel(Level.TRACE);
    List<Throwable> errors = new ArrayList<>();
    try {
      String withUser = "http://" + TOKEN + "@127.0.0.1:" + server.getAddress().getPort();
      for (String options :
          List.of(
              "url = \"" + withUser + "\"",
              "url = \"" + base() + "\"\ntoken = \"" + TOKEN + "\"")) {
        for (int s : new int[] {204, 400, 401, 503}) {
          statuses.add(s);
          try (WavefrontOutput out = output(options)) {
            out.write(batch(2));
          } catch (IOException e) {
            errors.add(e);
          }
        }
      }
      server.stop(0);
      try (WavefrontOutput out = output("url = \"" + withUserRefused() + "\"")) {
        out.write(batch(1));
      } catch (IOException e) {
        errors.add(e);
      }
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(before);
    }
    assertEquals(7, errors.size());
    for (Throwable e : errors) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        assertFalse(String.valueOf(c.getMessage()).contains(TOKEN), c.toString());
        assertFalse(c.toString().contains(TOKEN), c.toString());
      }
    }
    assertFalse(appender.list.isEmpty());
    for (ILoggingEvent ev : appender.list) {
      assertFalse(ev.getFormattedMessage().contains(TOKEN), ev.getFormattedMessage());
      for (IThrowableProxy p = ev.getThrowableProxy(); p != null; p = p.getCause()) {
        assertFalse(String.valueOf(p.getMessage()).contains(TOKEN), p.getMessage());
      }
    }
    assertInstanceOf(BatchRejectedException.class, errors.get(0));
  }

  private String withUserRefused() {
    return "http://" + TOKEN + "@127.0.0.1:" + server.getAddress().getPort();
  }
}
