package io.jagent.outputs.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class InfluxdbOutputTest {
  private FakeServer server;
  private TestPluginContext ctx;
  private final InfluxdbOutputFactory factory = new InfluxdbOutputFactory();

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

  private Output output(String toml) throws Exception {
    return factory.create(PluginConfigs.parse(factory, toml), ctx);
  }

  private static List<Metric> batch(int n) {
    List<Metric> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          Metric.builder("cpu")
              .tag("host", "h" + (i % 3))
              .field("usage", i + 0.5)
              .field("count", (long) i)
              .time(1_700_000_000_000_000_000L + i)
              .build());
    }
    return out;
  }

  @Test
  void writeRequestShape() throws Exception {
    try (Output o =
        output(
            "urls = [\""
                + server.url()
                + "/x/y/z/\"]\n"
                + "database = \"my db\"\nretention_policy = \"autogen\"\nwrite_consistency = \"any\"\n"
                + "username = \"u\"\npassword = \"p@ss\"\nuser_agent = \"ua/1\"\n"
                + "http_headers = {\"X-Special\" = \"yes\", \"User-Agent\" = \"ignored\"}\n")) {
      o.connect();
      o.write(batch(3));
    }
    FakeServer.Request q = server.queries().get(0);
    assertEquals("/x/y/z/query", q.path());
    assertNull(q.query());
    assertEquals("application/x-www-form-urlencoded", q.header("Content-Type"));
    assertEquals("q=CREATE+DATABASE+%22my+db%22", q.body());
    FakeServer.Request w = server.writes().get(0);
    assertEquals("POST", w.method());
    assertEquals("/x/y/z/write", w.path());
    assertEquals("consistency=any&db=my+db&rp=autogen", w.query());
    assertEquals("text/plain; charset=utf-8", w.header("Content-Type"));
    assertEquals("gzip", w.header("Content-Encoding"));
    assertEquals("ua/1", w.header("User-Agent"));
    assertEquals("yes", w.header("X-Special"));
    assertEquals(
        "Basic " + Base64.getEncoder().encodeToString("u:p@ss".getBytes(StandardCharsets.UTF_8)),
        w.header("Authorization"));
    assertEquals(
        "cpu,host=h0 usage=0.5,count=0i 1700000000000000000\n"
            + "cpu,host=h1 usage=1.5,count=1i 1700000000000000001\n"
            + "cpu,host=h2 usage=2.5,count=2i 1700000000000000002\n",
        w.body());
  }

  @Test
  void defaultsOmitConsistencyOneAndRpAndCompressNothingWithIdentity() throws Exception {
    try (Output o =
        output(
            "urls = [\""
                + server.url()
                + "\"]\ncontent_encoding = \"identity\"\n"
                + "write_consistency = \"one\"\nskip_database_creation = true\n"
                + "influx_uint_support = true\ninflux_omit_timestamp = true")) {
      o.connect();
      o.write(List.of(Metric.builder("m").unsignedField("u", -1L).time(5).build()));
    }
    assertEquals(0, server.queries().size());
    FakeServer.Request w = server.writes().get(0);
    assertEquals("/write", w.path());
    assertEquals("db=telegraf", w.query());
    assertNull(w.header("Content-Encoding"));
    assertNull(w.header("Authorization"));
    assertTrue(w.header("User-Agent").startsWith("jagent/"));
    assertEquals("m u=18446744073709551615u\n", w.body());
  }

  @Test
  void databaseAndRetentionPolicyTagsSplitTheBatch() throws Exception {
    try (Output o =
        output(
            "urls = [\""
                + server.url()
                + "\"]\ndatabase_tag = \"db\"\nexclude_database_tag = true\n"
                + "retention_policy_tag = \"rp\"\n")) {
      o.write(
          List.of(
              Metric.builder("a").tag("db", "one").field("v", 1L).time(1).build(),
              Metric.builder("b")
                  .tag("db", "two")
                  .tag("rp", "short")
                  .field("v", 2L)
                  .time(2)
                  .build(),
              Metric.builder("c").field("v", 3L).time(3).build(),
              Metric.builder("d").tag("db", "one").field("v", 4L).time(4).build()));
    }
    List<FakeServer.Request> writes = server.writes();
    assertEquals(3, writes.size());
    assertEquals("db=one", writes.get(0).query());
    assertEquals("a v=1i 1\nd v=4i 4\n", writes.get(0).body());
    assertEquals("db=two&rp=short", writes.get(1).query());
    assertEquals("b,rp=short v=2i 2\n", writes.get(1).body());
    assertEquals("db=telegraf", writes.get(2).query());
    // one CREATE DATABASE per new tagged database
    assertEquals(3, server.queries().size());
  }

  @Test
  void onlyOneUrlReceivesEachBatchAndFailuresFallBack() throws Exception {
    try (FakeServer second = new FakeServer()) {
      server.defaultWrite(503, "{\"error\":\"overloaded\"}");
      InfluxdbConfig c =
          PluginConfigs.parse(
              factory,
              "urls = [\""
                  + server.url()
                  + "\", \""
                  + second.url()
                  + "\"]\nskip_database_creation = true");
      for (int seed = 0; seed < 16; seed++) {
        try (Output o =
            new InfluxdbOutput(
                c, ctx, new Random(new java.util.SplittableRandom(seed).nextLong()))) {
          o.write(batch(1));
        }
      }
      assertEquals(16, second.writes().size());
      int failedFirst = server.writes().size();
      assertTrue(failedFirst > 0 && failedFirst < 16, "random order: " + failedFirst);
    }
  }

  @Test
  void allUrlsFailingKeepsTheBatch() throws Exception {
    server.defaultWrite(500, "{\"error\":\"down\"}");
    try (Output o = output("urls = [\"" + server.url() + "\", \"" + server.url() + "/b\"]")) {
      IOException e = assertThrows(IOException.class, () -> o.write(batch(2)));
      assertEquals("could not write any address", e.getMessage());
    }
    assertEquals(2, server.writes().size());
    // serialized once, sent twice: identical bodies
    assertEquals(server.writes().get(0).body(), server.writes().get(1).body());
  }

  @Test
  void reusedBufferCarriesNoStaleBytes() throws Exception {
    try (Output o = output("urls = [\"" + server.url() + "\"]")) {
      o.write(batch(50));
      o.write(batch(1));
    }
    assertEquals(
        "cpu,host=h0 usage=0.5,count=0i 1700000000000000000\n", server.writes().get(1).body());
    assertEquals(50, server.writes().get(0).body().lines().count());
    long expected = 0;
    for (FakeServer.Request r : server.writes()) {
      expected += Long.parseLong(r.header("Content-Length"));
    }
    assertEquals(
        expected, ctx.stat("write", "bytes_written", java.util.Map.of("output", "influxdb")));
  }

  @Test
  void gzipIsStreamedWithOneReusedDeflater() throws Exception {
    List<Metric> big = batch(3000); // well over the 16 KiB scratch
    StringBuilder expected = new StringBuilder();
    for (Metric m : big) {
      expected
          .append(io.jagent.spi.lineprotocol.LineProtocolSerializer.defaults().toLine(m))
          .append('\n');
    }
    try (Output o = output("urls = [\"" + server.url() + "\"]\nskip_database_creation = true")) {
      o.write(big);
      o.write(batch(1));
      o.write(big);
    }
    List<FakeServer.Request> w = server.writes();
    assertEquals("gzip", w.get(0).header("Content-Encoding"));
    assertEquals(expected.toString(), w.get(0).body());
    assertEquals("cpu,host=h0 usage=0.5,count=0i 1700000000000000000\n", w.get(1).body());
    assertEquals(expected.toString(), w.get(2).body());
    assertTrue(Long.parseLong(w.get(0).header("Content-Length")) < expected.length() / 3);
  }

  @Test
  void secretsNeverInLogsOrErrors() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger("outputs.influxdb");
    ListAppender<ILoggingEvent> app = new ListAppender<>();
    app.start();
    logger.addAppender(app);
    Level old = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    try {
      server.defaultWrite(401, "{\"error\":\"authorization failed\"}");
      int dead;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        dead = s.getLocalPort();
      }
      String deadUrl = "http://admin:urlsecret@127.0.0.1:" + dead;
      InfluxdbConfig c =
          PluginConfigs.parse(
              factory,
              "urls = [\"" + deadUrl + "\"]\nusername = \"admin\"\npassword = \"hunter2secret\"");
      assertFalse(c.toString().contains("hunter2secret"));
      List<String> texts = new ArrayList<>();
      try (Output o = factory.create(c, ctx)) {
        o.connect();
        texts.add(assertThrows(IOException.class, () -> o.write(batch(1))).toString());
      }
      InfluxdbConfig c2 =
          PluginConfigs.parse(
              factory,
              "urls = [\""
                  + server.url()
                  + "\"]\nusername = \"admin\"\npassword = \"hunter2secret\"");
      try (Output o = factory.create(c2, ctx)) {
        o.connect();
        texts.add(assertThrows(IOException.class, () -> o.write(batch(1))).toString());
      }
      for (ILoggingEvent ev : app.list) {
        texts.add(ev.getFormattedMessage());
        if (ev.getThrowableProxy() != null) {
          texts.add(ev.getThrowableProxy().getMessage());
        }
      }
      assertFalse(app.list.isEmpty());
      for (String t : texts) {
        assertFalse(t.contains("hunter2secret"), t);
        assertFalse(t.contains("urlsecret"), t);
        assertFalse(
            t.contains(
                Base64.getEncoder()
                    .encodeToString("admin:hunter2secret".getBytes(StandardCharsets.UTF_8))),
            t);
      }
    } finally {
      logger.detachAppender(app);
      logger.setLevel(old);
    }
  }

  @Test
  void udpSendsOneDatagramPerLineWithinThePayload() throws Exception {
    try (DatagramSocket sock = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      sock.setSoTimeout(5000);
      try (Output o =
          output("urls = [\"udp://127.0.0.1:" + sock.getLocalPort() + "\"]\nudp_payload = 43")) {
        o.connect();
        o.write(
            List.of(
                Metric.builder("cpu")
                    .field("abc", 123L)
                    .field("def", 456L)
                    .field("ghi", 789L)
                    .field("jkl", 123L)
                    .time(1519194109000000042L)
                    .build(),
                Metric.builder("toolong")
                    .field("a_very_long_field_name_here", "x".repeat(50))
                    .time(1)
                    .build(),
                Metric.builder("m").field("v", 1L).time(2).build()));
      }
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        sock.receive(p);
        got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
      }
      assertEquals(
          List.of(
              "cpu abc=123i,def=456i 1519194109000000042\n",
              "cpu ghi=789i,jkl=123i 1519194109000000042\n",
              "m v=1i 2\n"),
          got);
    }
  }
}
