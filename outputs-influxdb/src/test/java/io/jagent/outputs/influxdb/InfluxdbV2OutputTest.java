package io.jagent.outputs.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.testing.ManualClock;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InfluxdbV2OutputTest {
  private FakeServer server;
  private final ManualClock clock = new ManualClock();
  private TestPluginContext ctx;
  private final InfluxdbV2OutputFactory factory = new InfluxdbV2OutputFactory();

  @BeforeEach
  void start() throws IOException {
    server = new FakeServer();
    ctx = new TestPluginContext("outputs.influxdb_v2", clock);
  }

  @AfterEach
  void stop() {
    server.close();
    ctx.close();
  }

  private Output output(String extra) throws Exception {
    return factory.create(
        PluginConfigs.parse(
            factory,
            "urls = [\""
                + server.url()
                + "\"]\ntoken = \"tok-secret\"\norganization = \"my org\"\n"
                + "bucket = \"b1\"\n"
                + extra),
        ctx);
  }

  private static List<Metric> batch(int n) {
    List<Metric> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Metric.builder("m").tag("t", "x").field("v", (long) i).time(i).build());
    }
    return out;
  }

  @Test
  void requestShape() throws Exception {
    try (Output o = output("")) {
      o.connect();
      o.write(batch(2));
    }
    FakeServer.Request w = server.requests().get(0);
    assertEquals("POST", w.method());
    assertEquals("/api/v2/write", w.path());
    assertEquals("bucket=b1&org=my+org&precision=ns", w.query());
    assertEquals("Token tok-secret", w.header("Authorization"));
    assertEquals("gzip", w.header("Content-Encoding"));
    assertEquals("text/plain; charset=utf-8", w.header("Content-Type"));
    assertEquals("m,t=x v=0i 0\nm,t=x v=1i 1\n", w.body());
    assertEquals(1, server.requests().size()); // no database creation in v2
  }

  @Test
  void bucketTagRoutesAndIsExcluded() throws Exception {
    try (Output o =
        output("bucket_tag = \"bk\"\nexclude_bucket_tag = true\ncontent_encoding = \"identity\"")) {
      o.write(
          List.of(
              Metric.builder("a").tag("bk", "other").field("v", 1L).time(1).build(),
              Metric.builder("b").field("v", 2L).time(2).build()));
    }
    assertEquals("bucket=other&org=my+org&precision=ns", server.writes().get(0).query());
    assertEquals("a v=1i 1\n", server.writes().get(0).body());
    assertEquals("bucket=b1&org=my+org&precision=ns", server.writes().get(1).query());
  }

  @Test
  void successStatuses() throws Exception {
    for (int s : new int[] {200, 201, 202, 204, 206, 207, 208}) {
      server.answerWrites(s, s == 204 ? "" : "{}");
    }
    try (Output o = output("")) {
      for (int i = 0; i < 7; i++) {
        o.write(batch(1));
      }
    }
  }

  @Test
  void clientErrorsDropTheBatch() throws Exception {
    for (int s : new int[] {400, 406, 422, 404}) {
      server.answerWrites(s, "{\"code\":\"invalid\",\"message\":\"bad " + s + "\"}");
    }
    try (Output o = output("")) {
      for (int s : new int[] {400, 406, 422, 404}) {
        BatchRejectedException e =
            assertThrows(BatchRejectedException.class, () -> o.write(batch(1)));
        assertTrue(e.getMessage().contains("bad " + s), e.getMessage());
      }
    }
  }

  @Test
  void authErrorsAndServerErrorsAreRetried() throws Exception {
    server.answerWrites(401, "{\"message\":\"unauthorized\"}");
    server.answerWrites(403, "{\"message\":\"forbidden\"}");
    server.answerWrites(
        500, "{\"message\":\"internal\"}", Map.of("X-Influx-Error", "engine broke"));
    try (Output o = output("")) {
      for (int i = 0; i < 3; i++) {
        IOException e = assertThrows(IOException.class, () -> o.write(batch(1)));
        assertFalse(e instanceof BatchRejectedException);
        assertEquals("failed to send metrics to any configured server(s)", e.getMessage());
      }
    }
  }

  @Test
  void throttlingBacksOffUntilRetryAfter() throws Exception {
    server.answerWrites(429, "{\"message\":\"slow down\"}", Map.of("Retry-After", "30"));
    try (Output o = output("")) {
      assertThrows(IOException.class, () -> o.write(batch(1)));
      assertThrows(IOException.class, () -> o.write(batch(1)));
      assertEquals(1, server.writes().size(), "refused locally while backing off");
      clock.advance(Duration.ofSeconds(31));
      o.write(batch(1));
    }
    assertEquals(2, server.writes().size());
    assertEquals(30, InfluxdbV2Output.retryAfterSeconds("30"));
    assertEquals(600, InfluxdbV2Output.retryAfterSeconds("100000"));
    assertEquals(10, InfluxdbV2Output.retryAfterSeconds("soon"));
    assertEquals(0, InfluxdbV2Output.retryAfterSeconds(null));
  }

  @Test
  void tooLargeSplitsTheBatchInHalves() throws Exception {
    server.answerWrites(413, "{\"message\":\"too large\"}");
    try (Output o = output("content_encoding = \"identity\"")) {
      o.write(batch(4));
    }
    List<FakeServer.Request> w = server.writes();
    assertEquals(3, w.size());
    assertEquals(4, w.get(0).body().lines().count());
    assertEquals("m,t=x v=0i 0\nm,t=x v=1i 1\n", w.get(1).body());
    assertEquals("m,t=x v=2i 2\nm,t=x v=3i 3\n", w.get(2).body());
  }

  @Test
  void tokenNeverInErrors() throws Exception {
    server.defaultWrite(401, "{\"message\":\"unauthorized access\"}");
    InfluxdbV2Config c =
        PluginConfigs.parse(factory, "urls = [\"" + server.url() + "\"]\ntoken = \"tok-secret\"");
    assertFalse(c.toString().contains("tok-secret"));
    try (Output o = factory.create(c, ctx)) {
      IOException e = assertThrows(IOException.class, () -> o.write(batch(1)));
      assertFalse(e.toString().contains("tok-secret"));
    }
  }
}
