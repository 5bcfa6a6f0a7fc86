package io.jagent.outputs.wavefront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.ConfigProblem;
import io.jagent.core.config.ConfigProblems;
import io.jagent.core.config.EnvExpander;
import io.jagent.core.config.TomlConfigTable;
import io.jagent.outputs.wavefront.WavefrontConfig.Transport;
import io.jagent.spi.OutputFactory;
import io.jagent.testing.PluginConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class WavefrontOutputFactoryTest {
  private final WavefrontOutputFactory factory = new WavefrontOutputFactory();

  private WavefrontConfig parse(String body) {
    return PluginConfigs.parse(factory, body);
  }

  private List<String> errors(String body) {
    return PluginConfigs.problems(factory, body).stream().map(ConfigProblem::format).toList();
  }

  private List<String> warnings(String body) {
    return PluginConfigs.tryParse(factory, body).warnings();
  }

  @Test
  void isFoundByServiceLoader() {
    assertTrue(
        ServiceLoader.load(OutputFactory.class).stream()
            .anyMatch(p -> p.type() == WavefrontOutputFactory.class));
    assertEquals("wavefront", factory.name());
  }

  @Test
  void sampleConfParsesToTheDefaults() {
    String sample = factory.sampleConfig();
    assertTrue(sample.startsWith("# Configuration for Wavefront"), sample);
    String body = sample.substring(sample.indexOf("[[outputs.wavefront]]") + 21);
    WavefrontConfig c = parse(body);
    assertEquals(parse("url = \"http://127.0.0.1:2878\""), c);
    assertEquals(Transport.PROXY_HTTP, c.transport());
    assertEquals("", c.prefix());
    assertFalse(c.simpleFields());
    assertEquals(".", c.metricSeparator());
    assertTrue(c.convertPaths());
    assertFalse(c.useStrict());
    assertFalse(c.useRegex());
    assertEquals(List.of(), c.sourceOverride());
    assertTrue(c.convertBool());
    assertFalse(c.truncateTags());
    assertTrue(c.immediateFlush());
    assertTrue(c.sendInternalMetrics());
    assertEquals(10_000, c.httpMaximumBatchSize());
    assertEquals(Duration.ofSeconds(10), c.timeout());
    assertTrue(c.token().isEmpty());
    assertTrue(c.tls().isDefault());
    assertEquals(List.of(), warnings(body));
  }

  @Test
  void readmeContainsSampleConfVerbatim() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains(factory.sampleConfig()), "README.md must contain sample.conf");
  }

  @Test
  void proxyUrlWithoutPortUsesTheProxyPort() {
    WavefrontConfig c = parse("url = \"http://proxy\"");
    assertEquals(Transport.PROXY_HTTP, c.transport());
    assertEquals("http://proxy:2878/report?f=wavefront", c.reportUri().toString());
    assertEquals(
        "https://proxy:2878/report?f=wavefront",
        parse("url = \"https://proxy\"").reportUri().toString());
  }

  @Test
  void urlPathIsKeptAndReportAppended() {
    assertEquals(
        "http://gw:8080/wf/report?f=wavefront",
        parse("url = \"http://gw:8080/wf\"").reportUri().toString());
    assertEquals(
        "http://gw:8080/wf/report?f=wavefront",
        parse("url = \"http://gw:8080/wf/\"").reportUri().toString());
  }

  @Test
  void tokenMeansDirectIngestionOnTheSchemePort() {
    WavefrontConfig c = parse("url = \"https://acme.wavefront.com\"\ntoken = \"s3cr3t-tok\"");
    assertEquals(Transport.DIRECT_HTTP, c.transport());
    assertEquals("https://acme.wavefront.com:443/report?f=wavefront", c.reportUri().toString());
    assertEquals("s3cr3t-tok", c.token().reveal());
    assertFalse(c.toString().contains("s3cr3t-tok"), c.toString());
    assertEquals(
        "http://acme:80/report?f=wavefront",
        parse("url = \"http://acme\"\ntoken = \"t\"").reportUri().toString());
  }

  @Test
  void tokenInTheUrlUserPartMeansDirectIngestionAndIsRemovedFromTheUrl() {
    WavefrontConfig c = parse("url = \"https://s3cr3t-tok@acme.wavefront.com\"");
    assertEquals(Transport.DIRECT_HTTP, c.transport());
    assertEquals("s3cr3t-tok", c.token().reveal());
    assertEquals("https://acme.wavefront.com:443/report?f=wavefront", c.reportUri().toString());
    assertEquals("https://acme.wavefront.com", c.url());
    assertFalse(c.toString().contains("s3cr3t-tok"), c.toString());
    assertFalse(c.target().contains("s3cr3t-tok"));
  }

  @Test
  void legacyHostAndPortMeanRawTcpWithOneWarningNamingUrl() {
    String body = "host = \"wf-proxy\"\nport = 2879";
    WavefrontConfig c = parse(body);
    assertEquals(Transport.PROXY_TCP, c.transport());
    assertEquals("wf-proxy", c.host());
    assertEquals(2879, c.port());
    List<String> w = warnings(body);
    assertEquals(1, w.size(), w.toString());
    assertTrue(w.get(0).contains("url = \"http://wf-proxy:2879\""), w.get(0));
    assertEquals(2878, parse("host = \"wf-proxy\"").port());
  }

  @Test
  void urlWinsOverHost() {
    String body = "url = \"http://a:2878\"\nhost = \"b\"\nport = 1";
    WavefrontConfig c = parse(body);
    assertEquals(Transport.PROXY_HTTP, c.transport());
    assertEquals("a", c.host());
    assertTrue(warnings(body).get(0).contains("url is set and wins"), warnings(body).toString());
  }

  @Test
  void sidecarFixtureTableParsesUnchanged() throws Exception {
    // the vector case holds the table verbatim (first line: a comment naming the fixture)
    String copy =
        Files.readString(
            Path.of("src/test/resources/testcases/statsd-sidecar-timer/options.toml"),
            StandardCharsets.UTF_8);
    String body = copy.substring(copy.indexOf('\n') + 1);
    Path fixture = Path.of("/work/shared/fixtures/seed-configs/sidecar-statsd-wavefront.conf");
    if (Files.isReadable(fixture)) { // outside the repository: compared when present
      String f = Files.readString(fixture, StandardCharsets.UTF_8);
      assertEquals(f.substring(f.indexOf("[[outputs.wavefront]]") + 22), body);
    }
    TomlParseResult toml = Toml.parse(body);
    assertFalse(toml.hasErrors(), toml.errors().toString());
    ConfigProblems problems = new ConfigProblems();
    EnvExpander env =
        new EnvExpander() {
          @Override
          public String expand(String raw) {
            return raw.replace("$WAVEFRONT_PROXY", "wavefront-proxy.monitoring.svc");
          }

          @Override
          public List<String> unsetVariables(String raw) {
            return List.of();
          }
        };
    TomlConfigTable t =
        new TomlConfigTable("outputs.wavefront", toml, "sidecar.conf", problems, env);
    WavefrontConfig c = factory.parse(t);
    t.finish(List.of(), Set.of());
    assertEquals(List.of(), problems.errors());
    assertEquals(1, problems.warnings().size(), problems.warnings().toString());
    assertEquals(Transport.PROXY_TCP, c.transport());
    assertEquals("wavefront-proxy.monitoring.svc", c.host());
    assertEquals(2878, c.port());
    assertEquals(".", c.metricSeparator());
    assertEquals(List.of("hostname", "nodename"), c.sourceOverride());
    assertTrue(c.convertPaths());
    assertFalse(c.useRegex());
  }

  @Test
  void missingUrlIsAnError() {
    List<String> e = errors("prefix = \"x.\"");
    assertEquals(1, e.size(), e.toString());
    assertTrue(e.get(0).contains("no URL specified"), e.get(0));
  }

  @Test
  void badSchemeIsAnError() {
    List<String> e = errors("url = \"udp://proxy:2878\"");
    assertEquals(1, e.size(), e.toString());
    assertTrue(e.get(0).contains("http or https"), e.get(0));
  }

  @Test
  void unparsableUrlIsAnErrorWithoutTheToken() {
    List<String> e = errors("url = \"https://s3cr3t-tok@bad host/\"");
    assertEquals(1, e.size(), e.toString());
    assertTrue(e.get(0).contains("could not parse the provided URL"), e.get(0));
    assertFalse(e.get(0).contains("s3cr3t-tok"), e.get(0));
  }

  @Test
  void badValuesAreErrors() {
    assertEquals(1, errors("url = \"http://p\"\nhttp_maximum_batch_size = 0").size());
    assertEquals(1, errors("url = \"http://p\"\ntimeout = \"0s\"").size());
    assertEquals(1, errors("url = \"http://p\"\ntls_ca = \"/nonexistent/ca.pem\"").size());
    assertEquals(2, errors("url = \"http://p\"\ntls_cert = \"/nonexistent/c.pem\"").size());
    assertEquals(1, errors("url = \"http://p\"\ntls_min_version = \"TLS99\"").size());
    assertEquals(1, errors("host = \"p\"\nport = 70000").size());
  }

  @Test
  void unknownKeyIsAnError() {
    List<String> e = errors("url = \"http://p\"\nmetric_separater = \"_\"");
    assertEquals(1, e.size(), e.toString());
    assertTrue(e.get(0).contains("metric_separater"), e.get(0));
  }

  @Test
  void rarelyUsedOptionsAreAcceptedWithOneWarningEach() {
    String body =
        "url = \"http://p\"\n"
            + "immediate_flush = false\n"
            + "send_internal_metrics = true\n"
            + "max_idle_conn = 5\n"
            + "http_proxy_url = \"http://x\"\n"
            + "tls_server_name = \"x\"\n"
            + "auth_csp_api_token = \"csp-secret\"\n"
            + "[string_to_number]\n"
            + "  foo = {a = 1.0}\n";
    assertEquals(List.of(), errors(body));
    List<String> w = warnings(body);
    assertEquals(7, w.size(), w.toString());
    assertFalse(w.toString().contains("csp-secret"));
    // CSP auth means direct mode (port 80 here), even though its exchange is not implemented
    assertEquals(Transport.DIRECT_HTTP, parse(body).transport());
  }

  @Test
  void cspClientCredentialsTableIsAccepted() {
    String body =
        "url = \"https://acme.wavefront.com\"\n"
            + "[auth_csp_client_credentials]\n"
            + "  app_id = \"id\"\n  app_secret = \"sec\"\n  org_id = \"org\"\n";
    assertEquals(List.of(), errors(body));
    assertEquals(1, warnings(body).size());
  }

  @Test
  void separatorUnderscoreSwitchesPathConversionOff() {
    WavefrontConfig c = parse("url = \"http://p\"\nmetric_separator = \"_\"");
    assertTrue(c.convertPaths());
    assertFalse(c.effectiveConvertPaths());
  }

  @Test
  void regexWinsOverStrict() {
    WavefrontConfig c = parse("url = \"http://p\"\nuse_regex = true\nuse_strict = true");
    assertEquals(Sanitizer.Mode.REGEX, c.sanitizeMode());
    assertEquals(
        Sanitizer.Mode.STRICT, parse("url = \"http://p\"\nuse_strict = true").sanitizeMode());
  }
}
