package io.jagent.inputs.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.ConfigProblem;
import io.jagent.testing.PluginConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusConfigTest {
  private final PrometheusInputFactory factory = new PrometheusInputFactory();

  private static String sampleBody(String sample) {
    // the lines under the [[inputs.prometheus]] header
    return sample.substring(sample.indexOf('\n', sample.indexOf("[[inputs.prometheus]]")) + 1);
  }

  @Test
  void sampleConfParsesToDefaults() {
    String sample = factory.sampleConfig();
    assertTrue(sample.contains("[[inputs.prometheus]]"));
    assertEquals(PrometheusConfig.defaults(), PluginConfigs.parse(factory, sampleBody(sample)));
    assertEquals(PrometheusConfig.defaults(), PluginConfigs.parse(factory, ""));
  }

  @Test
  void readmeContainsSampleConfVerbatim() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains(factory.sampleConfig()), "README.md must contain sample.conf");
  }

  @Test
  void sidecarFixtureTableParses() throws Exception {
    Path fixture = Path.of("/work/shared/fixtures/seed-configs/sidecar-prometheus-influxdb.conf");
    String body = "urls = [\"http://localhost:2379/metrics\"]\n";
    if (Files.exists(fixture)) {
      String text = Files.readString(fixture);
      int start = text.indexOf('\n', text.indexOf("[[inputs.prometheus]]")) + 1;
      int end = text.indexOf("\n[", start);
      body = text.substring(start, end + 1);
    }
    PrometheusConfig c = PluginConfigs.parse(factory, body);
    assertEquals(List.of("http://localhost:2379/metrics"), c.urls());
    assertEquals(1, c.metricVersion());
  }

  @Test
  void readsEveryOption() {
    PrometheusConfig c =
        PluginConfigs.parse(
            factory,
            """
            urls = ["http://127.0.0.1:9100", "https://u:p@h:1/x?y=1"]
            metric_version = 2
            url_tag = "target"
            ignore_timestamp = true
            timeout = "3s"
            response_timeout = "1s"
            bearer_token = "/tmp/token"
            bearer_token_string = "tok"
            username = "u"
            password = "p"
            http_headers = {"X-A" = "1"}
            content_length_limit = "1MiB"
            content_type_override = "openmetrics-text"
            enable_request_metrics = true
            tls_ca = "/ca.pem"
            tls_cert = "/c.pem"
            tls_key = "/k.pem"
            insecure_skip_verify = true
            tls_min_version = "TLS12"
            max_idle_conn = 10
            monitor_kubernetes_pods = false
            """);
    assertEquals(2, c.metricVersion());
    assertEquals("target", c.urlTag());
    assertEquals(Duration.ofSeconds(3), c.timeout());
    assertEquals(Duration.ofSeconds(1), c.responseTimeout());
    assertEquals("tok", c.bearerTokenString().reveal());
    assertEquals(Map.of("X-A", "1"), c.httpHeaders());
    assertEquals(1024 * 1024, c.contentLengthLimit());
    assertTrue(c.needsOwnClient());
    String shown = c.toString();
    assertTrue(!shown.contains("=tok") && !shown.contains("u:p@"), shown);
  }

  private List<ConfigProblem> problems(String body) {
    return PluginConfigs.problems(factory, body);
  }

  private void assertRefused(String body, String key, String text) {
    List<ConfigProblem> p = problems(body);
    assertTrue(
        p.stream().anyMatch(x -> x.format().contains(key) && x.format().contains(text)),
        "problems: " + p);
  }

  @Test
  void kubernetesDiscoveryIsRefused() {
    assertRefused(
        "monitor_kubernetes_pods = true\n", "monitor_kubernetes_pods", "not supported yet");
    assertRefused(
        "monitor_kubernetes_pods = true\npod_scrape_scope = \"node\"\n",
        "pod_scrape_scope",
        "not supported yet");
    assertRefused(
        "kubernetes_services = [\"http://svc:9100/metrics\"]\n",
        "kubernetes_services",
        "not supported yet");
    assertRefused(
        "[consul]\nenabled = true\nagent = \"http://localhost:8500\"\n",
        "consul",
        "not supported yet");
    assertRefused(
        "[http_service_discovery]\nurl = \"http://sd\"\n",
        "http_service_discovery",
        "not supported yet");
  }

  @Test
  void podOptionsWithoutDiscoveryOnlyWarn() {
    var r = PluginConfigs.tryParse(factory, "pod_scrape_scope = \"cluster\"\n");
    assertEquals(List.of(), r.errors());
    assertTrue(
        r.warnings().stream().anyMatch(w -> w.contains("not supported yet")),
        r.warnings().toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "metric_version = 3",
        "content_type_override = \"openmetrics-protobuf\"",
        "content_type_override = \"xml\"",
        "urls = [\"unix:///var/run/x.sock\"]",
        "urls = [\"ftp://h/x\"]",
        "http_headers = {\"Host\" = \"x\"}",
        "tls_cert = \"/c.pem\"",
        "tls_server_name = \"x\"",
        "tls_min_version = \"TLS10\"",
        "urls = [\"http://\"]",
        "no_such_option = 1"
      })
  void rejectsBadOptions(String line) {
    assertTrue(!problems(line + "\n").isEmpty(), line);
  }

  @Test
  void urlErrorsDoNotShowPasswords() {
    List<ConfigProblem> p = problems("urls = [\"ftp://user:secretpw@h/x\"]\n");
    assertEquals(1, p.size());
    assertTrue(!p.get(0).format().contains("secretpw"), p.get(0).format());
  }
}
