package io.jagent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.ConfigLoader.LoadOptions;
import io.jagent.core.config.ConfigLoader.Source;
import io.jagent.core.config.StubFactories.StubConfig;
import io.jagent.spi.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The configs of the deployments this agent must serve (copies of {@code
 * shared/fixtures/seed-configs}), loaded with stub factories that read the keys they use.
 */
class SeedConfigsTest {
  private static Source seed(String name) throws IOException {
    try (InputStream in = SeedConfigsTest.class.getResourceAsStream("/seed-configs/" + name)) {
      return new Source(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static LoadOptions opts(Map<String, String> env, PluginRegistry registry) {
    return new LoadOptions(env, () -> "os-host", Set.of(), Set.of(), false, registry);
  }

  private static Map<String, Object> values(Record config) {
    return ((StubConfig) config).values();
  }

  @Test
  void statsdWavefrontSidecarLoads() throws Exception {
    Map<String, String> env =
        Map.of(
            "POD_NAME", "app-7d9f",
            "NODE_HOSTNAME", "node-1",
            "INTERVAL", "15s",
            "WAVEFRONT_PROXY", "wavefront-proxy.monitoring");
    AgentConfig c =
        ConfigLoader.load(
            List.of(seed("sidecar-statsd-wavefront.conf")), opts(env, StubFactories.registry()));
    assertEquals(Duration.ofSeconds(15), c.agent().interval());
    assertEquals(Duration.ofSeconds(15), c.agent().flushInterval());
    assertEquals(Duration.ZERO, c.agent().precision());
    assertEquals(Map.of("pod_name", "app-7d9f", "host", "node-1"), c.globalTags());
    assertEquals(1, c.inputs().size());
    InputSpec statsd = c.inputs().get(0);
    assertEquals("statsd", statsd.name());
    assertEquals(21, statsd.line());
    assertEquals(Duration.ofSeconds(15), statsd.options().interval());
    Map<String, Object> s = values(statsd.config());
    assertEquals(":8125", s.get("service_address"));
    assertEquals(List.of(90.0), s.get("percentiles"));
    assertEquals(10000L, s.get("allowed_pending_messages"));
    OutputSpec wf = c.outputs().get(0);
    assertEquals("wavefront", wf.name());
    assertEquals(36, wf.line());
    assertEquals("wavefront-proxy.monitoring", values(wf.config()).get("host"));
    assertEquals(List.of("hostname", "nodename"), values(wf.config()).get("source_override"));
    assertEquals(Duration.ofSeconds(15), wf.options().flushInterval());
    assertEquals(List.of(), c.warnings());
  }

  @Test
  void statsdWavefrontSidecarWithoutItsEnvironmentNamesTheVariable() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    List.of(seed("sidecar-statsd-wavefront.conf")),
                    opts(Map.of(), StubFactories.registry())));
    assertEquals(2, e.problems().size(), e::getMessage);
    for (ConfigProblem p : e.problems()) {
      assertTrue(p.message().contains("INTERVAL, which is not set"), p.format());
    }
    assertEquals(8, e.problems().get(0).line());
    assertEquals("interval", e.problems().get(0).key());
    assertEquals(13, e.problems().get(1).line());
    assertEquals("flush_interval", e.problems().get(1).key());
  }

  @Test
  void prometheusInfluxdbSidecarLoads() throws Exception {
    Map<String, String> env =
        Map.of(
            "ENV", "prod",
            "HOSTNAME", "etcd-0",
            "MONITOR_HOST", "http://influxdb:8086",
            "MONITOR_USERNAME", "writer",
            "MONITOR_PASSWORD", "s3cr3t\"#");
    AgentConfig c =
        ConfigLoader.load(
            List.of(seed("sidecar-prometheus-influxdb.conf")), opts(env, StubFactories.registry()));
    assertEquals(Map.of("env", "prod", "host", "etcd-0"), c.globalTags());
    assertEquals("prometheus", c.inputs().get(0).name());
    assertEquals(
        List.of("http://localhost:2379/metrics"), values(c.inputs().get(0).config()).get("urls"));
    Map<String, Object> influx = values(c.outputs().get(0).config());
    assertEquals(List.of("http://influxdb:8086"), influx.get("urls"));
    assertEquals("mydb", influx.get("database"));
    assertEquals(Duration.ofSeconds(5), influx.get("timeout"));
    assertEquals("s3cr3t\"#", ((Secret) influx.get("password")).reveal());
    assertFalse(c.toString().contains("s3cr3t"));
  }

  private static final List<String> DAEMONSET_UNKNOWN =
      List.of(
          "cpu:15",
          "disk:20",
          "diskio:22",
          "kernel:23",
          "mem:24",
          "processes:25",
          "swap:26",
          "system:27",
          "docker:28",
          "kubernetes:30");

  @Test
  void daemonsetIsRefusedNamingEveryUnknownPluginAndLine() throws Exception {
    PluginRegistry reg =
        PluginRegistry.of(List.of(StubFactories.statsd()), List.of(StubFactories.influxdb()));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    List.of(seed("daemonset-host-influxdb.conf")), opts(Map.of(), reg)));
    List<ConfigProblem> ps = e.problems();
    assertEquals(
        DAEMONSET_UNKNOWN,
        ps.stream().map(p -> p.plugin().substring("inputs.".length()) + ":" + p.line()).toList(),
        e::getMessage);
    for (ConfigProblem p : ps) {
      assertEquals("daemonset-host-influxdb.conf", p.file());
      assertTrue(p.message().startsWith("unknown input plugin"), p.message());
    }
    assertEquals(
        "daemonset-host-influxdb.conf:15: inputs.cpu: unknown input plugin \"cpu\" (undefined but"
            + " requested input: cpu); available inputs: statsd",
        ps.get(0).format());
  }

  @Test
  void daemonsetWithNoPluginsAtAllAlsoNamesTheOutput() throws Exception {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    List.of(seed("daemonset-host-influxdb.conf")),
                    opts(Map.of(), PluginRegistry.empty())));
    List<ConfigProblem> ps = e.problems();
    assertEquals(11, ps.size(), e::getMessage);
    assertEquals("outputs.influxdb", ps.get(0).plugin());
    assertEquals(7, ps.get(0).line());
    assertTrue(ps.get(0).message().contains("no output plugins are installed"));
  }
}
