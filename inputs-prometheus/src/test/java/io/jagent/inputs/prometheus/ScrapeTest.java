package io.jagent.inputs.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jagent.spi.Metric;
import io.jagent.testing.ManualClock;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrape against an in-process HTTP server: auth, headers, errors, limits, concurrency. */
class ScrapeTest {
  private static final String BODY = "# TYPE up gauge\nup{job=\"x\"} 1\n";

  private HttpServer server;
  private final Map<String, String> lastAuth = new ConcurrentHashMap<>();
  private final Map<String, Map<String, List<String>>> lastHeaders = new ConcurrentHashMap<>();
  private final CountDownLatch bothArrived = new CountDownLatch(2);
  private final CountDownLatch release = new CountDownLatch(1);
  private ManualClock clock;
  private TestPluginContext ctx;
  private TestAccumulator acc;
  @TempDir Path tmp;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4", BODY));
    server.createContext("/other", ex -> respond(ex, 200, null, "# TYPE b counter\nb 2\n"));
    server.createContext(
        "/auth",
        ex -> {
          lastAuth.put("auth", ex.getRequestHeaders().getFirst("Authorization") + "");
          String a = ex.getRequestHeaders().getFirst("Authorization");
          if (a == null) {
            respond(ex, 401, null, "");
          } else {
            respond(ex, 200, null, BODY);
          }
        });
    server.createContext(
        "/headers",
        ex -> {
          lastHeaders.put("h", Map.copyOf(ex.getRequestHeaders()));
          respond(ex, 200, null, BODY);
        });
    server.createContext("/fail", ex -> respond(ex, 500, null, "oops"));
    server.createContext("/nocontent", ex -> respond(ex, 204, null, null));
    server.createContext("/broken", ex -> respond(ex, 200, null, "a 1\nb{ 2\n"));
    server.createContext(
        "/protobuf",
        ex ->
            respond(
                ex,
                200,
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
                    + " encoding=delimited",
                "\u0001x"));
    server.createContext("/big", ex -> respond(ex, 200, null, "big 1\n".repeat(1000)));
    server.createContext(
        "/gzip",
        ex -> {
          ByteArrayOutputStream bos = new ByteArrayOutputStream();
          try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(BODY.getBytes(StandardCharsets.UTF_8));
          }
          ex.getResponseHeaders().set("Content-Encoding", "gzip");
          ex.sendResponseHeaders(200, bos.size());
          try (OutputStream os = ex.getResponseBody()) {
            os.write(bos.toByteArray());
          }
        });
    server.createContext(
        "/stall",
        ex -> {
          ex.sendResponseHeaders(200, 0);
          OutputStream os = ex.getResponseBody();
          os.write("a 1\n".getBytes(StandardCharsets.UTF_8));
          os.flush();
          awaitQuietly(release, 10);
          ex.close();
        });
    for (String p : List.of("/c1", "/c2")) {
      server.createContext(
          p,
          ex -> {
            bothArrived.countDown();
            boolean both = awaitQuietly(bothArrived, 10);
            respond(ex, 200, null, "# TYPE conc gauge\nconc " + (both ? 1 : 0) + "\n");
          });
    }
    server.start();
    clock = new ManualClock();
    ctx = new TestPluginContext("inputs.prometheus", clock);
    acc = new TestAccumulator();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    ctx.close();
  }

  private static boolean awaitQuietly(CountDownLatch l, int seconds) {
    try {
      return l.await(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void respond(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, body == null ? -1 : b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private PrometheusInput input(String toml) throws Exception {
    return new PrometheusInput(PluginConfigs.parse(new PrometheusInputFactory(), toml), ctx);
  }

  private List<String> errors() {
    return acc.errors().stream().map(Throwable::getMessage).toList();
  }

  @Test
  void bareHostGetsMetricsPathAndUrlTag() throws Exception {
    input("urls = [\"" + base() + "\"]").gather(acc);
    assertEquals(List.of(), errors());
    Metric m = acc.metrics().get(0);
    assertEquals(base() + "/metrics", m.tag("url"));
    assertEquals("x", m.tag("job"));
    assertEquals(1.0, m.field("gauge"));
    assertEquals(clock.epochNanos(), m.timeNanos());
  }

  @Test
  void usesTheAgentClientWithoutTlsOptions() throws Exception {
    assertSame(ctx.httpClient(), input("urls = []").client());
    assertNotSame(ctx.httpClient(), input("insecure_skip_verify = true").client());
  }

  @Test
  void bearerTokenFileIsReReadEveryScrape() throws Exception {
    Path token = tmp.resolve("token");
    Files.writeString(token, "first");
    PrometheusInput in =
        input("urls = [\"" + base() + "/auth\"]\nbearer_token = \"" + token + "\"");
    in.gather(acc);
    assertEquals("Bearer first", lastAuth.get("auth"));
    Files.writeString(token, "rotated");
    in.gather(acc);
    assertEquals("Bearer rotated", lastAuth.get("auth"));
    assertEquals(2, acc.metrics().size());
  }

  @Test
  void missingTokenFileIsAnErrorForThatScrape() throws Exception {
    input("urls = [\"" + base() + "/auth\"]\nbearer_token = \"" + tmp.resolve("absent") + "\"")
        .gather(acc);
    assertEquals(0, acc.metrics().size());
    assertEquals(1, errors().size());
    assertTrue(errors().get(0).contains("bearer token"), errors().toString());
  }

  @Test
  void tokenFileWithTrailingNewlineFailsTheRequestAsTelegrafDoes() throws Exception {
    Path token = tmp.resolve("token");
    Files.writeString(token, "abc\n");
    input("urls = [\"" + base() + "/auth\"]\nbearer_token = \"" + token + "\"").gather(acc);
    assertEquals(0, acc.metrics().size());
    assertEquals(1, errors().size());
    assertFalse(errors().get(0).contains("abc"), errors().get(0));
  }

  @Test
  void bearerTokenStringTakesPrecedenceOverBasic() throws Exception {
    input(
            "urls = [\""
                + base()
                + "/auth\"]\nbearer_token_string = \"abc\"\nusername = \"u\"\npassword = \"p\"")
        .gather(acc);
    assertEquals("Bearer abc", lastAuth.get("auth"));
  }

  @Test
  void basicAuth() throws Exception {
    input("urls = [\"" + base() + "/auth\"]\nusername = \"user\"\npassword = \"pa:ss\"")
        .gather(acc);
    assertEquals(
        "Basic "
            + Base64.getEncoder().encodeToString("user:pa:ss".getBytes(StandardCharsets.UTF_8)),
        lastAuth.get("auth"));
    assertEquals(1, acc.metrics().size());
  }

  @Test
  void urlUserInfoIsBasicAuthAndLeftOutOfTagsAndErrors() throws Exception {
    String port = Integer.toString(server.getAddress().getPort());
    input(
            "urls = [\"http://bob:secret@127.0.0.1:"
                + port
                + "/auth\", \"http://bob:secret@127.0.0.1:"
                + port
                + "/fail\"]")
        .gather(acc);
    assertEquals(
        "Basic "
            + Base64.getEncoder().encodeToString("bob:secret".getBytes(StandardCharsets.UTF_8)),
        lastAuth.get("auth"));
    assertEquals("http://127.0.0.1:" + port + "/auth", acc.metrics().get(0).tag("url"));
    assertEquals(1, errors().size());
    assertFalse(errors().get(0).contains("secret"), errors().get(0));
  }

  @Test
  void sendsAcceptEncodingUserAgentAndCustomHeaders() throws Exception {
    input(
            "urls = [\""
                + base()
                + "/headers\"]\nhttp_headers = {\"X-Special\" = \"v\", \"User-Agent\" = \"ua\"}")
        .gather(acc);
    Map<String, List<String>> h = lastHeaders.get("h");
    assertEquals(List.of(PrometheusInput.ACCEPT), h.get("Accept"));
    assertEquals(List.of("gzip"), h.get("Accept-encoding"));
    assertEquals(List.of("v"), h.get("X-special"));
    assertEquals(List.of("ua"), h.get("User-agent"));
  }

  @Test
  void gzipBodyIsDecoded() throws Exception {
    input("urls = [\"" + base() + "/gzip\"]").gather(acc);
    assertEquals(List.of(), errors());
    assertEquals(1, acc.metrics().size());
  }

  @Test
  void oneFailingUrlDoesNotAffectTheOthers() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    input(
            "urls = [\"%s/fail\", \"%s/metrics\", \"%s/broken\", \"http://127.0.0.1:%d/x\", \"%s/nocontent\", \"%s/other\", \"%s/protobuf\"]"
                .formatted(base(), base(), base(), closed, base(), base(), base()))
        .gather(acc);
    assertEquals(2, acc.metrics().size(), acc.lines().toString());
    List<String> e = errors();
    assertEquals(5, e.size(), e.toString());
    assertTrue(
        e.contains("\"" + base() + "/fail\" returned HTTP status \"500 Internal Server Error\""),
        e.toString());
    assertTrue(
        e.contains("\"" + base() + "/nocontent\" returned HTTP status \"204 No Content\""),
        e.toString());
    assertTrue(
        e.contains(
            "error reading metrics for \""
                + base()
                + "/broken\": decoding response failed: text format parsing error in line 2:"
                + " invalid label name for metric \"b\""),
        e.toString());
    assertTrue(
        e.stream()
            .anyMatch(
                x ->
                    x.startsWith(
                        "error making HTTP request to \"http://127.0.0.1:" + closed + "/x\"")),
        e.toString());
    assertTrue(
        e.stream().anyMatch(x -> x.contains("decoding response failed: protobuf: ")), e.toString());
  }

  @Test
  void bigBodiesStreamThrough() throws Exception {
    StringBuilder sb = new StringBuilder("# TYPE kube_pod_info gauge\n");
    for (int i = 0; i < 30_000; i++) {
      sb.append("kube_pod_info{namespace=\"ns-")
          .append(i % 40)
          .append("\",pod=\"pod-")
          .append(i)
          .append("\",uid=\"")
          .append(java.util.UUID.nameUUIDFromBytes(Integer.toString(i).getBytes()))
          .append("\",node=\"node-")
          .append(i % 7)
          .append("\"} 1\n");
    }
    byte[] plain = sb.toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(plain);
    }
    server.createContext(
        "/huge",
        ex -> {
          ex.sendResponseHeaders(200, 0); // chunked
          try (OutputStream os = ex.getResponseBody()) {
            for (int off = 0; off < plain.length; off += 8192) {
              os.write(plain, off, Math.min(8192, plain.length - off));
            }
          }
        });
    server.createContext(
        "/hugegz",
        ex -> {
          ex.getResponseHeaders().set("Content-Encoding", "gzip");
          ex.sendResponseHeaders(200, gz.size());
          try (OutputStream os = ex.getResponseBody()) {
            os.write(gz.toByteArray());
          }
        });
    input("urls = [\"" + base() + "/huge\", \"" + base() + "/hugegz\"]\ntimeout = \"30s\"")
        .gather(acc);
    assertEquals(List.of(), errors());
    assertEquals(60_000, acc.metrics().size());
  }

  @Test
  void selfStatsPerUrl() throws Exception {
    PrometheusInput in = input("urls = [\"" + base() + "/metrics\", \"" + base() + "/fail\"]");
    in.gather(acc);
    in.gather(acc);
    String ok = base() + "/metrics";
    String fail = base() + "/fail";
    assertEquals(1, ctx.stat("prometheus", "connection_status", Map.of("url", ok)));
    assertEquals(
        2, ctx.stat("prometheus", "gathers_total", Map.of("url", ok, "status", "success")));
    assertEquals(
        0, ctx.stat("prometheus", "gathers_total", Map.of("url", ok, "status", "failure")));
    assertEquals(
        2, ctx.stat("prometheus", "gathers_total", Map.of("url", fail, "status", "failure")));
  }

  @Test
  void contentLengthLimitSkipsSilently() throws Exception {
    input(
            "urls = [\""
                + base()
                + "/big\", \""
                + base()
                + "/metrics\"]\ncontent_length_limit = 1000")
        .gather(acc);
    assertEquals(List.of(), errors());
    assertEquals(1, acc.metrics().size());
    assertEquals("up", acc.metrics().get(0).name());
  }

  @Test
  void stalledBodyTimesOut() throws Exception {
    long t0 = System.nanoTime();
    input("urls = [\"" + base() + "/stall\", \"" + base() + "/metrics\"]\ntimeout = \"300ms\"")
        .gather(acc);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 5000, "took " + ms + " ms");
    assertEquals(1, acc.metrics().size(), acc.lines().toString());
    assertEquals(1, errors().size());
    assertTrue(errors().get(0).contains("timeout"), errors().toString());
  }

  @Test
  void responseTimeoutBoundsTheWaitForHeaders() throws Exception {
    server.createContext(
        "/slowheaders",
        ex -> {
          awaitQuietly(release, 10);
          respond(ex, 200, null, BODY);
        });
    long t0 = System.nanoTime();
    input(
            "urls = [\""
                + base()
                + "/slowheaders\"]\ntimeout = \"20s\"\nresponse_timeout = \"300ms\"")
        .gather(acc);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 5000, "took " + ms + " ms");
    assertEquals(1, errors().size());
    assertTrue(errors().get(0).contains("timeout"), errors().toString());
  }

  @Test
  void urlsAreScrapedConcurrently() throws Exception {
    input("urls = [\"" + base() + "/c1\", \"" + base() + "/c2\"]\nmetric_version = 2").gather(acc);
    assertEquals(List.of(), errors());
    assertEquals(2, acc.metrics().size());
    for (Metric m : acc.metrics()) {
      assertEquals(1.0, m.field("conc"), "both requests were in flight at once");
    }
  }

  @Test
  void requestMetrics() throws Exception {
    input(
            "urls = [\""
                + base()
                + "/metrics\", \""
                + base()
                + "/fail\"]\nenable_request_metrics = true")
        .gather(acc);
    List<Metric> req = acc.named("prometheus_request");
    assertEquals(2, req.size());
    Metric ok = req.stream().filter(m -> m.tag("url").endsWith("/metrics")).findFirst().get();
    assertEquals((long) BODY.length(), ok.field("content_length"));
    assertTrue(ok.field("response_time") instanceof Double);
    Metric fail = req.stream().filter(m -> m.tag("url").endsWith("/fail")).findFirst().get();
    assertEquals(null, fail.field("content_length"));
  }

  @Test
  void openMetricsContentTypeSelectsThatParser() throws Exception {
    server.createContext(
        "/om",
        ex ->
            respond(
                ex,
                200,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
                "# TYPE a counter\na_total 3\n# EOF\n"));
    input("urls = [\"" + base() + "/om\"]\nmetric_version = 2").gather(acc);
    assertEquals(List.of(), errors());
    assertEquals("openmetric", acc.metrics().get(0).name());
    assertEquals(3.0, acc.metrics().get(0).field("a"));
  }
}
