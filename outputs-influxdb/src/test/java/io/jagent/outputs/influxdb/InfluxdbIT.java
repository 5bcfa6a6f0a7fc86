package io.jagent.outputs.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** outputs.influxdb against the real InfluxDB 1.x of .ci/servers.sh (AGENT_IT_INFLUXDB_URL). */
@Tag("integration")
class InfluxdbIT {
  private static final long T0 = 1_700_000_000_000_000_000L;

  private final InfluxdbOutputFactory factory = new InfluxdbOutputFactory();
  private InfluxServer influx;
  private String db;
  private TestPluginContext ctx;

  @BeforeEach
  void setUp() {
    influx = new InfluxServer(InfluxServer.requiredUrl(), null, null);
    db = "it_influx_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ctx = new TestPluginContext("outputs.influxdb");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (ctx != null) {
      ctx.close();
    }
    if (influx != null && influx.ping()) {
      influx.query(null, "DROP DATABASE \"" + db + "\"");
    }
  }

  private Output output(String extra) throws Exception {
    return factory.create(
        PluginConfigs.parse(
            factory, "urls = [\"" + influx.url() + "\"]\ndatabase = \"" + db + "\"\n" + extra),
        ctx);
  }

  private Map<String, String> fieldTypes(String measurement) throws Exception {
    JsonNode s = influx.series(db, "SHOW FIELD KEYS FROM \"" + measurement + "\"");
    Map<String, String> out = new HashMap<>();
    for (JsonNode row : s.path("values")) {
      out.put(row.get(0).asText(), row.get(1).asText());
    }
    return out;
  }

  /** Rows of SELECT * as column → value maps, ordered by time. */
  private List<Map<String, JsonNode>> rows(String measurement) throws Exception {
    JsonNode s = influx.series(db, "SELECT * FROM \"" + measurement + "\"");
    List<String> cols = new ArrayList<>();
    s.path("columns").forEach(c -> cols.add(c.asText()));
    List<Map<String, JsonNode>> out = new ArrayList<>();
    for (JsonNode row : s.path("values")) {
      Map<String, JsonNode> m = new HashMap<>();
      for (int i = 0; i < cols.size(); i++) {
        m.put(cols.get(i), row.get(i));
      }
      out.add(m);
    }
    return out;
  }

  private void roundTrip(String encoding) throws Exception {
    List<Metric> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(
          Metric.builder("it,m x")
              .tag("host", "h " + (i % 2))
              .tag("path", "C:\\dir\\")
              .field("f", i + 0.25)
              .field("i", (long) i - 50)
              .field("s", "say \"hi\" \\ #" + i + " ü")
              .field("b", i % 2 == 0)
              .field("u", 7L + i)
              .field("big", 1e21)
              .field("tiny", 5e-324)
              .time(T0 + i * 1_000_000_000L + 123)
              .build());
    }
    try (Output o = output("content_encoding = \"" + encoding + "\"")) {
      o.connect();
      o.write(batch);
    }
    Map<String, String> types = fieldTypes("it,m x");
    assertEquals(
        Map.of(
            "f", "float", "i", "integer", "s", "string", "b", "boolean", "u", "integer", "big",
            "float", "tiny", "float"),
        types);
    List<Map<String, JsonNode>> rows = rows("it,m x");
    assertEquals(100, rows.size());
    for (int i = 0; i < 100; i++) {
      Map<String, JsonNode> r = rows.get(i);
      assertEquals(T0 + i * 1_000_000_000L + 123, r.get("time").asLong());
      assertEquals("h " + (i % 2), r.get("host").asText());
      assertEquals("C:\\dir", r.get("path").asText(), "trailing backslash trimmed");
      assertEquals(i + 0.25, r.get("f").asDouble());
      assertTrue(r.get("i").canConvertToLong());
      assertEquals(i - 50, r.get("i").asLong());
      assertTrue(r.get("s").isTextual());
      assertEquals("say \"hi\" \\ #" + i + " ü", r.get("s").asText());
      assertTrue(r.get("b").isBoolean());
      assertEquals(i % 2 == 0, r.get("b").asBoolean());
      assertEquals(7 + i, r.get("u").asLong());
      assertEquals(1e21, r.get("big").asDouble());
      assertEquals(5e-324, r.get("tiny").asDouble());
    }
  }

  @Test
  void pointsAreStoredFieldByFieldAndTypeByType() throws Exception {
    roundTrip("identity");
  }

  @Test
  void gzipBodiesAreStored() throws Exception {
    roundTrip("gzip");
  }

  @Test
  void createsTheDatabaseAtConnectAndAfterDatabaseNotFound() throws Exception {
    try (Output o = output("")) {
      o.connect();
      assertTrue(databases().contains(db));
      influx.query(null, "DROP DATABASE \"" + db + "\"");
      List<Metric> batch = List.of(Metric.builder("m").field("v", 1L).time(T0).build());
      IOException e = assertThrows(IOException.class, () -> o.write(batch));
      assertFalse(e instanceof BatchRejectedException);
      assertEquals("database created; retry write", e.getMessage());
      o.write(batch); // the core's retry
    }
    assertEquals(1, rows("m").size());
  }

  @Test
  void skipDatabaseCreationDropsWritesToAMissingDatabase() throws Exception {
    try (Output o = output("skip_database_creation = true")) {
      o.connect();
      assertFalse(databases().contains(db));
      assertThrows(
          BatchRejectedException.class,
          () -> o.write(List.of(Metric.builder("m").field("v", 1L).time(T0).build())));
    }
  }

  @Test
  void typeConflictIsRejectedNotRetried() throws Exception {
    try (Output o = output("")) {
      o.connect();
      o.write(List.of(Metric.builder("m").field("v", 1L).time(T0).build()));
      BatchRejectedException e =
          assertThrows(
              BatchRejectedException.class,
              () -> o.write(List.of(Metric.builder("m").field("v", 1.5).time(T0 + 1).build())));
      assertTrue(e.getMessage().contains("field type conflict"), e.getMessage());
    }
  }

  @Test
  void databaseTagRoutesToSeveralDatabases() throws Exception {
    String other = db + "_b";
    try (Output o = output("database_tag = \"dbname\"\nexclude_database_tag = true")) {
      o.connect();
      o.write(
          List.of(
              Metric.builder("m").field("v", 1L).time(T0).build(),
              Metric.builder("m").tag("dbname", other).field("v", 2L).time(T0).build()));
      JsonNode s = influx.series(other, "SELECT * FROM m");
      assertEquals(2, s.path("values").get(0).get(1).asLong());
      assertEquals(2, s.path("columns").size(), "tag excluded: " + s);
    } finally {
      influx.query(null, "DROP DATABASE \"" + other + "\"");
    }
    assertEquals(1, rows("m").size());
  }

  /**
   * Outage at the output level: writes while the server is down throw a retryable IOException, and
   * the same batch retried after the restart lands completely.
   */
  @Test
  void batchRetriedAfterAnOutageLands() throws Exception {
    String servers = InfluxServer.env("AGENT_IT_SERVERS");
    List<Metric> batch = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      batch.add(Metric.builder("outage").field("seq", (long) i).time(T0 + i).build());
    }
    try (Output o = output("timeout = \"2s\"")) {
      o.connect();
      o.write(batch.subList(0, 100));
      run(servers, "stop", "influxdb");
      try {
        for (int attempt = 0; attempt < 3; attempt++) {
          IOException e = assertThrows(IOException.class, () -> o.write(batch.subList(100, 500)));
          assertFalse(e instanceof BatchRejectedException, e.toString());
        }
      } finally {
        run(servers, "start", "influxdb");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try {
          o.write(batch.subList(100, 500));
          break;
        } catch (BatchRejectedException e) {
          throw e;
        } catch (IOException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(200); // real server restart; bounded
        }
      }
    }
    JsonNode s = influx.series(db, "SELECT count(seq) FROM outage");
    assertEquals(500, s.path("values").get(0).get(1).asLong());
  }

  private List<String> databases() throws Exception {
    List<String> out = new ArrayList<>();
    influx.series(null, "SHOW DATABASES").path("values").forEach(v -> out.add(v.get(0).asText()));
    return out;
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
