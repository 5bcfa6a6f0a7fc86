package io.jagent.outputs.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.ConfigProblem;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.Secret;
import io.jagent.testing.PluginConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InfluxdbConfigTest {
  private final InfluxdbOutputFactory v1 = new InfluxdbOutputFactory();
  private final InfluxdbV2OutputFactory v2 = new InfluxdbV2OutputFactory();

  /** The sample without its header line, so that its options parse as the plugin's table. */
  private static String body(String sample) {
    return sample.lines().filter(l -> !l.startsWith("[[")).collect(Collectors.joining("\n"));
  }

  @Test
  void v1SampleParsesToTheDefaults() {
    InfluxdbConfig c = PluginConfigs.parse(v1, body(v1.sampleConfig()));
    assertEquals(PluginConfigs.parse(v1, ""), c);
    assertEquals(1, c.urls().size());
    assertEquals("http://localhost:8086", c.urls().get(0).redacted());
    assertEquals("telegraf", c.database());
    assertEquals("", c.writeConsistency());
    assertEquals(Duration.ofSeconds(5), c.http().timeout());
    assertEquals(512, c.udpPayload());
    assertTrue(c.gzip());
    assertFalse(c.skipDatabaseCreation());
    assertEquals(Secret.empty(), c.password());
  }

  @Test
  void v2SampleParsesToTheDefaults() {
    InfluxdbV2Config c = PluginConfigs.parse(v2, body(v2.sampleConfig()));
    assertEquals("http://127.0.0.1:8086", c.urls().get(0).redacted());
    assertTrue(c.gzip());
    assertTrue(c.token().isEmpty());
    assertEquals("", c.bucket());
    assertTrue(v2.sampleConfig().startsWith("# Configuration for sending metrics to InfluxDB 2.0"));
  }

  @Test
  void readmeContainsBothSamplesVerbatim() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertFalse(v1.sampleConfig().isEmpty());
    assertTrue(readme.contains(v1.sampleConfig()));
    assertTrue(readme.contains(v2.sampleConfig()));
  }

  @Test
  @SuppressWarnings("rawtypes")
  void factoriesAreRegistered() {
    List<String> names =
        ServiceLoader.load(OutputFactory.class).stream().map(p -> p.get().name()).toList();
    assertTrue(names.contains("influxdb"), names::toString);
    assertTrue(names.contains("influxdb_v2"), names::toString);
  }

  private static String problems(List<ConfigProblem> ps) {
    return ps.stream().map(ConfigProblem::format).collect(Collectors.joining("\n"));
  }

  @Test
  void unixSocketUrlsAreAccepted() {
    InfluxdbConfig c = PluginConfigs.parse(v1, "urls = [\"unix:///var/run/influxdb.sock\"]");
    assertTrue(c.urls().get(0).unix());
    assertEquals(Path.of("/var/run/influxdb.sock"), c.urls().get(0).socketPath());
    assertEquals(
        "http://127.0.0.1/write?db=x",
        c.urls().get(0).resolve("write", java.util.Map.of("db", "x")).toString());
    assertTrue(
        problems(PluginConfigs.problems(v2, "urls = [\"unix:///var/run/influxdb.sock\"]"))
            .isEmpty());
  }

  @Test
  void badValuesAreReported() {
    assertTrue(
        problems(PluginConfigs.problems(v1, "urls = [\"ftp://x\"]"))
            .contains("unsupported scheme"));
    assertTrue(
        problems(PluginConfigs.problems(v2, "urls = [\"udp://x:1\"]"))
            .contains("unsupported scheme"));
    assertTrue(
        problems(PluginConfigs.problems(v1, "write_consistency = \"most\""))
            .contains("write_consistency"));
    assertTrue(
        problems(PluginConfigs.problems(v1, "http_headers = {Host = \"x\"}")).contains("Host"));
    assertTrue(problems(PluginConfigs.problems(v2, "content_encoding = \"br\"")).contains("gzip"));
    assertTrue(
        problems(PluginConfigs.problems(v1, "tls_cert = \"/nonexistent.pem\""))
            .contains("cannot read"));
    assertTrue(problems(PluginConfigs.problems(v1, "urlz = []")).contains("unknown option"));
    assertTrue(
        PluginConfigs.problems(v1, "urls = [\"udp://127.0.0.1:8089\"]\nudp_payload = \"1KiB\"")
            .isEmpty());
  }

  @Test
  void urlUserInfoIsMovedOutOfTheUrl() {
    InfluxdbConfig c = PluginConfigs.parse(v1, "urls = [\"http://bob:s3cr%40t@127.0.0.1:8086/p\"]");
    Endpoint e = c.urls().get(0);
    assertEquals("http://127.0.0.1:8086/p", e.redacted());
    assertEquals("bob", e.user());
    assertEquals("s3cr@t", e.password().reveal());
    assertFalse(c.toString().contains("s3cr"));
    assertEquals("ftp://<redacted>@host/x", Endpoint.redact("ftp://u:p@host/x"));
  }

  @Test
  void headerValuesAreNotPrinted() {
    InfluxdbV2Config c =
        PluginConfigs.parse(v2, "http_headers = {\"Authorization\" = \"Token hdr-secret\"}");
    assertEquals("Token hdr-secret", c.http().headers().get("Authorization"));
    assertFalse(c.toString().contains("hdr-secret"), c.toString());
    assertTrue(c.toString().contains("Authorization"));
  }
}
