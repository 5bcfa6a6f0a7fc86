package io.jagent.core.plugins.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.ConfigProblem;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HealthConfigTest {
  private final HealthOutputFactory factory = new HealthOutputFactory();

  @Test
  void sampleConfParsesToDefaults() {
    String sample = factory.sampleConfig();
    assertTrue(sample.contains("[[outputs.health]]"), sample);
    String body = sample.substring(sample.indexOf("[[outputs.health]]") + 18);
    assertEquals(HealthConfig.defaults(), TestSupport.config(body));
  }

  @Test
  void readmeContainsSampleConfVerbatim() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains("## Built-in plugins"), "README needs a Built-in plugins section");
    assertTrue(
        readme.contains("```toml\n" + factory.sampleConfig() + "```"),
        "agent-core/README.md must contain health's sample.conf verbatim");
  }

  @Test
  void serviceLoaderFindsTheFactory() {
    boolean found = false;
    for (OutputFactory<?> f : ServiceLoader.load(OutputFactory.class)) {
      found |= f instanceof HealthOutputFactory;
    }
    assertTrue(found);
    assertEquals("health", factory.name());
  }

  @Test
  void parsesEveryOption() {
    HealthConfig c =
        TestSupport.config(
            """
            service_address = "http://127.0.0.1:9090"
            read_timeout = "2s"
            write_timeout = "3s"
            basic_username = "probe"
            basic_password = "s3cret"
            default_status = 503
            max_time_between_metrics = "1m"
            [[compares]]
              field = "buffer_size"
              lt = 5000.0
              ge = 0
            [[compares]]
              field = "errors"
              eq = 0
              ne = 1.5
              gt = -1
              le = 10
            [[contains]]
              field = "buffer_size"
            """);
    assertEquals("http://127.0.0.1:9090", c.serviceAddress());
    assertEquals(Duration.ofSeconds(2), c.readTimeout());
    assertEquals(Duration.ofSeconds(3), c.writeTimeout());
    assertEquals("probe", c.basicUsername());
    assertEquals(Secret.of("s3cret"), c.basicPassword());
    assertEquals(503, c.defaultStatus());
    assertEquals(Duration.ofMinutes(1), c.maxTimeBetweenMetrics());
    assertEquals(
        List.of(
            new CompareCheck("buffer_size", null, 0.0, 5000.0, null, null, null),
            new CompareCheck("errors", -1.0, null, null, 10.0, 0.0, 1.5)),
        c.compares());
    assertEquals(List.of(new ContainsCheck("buffer_size")), c.contains());
    assertFalse(c.toString().contains("s3cret"), "the password must not show in toString");
  }

  @Test
  void warnsThatTimeoutsAreNotEnforced() {
    TestSupport.Parsed p = TestSupport.parse("read_timeout = \"1s\"\nwrite_timeout = \"1s\"");
    assertTrue(p.errors().isEmpty(), p.errors()::toString);
    assertEquals(2, p.warnings().size(), p.warnings()::toString);
    assertTrue(p.warnings().get(0).contains("read_timeout"), p.warnings()::toString);
    assertTrue(TestSupport.parse("").warnings().isEmpty());
  }

  @Test
  void defaultStatusZeroMeansOk() {
    assertEquals(200, TestSupport.config("default_status = 0").defaultStatus());
  }

  @Test
  void rejectsBadValuesWithTheKey() {
    assertError("service_address = \"localhost:8080\"", "service_address", "invalid scheme");
    assertError("service_address = \"ftp://:8080\"", "service_address", "invalid scheme");
    assertError("service_address = \"unix:///var/run/h.sock\"", "service_address", "not supported");
    assertError("service_address = \"http://localhost\"", "service_address", "missing port");
    assertError("service_address = \"http://:99999\"", "service_address", "invalid port");
    assertError("default_status = 42", "default_status", "invalid default HTTP status code 42");
    assertError("default_status = 600", "default_status", "600");
    assertError("read_timeout = \"-1s\"", "read_timeout", "negative");
    assertError("tls_cert = \"/c.pem\"", "tls_key", "go together");
    assertError("tls_allowed_cacerts = [\"/ca.pem\"]", "tls_allowed_cacerts", "tls_cert");
    assertError("[[compares]]\n lt = 1.0", "field", "needs a field");
    assertError("[[contains]]\n", "field", "needs a field");
    assertError("[[compares]]\n field = \"x\"\n lt = \"abc\"", "lt", "float64");
  }

  @Test
  void rejectsUnknownKeysAlsoInsideChecks() {
    assertError("[[compares]]\n field = \"x\"\n lr = 1.0", "lr", "unknown option");
    assertError("max_time_between_metric = \"1s\"", "max_time_between_metric", "did you mean");
    assertError("default_healthy = true", "default_healthy", "unknown option");
  }

  @Test
  void acceptsAddressForms() {
    assertEquals(new ServiceAddress("", 8080), ServiceAddress.parse("http://:8080"));
    assertEquals(new ServiceAddress("", 8080), ServiceAddress.parse("tcp://:8080"));
    assertEquals(new ServiceAddress("0.0.0.0", 8080), ServiceAddress.parse("tcp4://:8080"));
    assertEquals(new ServiceAddress("::", 8080), ServiceAddress.parse("tcp6://:8080"));
    assertEquals(new ServiceAddress("::1", 81), ServiceAddress.parse("https://[::1]:81/health"));
    assertEquals(new ServiceAddress("localhost", 0), ServiceAddress.parse("HTTP://localhost:0"));
  }

  private static void assertError(String body, String key, String fragment) {
    List<ConfigProblem> errors = TestSupport.parse(body).errors();
    assertTrue(
        errors.stream().anyMatch(p -> p.key().equals(key) && p.message().contains(fragment)),
        () -> "expected an error on " + key + " containing '" + fragment + "', got " + errors);
  }
}
