package io.jagent.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.AgentConfig;
import io.jagent.core.config.ConfigException;
import io.jagent.core.config.ConfigLoader;
import io.jagent.core.config.ConfigProblem;
import io.jagent.core.config.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real users' configs in {@code ../shared/fixtures/seed-configs/} load unchanged through the
 * real plugins (the ones that exist), and the DaemonSet one is refused naming every unknown plugin
 * with its line.
 */
class SeedConfigsTest {
  static final Path SEEDS = AgentProcess.REPO.resolveSibling("shared/fixtures/seed-configs");
  static PluginRegistry registry;

  @BeforeAll
  static void setUp() throws Exception {
    if (!Files.isDirectory(SEEDS)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("no seed configs at " + SEEDS);
      }
      Assumptions.abort("no seed configs at " + SEEDS);
    }
    registry = PluginRegistry.load(SeedConfigsTest.class.getClassLoader());
  }

  private static AgentConfig load(String name, Map<String, String> env) throws Exception {
    Path p = SEEDS.resolve(name);
    return ConfigLoader.load(
        List.of(ConfigLoader.Source.read(p)),
        ConfigLoader.LoadOptions.of(registry).withEnv(env).withHostname(() -> "os-host"));
  }

  @Test
  void sidecarStatsdWavefrontLoads() throws Exception {
    AgentConfig c =
        load(
            "sidecar-statsd-wavefront.conf",
            Map.of(
                "POD_NAME", "app-1",
                "NODE_HOSTNAME", "node-1",
                "INTERVAL", "10s",
                "WAVEFRONT_PROXY", "wavefront-proxy"));
    assertEquals(List.of("statsd"), c.inputs().stream().map(i -> i.name()).toList());
    assertEquals(List.of("wavefront"), c.outputs().stream().map(o -> o.name()).toList());
    assertEquals("app-1", c.globalTags().get("pod_name"));
    assertEquals("node-1", c.globalTags().get("host"));
    assertEquals(10, c.agent().interval().toSeconds());
  }

  @Test
  void sidecarPrometheusInfluxdbLoads() throws Exception {
    AgentConfig c =
        load(
            "sidecar-prometheus-influxdb.conf",
            Map.of(
                "ENV", "prod",
                "HOSTNAME", "pod-7",
                "MONITOR_HOST", "http://influxdb:8086",
                "MONITOR_USERNAME", "writer",
                "MONITOR_PASSWORD", "s3cret-pw"));
    assertEquals(List.of("prometheus"), c.inputs().stream().map(i -> i.name()).toList());
    assertEquals(List.of("influxdb"), c.outputs().stream().map(o -> o.name()).toList());
    assertEquals("pod-7", c.globalTags().get("host"));
    assertTrue(!c.outputs().get(0).config().toString().contains("s3cret-pw"));
  }

  @Test
  void daemonsetIsRefusedNamingEveryUnknownPluginAndItsLine() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                load(
                    "daemonset-host-influxdb.conf",
                    Map.of(
                        "ENV", "prod",
                        "HOSTNAME", "node-1",
                        "MONITOR_HOST", "http://influxdb:8086",
                        "MONITOR_DATABASE", "telegraf",
                        "MONITOR_USERNAME", "writer",
                        "MONITOR_PASSWORD", "s3cret-pw")));
    Map<String, Integer> lines =
        e.problems().stream()
            .filter(p -> p.plugin() != null && p.plugin().startsWith("inputs."))
            .collect(Collectors.toMap(ConfigProblem::plugin, ConfigProblem::line, (a, b) -> a));
    assertEquals(
        Map.of(
            "inputs.cpu", 15,
            "inputs.disk", 20,
            "inputs.diskio", 22,
            "inputs.kernel", 23,
            "inputs.mem", 24,
            "inputs.processes", 25,
            "inputs.swap", 26,
            "inputs.system", 27,
            "inputs.docker", 28,
            "inputs.kubernetes", 30),
        lines,
        e.getMessage());
    assertTrue(!e.getMessage().contains("s3cret-pw"));
    Set<String> files = e.problems().stream().map(ConfigProblem::file).collect(Collectors.toSet());
    assertEquals(Set.of(SEEDS.resolve("daemonset-host-influxdb.conf").toString()), files);
  }
}
