package io.jagent.inputs.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jagent.testing.ManualClock;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vector tests: {@code testcases/<case>/input.txt} served over loopback (Content-Type from {@code
 * content-type.txt}, default classic text), scraped with the options of {@code agent.toml}, must
 * produce exactly the sorted lines of {@code expected.lp}; {@code error: <text>} lines there name
 * expected errors (then no metric may appear unless listed). {@code ${URL}} stands for the scraped
 * URL. Time is a manual clock at 1700000000 s.
 */
class ExpositionVectorTest {
  private static HttpServer server;
  private static Path root;

  @BeforeAll
  static void start() throws IOException, URISyntaxException {
    URL r = ExpositionVectorTest.class.getResource("/testcases");
    root = Path.of(r.toURI());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/case/",
        ex -> {
          String name = ex.getRequestURI().getPath().substring("/case/".length());
          Path dir = root.resolve(name);
          byte[] body = Files.readAllBytes(dir.resolve("input.txt"));
          Path ct = dir.resolve("content-type.txt");
          ex.getResponseHeaders()
              .set(
                  "Content-Type",
                  Files.exists(ct)
                      ? Files.readString(ct).trim()
                      : "text/plain; version=0.0.4; charset=utf-8");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  static Stream<String> cases() throws IOException, URISyntaxException {
    Path dir = Path.of(ExpositionVectorTest.class.getResource("/testcases").toURI());
    try (Stream<Path> s = Files.list(dir)) {
      return s
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scrapeMatchesExpected(String name) throws Exception {
    Path dir = root.resolve(name);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/case/" + name;
    Path tomlFile = dir.resolve("agent.toml");
    String toml = Files.exists(tomlFile) ? Files.readString(tomlFile) : "";
    PrometheusConfig cfg =
        PluginConfigs.parse(new PrometheusInputFactory(), "urls = [\"" + url + "\"]\n" + toml);
    ManualClock clock = new ManualClock();
    TestAccumulator acc = new TestAccumulator();
    try (TestPluginContext ctx = new TestPluginContext("inputs.prometheus", clock)) {
      new PrometheusInput(cfg, ctx).gather(acc);
    }
    List<String> actual = new ArrayList<>();
    acc.metrics().forEach(m -> actual.add(Lp.format(m)));
    actual.sort(null);
    List<String> errors = new ArrayList<>();
    acc.errors().forEach(e -> errors.add("error: " + e.getMessage()));

    Path expectedFile = dir.resolve("expected.lp");
    if (Boolean.getBoolean("prometheus.regen")) {
      List<String> out = new ArrayList<>();
      actual.forEach(l -> out.add(l.replace(url, "${URL}")));
      errors.forEach(l -> out.add(l.replace(url, "${URL}")));
      Files.write(
          Path.of("src/test/resources/testcases", name, "expected.lp"),
          (String.join("\n", out) + "\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    List<String> expectedLines = new ArrayList<>();
    List<String> expectedErrors = new ArrayList<>();
    for (String l : Files.readAllLines(expectedFile, StandardCharsets.UTF_8)) {
      String line = l.replace("${URL}", url);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      (line.startsWith("error: ") ? expectedErrors : expectedLines).add(line);
    }
    expectedLines.sort(null);
    assertEquals(String.join("\n", expectedLines), String.join("\n", actual), name);
    assertEquals(expectedErrors.size(), errors.size(), "errors: " + errors);
    for (int i = 0; i < expectedErrors.size(); i++) {
      String want = expectedErrors.get(i);
      String got = errors.get(i);
      assertTrue(got.contains(want.substring("error: ".length())), got + " / want " + want);
    }
  }
}
