package io.jagent.outputs.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per row of reference influxdb.md §2.3 (and §2.4 for the URL loop). */
class InfluxdbStatusHandlingTest {
  enum Outcome {
    OK,
    REJECTED,
    RETRY
  }

  private static final List<Metric> BATCH =
      List.of(Metric.builder("cpu").tag("host", "a").field("v", 1.5).time(1).build());

  private FakeServer server;
  private TestPluginContext ctx;

  @BeforeEach
  void start() throws IOException {
    server = new FakeServer();
    ctx = new TestPluginContext("outputs.influxdb");
  }

  @AfterEach
  void stop() {
    server.close();
    ctx.close();
  }

  private Output output(String extra) throws Exception {
    InfluxdbOutputFactory f = new InfluxdbOutputFactory();
    InfluxdbConfig c =
        PluginConfigs.parse(
            f, "urls = [\"" + server.url() + "\"]\ncontent_encoding = \"identity\"\n" + extra);
    return f.create(c, ctx);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of("204 success", 204, "", Outcome.OK, null),
        Arguments.of("200 with empty body is a failure [Q]", 200, "", Outcome.RETRY, null),
        Arguments.of(
            "400 with HTML body is retried [Q]",
            400,
            "<html>bad</html>",
            Outcome.RETRY,
            "400 Bad Request"),
        Arguments.of(
            "400 type conflict dropped",
            400,
            "{\"error\":\"partial write: field type conflict: input field \\\"v\\\" on measurement"
                + " \\\"cpu\\\" is type float, already exists as type integer dropped=1\"}",
            Outcome.REJECTED,
            "will be dropped: 400 Bad Request"),
        Arguments.of(
            "400 unable to parse dropped",
            400,
            "{\"error\":\"unable to parse 'bad line here': invalid field format\"}",
            Outcome.REJECTED,
            "unable to parse"),
        Arguments.of(
            "401 dropped",
            401,
            "{\"error\":\"authorization failed\"}",
            Outcome.REJECTED,
            "401 Unauthorized"),
        Arguments.of(
            "403 dropped", 403, "{\"error\":\"forbidden\"}", Outcome.REJECTED, "403 Forbidden"),
        Arguments.of(
            "404 without db text dropped",
            404,
            "{\"error\":\"not found\"}",
            Outcome.REJECTED,
            "404"),
        Arguments.of(
            "413 dropped (no splitting in v1)",
            413,
            "{\"error\":\"Request Entity Too Large\"}",
            Outcome.REJECTED,
            "413"),
        Arguments.of("422 dropped", 422, "{\"error\":\"x\"}", Outcome.REJECTED, "422"),
        Arguments.of(
            "500 retention policy not found dropped",
            500,
            "{\"error\":\"retention policy not found: x\"}",
            Outcome.REJECTED,
            "retention policy not found"),
        Arguments.of(
            "500 hinted handoff queue not empty = success",
            500,
            "{\"error\":\"hinted handoff queue not empty\"}",
            Outcome.OK,
            null),
        Arguments.of(
            "500 points beyond retention policy dropped",
            500,
            "{\"error\":\"points beyond retention policy dropped=1\"}",
            Outcome.REJECTED,
            "beyond retention"),
        Arguments.of(
            "500 partial write dropped",
            500,
            "{\"error\":\"partial write: x\"}",
            Outcome.REJECTED,
            "partial write"),
        Arguments.of(
            "500 unable to parse dropped",
            500,
            "{\"error\":\"unable to parse x\"}",
            Outcome.REJECTED,
            "unable to parse"),
        Arguments.of(
            "503 unknown error retried",
            503,
            "{\"error\":\"unknown error\"}",
            Outcome.RETRY,
            "503 Service Unavailable: unknown error"),
        Arguments.of("502 empty body retried", 502, "", Outcome.RETRY, "502 Bad Gateway"),
        Arguments.of(
            "500 plain text retried",
            500,
            "oops",
            Outcome.RETRY,
            "500 Internal Server Error: oops"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void writeResponse(String name, int status, String body, Outcome outcome, String detail)
      throws Exception {
    server.defaultWrite(status, body);
    try (Output o = output("skip_database_creation = true")) {
      switch (outcome) {
        case OK -> o.write(BATCH);
        case REJECTED -> {
          BatchRejectedException e =
              assertThrows(BatchRejectedException.class, () -> o.write(BATCH));
          assertTrue(e.getMessage().contains(detail), e.getMessage());
        }
        case RETRY -> {
          IOException e = assertThrows(IOException.class, () -> o.write(BATCH));
          assertTrue(!(e instanceof BatchRejectedException), e.toString());
          assertEquals("could not write any address", e.getMessage());
        }
      }
    }
    assertEquals(1, server.writes().size());
    if (outcome == Outcome.RETRY && detail != null) {
      // the per-URL reason, as logged: the classifier itself
      IOException e =
          assertThrows(
              IOException.class,
              () -> HttpV1Client.handleWriteResponse(status, body, "telegraf", ctx.log()));
      assertTrue(e.getMessage().startsWith(detail), e.getMessage());
    }
  }

  @Test
  void databaseNotFoundCreatesItAndAsksForRetry() throws Exception {
    server.answerWrites(404, "{\"error\":\"database not found: \\\"telegraf\\\"\"}");
    try (Output o = output("")) {
      IOException e = assertThrows(IOException.class, () -> o.write(BATCH));
      assertEquals("database created; retry write", e.getMessage());
      assertTrue(!(e instanceof BatchRejectedException));
      assertEquals(1, server.queries().size());
      assertEquals("q=CREATE+DATABASE+%22telegraf%22", server.queries().get(0).body());
      o.write(BATCH); // the retry lands
    }
    assertEquals(2, server.writes().size());
  }

  @Test
  void databaseNotFoundEverywhereWithSkipCreationDropsTheBatch() throws Exception {
    server.defaultWrite(404, "{\"error\":\"database not found: \\\"telegraf\\\"\"}");
    try (Output o = output("skip_database_creation = true")) {
      assertThrows(BatchRejectedException.class, () -> o.write(BATCH));
    }
    assertEquals(0, server.queries().size());
  }

  @Test
  void databaseNotFoundAndCreationFailingMovesOnAndDrops() throws Exception {
    server.defaultWrite(404, "{\"error\":\"database not found: \\\"telegraf\\\"\"}");
    server.answerQueries(500, "{\"error\":\"boom\"}");
    try (Output o = output("")) {
      assertThrows(BatchRejectedException.class, () -> o.write(BATCH));
    }
  }

  @Test
  void connectionRefusedIsRetried() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    InfluxdbOutputFactory f = new InfluxdbOutputFactory();
    InfluxdbConfig c =
        PluginConfigs.parse(f, "urls = [\"http://127.0.0.1:" + port + "\"]\ntimeout = \"2s\"");
    try (Output o = f.create(c, ctx)) {
      o.connect(); // creation failure is only a warning
      IOException e = assertThrows(IOException.class, () -> o.write(BATCH));
      assertInstanceOf(IOException.class, e);
      assertTrue(!(e instanceof BatchRejectedException));
    }
  }

  @Test
  void classifierOrder() throws Exception {
    // non-JSON check comes before the 4xx rule; the database-not-found text wins over 4xx
    assertThrows(
        DatabaseNotFoundException.class,
        () ->
            HttpV1Client.handleWriteResponse(
                404, "{\"error\":\"database not found: x\"}", "x", ctx.log()));
    IOException e =
        assertThrows(
            IOException.class,
            () -> HttpV1Client.handleWriteResponse(400, "<html>", "x", ctx.log()));
    assertTrue(!(e instanceof BatchRejectedException));
    HttpV1Client.handleWriteResponse(204, "", "x", ctx.log());
    assertNull(null);
  }
}
