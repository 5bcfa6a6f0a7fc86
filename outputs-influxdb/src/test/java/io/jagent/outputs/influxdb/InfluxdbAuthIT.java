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
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Basic auth against a private influxd with {@code auth-enabled = true}, started by this test on
 * free loopback ports (the shared server runs without auth) and stopped after.
 */
@Tag("integration")
class InfluxdbAuthIT {
  private static Process influxd;
  private static Path dir;
  private static InfluxServer admin;

  @BeforeAll
  static void startPrivateServer() throws Exception {
    InfluxServer.requiredUrl(); // same contract: CI has influxd installed
    int http = freePort();
    int rpc = freePort();
    dir = Files.createTempDirectory("influx-auth-it");
    Path conf = dir.resolve("influxdb.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "reporting-enabled = false",
            "bind-address = \"127.0.0.1:" + rpc + "\"",
            "[meta]",
            "  dir = \"" + dir.resolve("meta") + "\"",
            "[data]",
            "  dir = \"" + dir.resolve("data") + "\"",
            "  wal-dir = \"" + dir.resolve("wal") + "\"",
            "  query-log-enabled = false",
            "[http]",
            "  bind-address = \"127.0.0.1:" + http + "\"",
            "  auth-enabled = true",
            "  unix-socket-enabled = true",
            "  bind-socket = \"" + dir.resolve("influxdb.sock") + "\"",
            "  log-enabled = false",
            "[monitor]",
            "  store-enabled = false",
            ""));
    influxd =
        new ProcessBuilder("influxd", "-config", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("influxd.log").toFile())
            .start();
    InfluxServer anon = new InfluxServer("http://127.0.0.1:" + http, null, null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!anon.ping()) {
      if (System.nanoTime() > deadline || !influxd.isAlive()) {
        throw new IOException(
            "private influxd did not start: " + Files.readString(dir.resolve("influxd.log")));
      }
      Thread.sleep(50);
    }
    // allowed without credentials while no user exists
    anon.query(null, "CREATE USER admin WITH PASSWORD 'pw-secret-42' WITH ALL PRIVILEGES");
    admin = new InfluxServer(anon.url(), "admin", "pw-secret-42");
  }

  @AfterAll
  static void stopPrivateServer() throws Exception {
    if (influxd != null) {
      influxd.destroy();
      if (!influxd.waitFor(10, TimeUnit.SECONDS)) {
        influxd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Output output(TestPluginContext ctx, String credentials) throws Exception {
    InfluxdbOutputFactory f = new InfluxdbOutputFactory();
    return f.create(
        PluginConfigs.parse(
            f, "urls = [\"" + admin.url() + "\"]\ndatabase = \"authdb\"\n" + credentials),
        ctx);
  }

  @Test
  void basicAuthWritesAndCreatesTheDatabase() throws Exception {
    try (TestPluginContext ctx = new TestPluginContext("outputs.influxdb");
        Output o = output(ctx, "username = \"admin\"\npassword = \"pw-secret-42\"")) {
      o.connect();
      o.write(
          List.of(Metric.builder("m").field("v", 42L).time(1_700_000_000_000_000_000L).build()));
    }
    JsonNode s = admin.series("authdb", "SELECT v FROM m");
    assertEquals(42, s.path("values").get(0).get(1).asLong());
  }

  @Test
  void wrongPasswordIsRejectedWithoutLeakingIt() throws Exception {
    try (TestPluginContext ctx = new TestPluginContext("outputs.influxdb");
        Output o = output(ctx, "username = \"admin\"\npassword = \"wrong-pw-77\"")) {
      o.connect(); // creation fails: only a warning
      BatchRejectedException e =
          assertThrows(
              BatchRejectedException.class,
              () -> o.write(List.of(Metric.builder("m").field("v", 1L).time(1).build())));
      assertTrue(e.getMessage().contains("401"), e.getMessage());
      assertFalse(e.getMessage().contains("wrong-pw-77"));
    }
  }

  @Test
  void missingCredentialsAreRejected() throws Exception {
    try (TestPluginContext ctx = new TestPluginContext("outputs.influxdb");
        Output o = output(ctx, "skip_database_creation = true")) {
      assertThrows(
          BatchRejectedException.class,
          () -> o.write(List.of(Metric.builder("m").field("v", 1L).time(1).build())));
    }
  }

  @Test
  void unixSocketWithBasicAuth() throws Exception {
    InfluxdbOutputFactory f = new InfluxdbOutputFactory();
    try (TestPluginContext ctx = new TestPluginContext("outputs.influxdb");
        Output o =
            f.create(
                PluginConfigs.parse(
                    f,
                    "urls = [\"unix://"
                        + dir.resolve("influxdb.sock")
                        + "\"]\n"
                        + "database = \"sockdb\"\nusername = \"admin\"\npassword = \"pw-secret-42\""),
                ctx)) {
      o.connect();
      o.write(
          List.of(
              Metric.builder("viasocket")
                  .field("v", 7.5)
                  .time(1_700_000_000_000_000_000L)
                  .build()));
    }
    JsonNode s = admin.series("sockdb", "SELECT v FROM viasocket");
    assertEquals(7.5, s.path("values").get(0).get(1).asDouble());
  }
}
