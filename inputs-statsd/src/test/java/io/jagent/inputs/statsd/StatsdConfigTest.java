package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.ConfigProblem;
import io.jagent.testing.PluginConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatsdConfigTest {
  private final StatsdInputFactory factory = new StatsdInputFactory();

  @Test
  void emptyBodyGivesCodeDefaults() {
    assertEquals(StatsdConfig.defaults(), PluginConfigs.parse(factory, ""));
  }

  @Test
  void sampleConfParsesToTheDefaultsExceptPrintedPercentiles() {
    String sample = factory.sampleConfig();
    String body = sample.substring(sample.indexOf("[[inputs.statsd]]") + 17);
    StatsdConfig c = PluginConfigs.parse(factory, body);
    StatsdConfig d = StatsdConfig.defaults();
    assertEquals(List.of(50.0, 90.0, 99.0, 99.9, 99.95, 100.0), c.percentiles());
    assertEquals(d, withPercentiles(c, d.percentiles()));
  }

  @Test
  void readmeContainsSampleConfVerbatim() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains(factory.sampleConfig()), "README.md must contain sample.conf");
  }

  @Test
  void sidecarFixtureTableParsesUnchanged() throws Exception {
    Path fixture = Path.of("/work/shared/fixtures/seed-configs/sidecar-statsd-wavefront.conf");
    String text =
        Files.exists(fixture)
            ? Files.readString(fixture)
            : """
            [[inputs.statsd]]
              protocol = "udp"
              max_tcp_connections = 250
              tcp_keep_alive = false
              service_address = ":8125"
              delete_gauges = true
              delete_counters = true
              delete_sets = true
              delete_timings = true
              percentiles = [90]
              metric_separator = "_"
              parse_data_dog_tags = false
              allowed_pending_messages = 10000
              percentile_limit = 1000
            """;
    int start = text.indexOf("[[inputs.statsd]]") + "[[inputs.statsd]]".length();
    int end = text.indexOf("\n[", start);
    String body = end < 0 ? text.substring(start) : text.substring(start, end);
    PluginConfigs.Result<StatsdConfig> r = PluginConfigs.tryParse(factory, body);
    assertEquals(List.of(), r.errors());
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    assertTrue(r.warnings().get(0).contains("parse_data_dog_tags"));
    assertTrue(r.warnings().get(0).contains("datadog_extensions"));
    StatsdConfig c = r.config();
    assertEquals(List.of(90.0), c.percentiles());
    assertFalse(c.datadogExtensions());
    assertEquals(1000, c.percentileLimit());
    assertEquals(10000, c.allowedPendingMessages());
    assertEquals(":8125", c.serviceAddress());
  }

  @Test
  void parseDataDogTagsTrueMapsToDatadogExtensions() {
    PluginConfigs.Result<StatsdConfig> r =
        PluginConfigs.tryParse(factory, "parse_data_dog_tags = true\n");
    assertTrue(r.config().datadogExtensions());
    assertEquals(1, r.warnings().size());
    // an explicit datadog_extensions wins
    assertFalse(
        PluginConfigs.parse(factory, "parse_data_dog_tags = true\ndatadog_extensions = false\n")
            .datadogExtensions());
  }

  @Test
  void udpPacketSizeIsDeprecatedAndIgnored() {
    PluginConfigs.Result<StatsdConfig> r =
        PluginConfigs.tryParse(factory, "udp_packet_size = 1500\n");
    assertEquals(List.of(), r.errors());
    assertEquals(1, r.warnings().size());
    assertTrue(r.warnings().get(0).contains("udp_packet_size"));
  }

  @Test
  void optionsAreRead() {
    StatsdConfig c =
        PluginConfigs.parse(
            factory,
            """
            protocol = "tcp"
            service_address = "127.0.0.1:9125"
            tcp_keep_alive = true
            tcp_keep_alive_period = "2h"
            percentile_limit = 0
            max_ttl = "10h"
            metric_separator = ""
            percentiles = [50, 99.9]
            read_buffer_size = 4194304
            max_series = 10
            max_samples = 100
            """);
    assertTrue(c.tcp());
    assertEquals(Duration.ofHours(2), c.tcpKeepAlivePeriod());
    assertEquals(1000, c.percentileLimit());
    assertEquals(Duration.ofHours(10), c.maxTtl());
    assertEquals("_", c.metricSeparator());
    assertEquals(List.of(50.0, 99.9), c.percentiles());
    assertEquals(4194304, c.readBufferSize());
    assertEquals(10, c.maxSeries());
    assertEquals(100, c.maxSamples());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "percentile_limit = -1",
        "allowed_pending_messages = 0",
        "allowed_pending_messages = -5",
        "number_workers_threads = 0",
        "templates = [\"host.field\"]",
        "templates = [\"measurement*.field*\"]",
        "templates = [\"measurement.host a=1,b\"]",
        "templates = [\"a b c d e\"]",
        "sanitize_name_method = \"downstream\"",
        "protocol = \"sctp\"",
        "service_address = \"8125\"",
        "read_buffer_size = -1",
        "max_series = 0",
        "no_such_option = 1",
        "percentiles = \"90\"",
      })
  void rejectsBadValues(String body) {
    List<ConfigProblem> problems = PluginConfigs.problems(factory, body + "\n");
    assertFalse(problems.isEmpty(), body);
  }

  private static StatsdConfig withPercentiles(StatsdConfig c, List<Double> p) {
    return new StatsdConfig(
        c.protocol(),
        c.serviceAddress(),
        c.maxTcpConnections(),
        c.tcpKeepAlive(),
        c.tcpKeepAlivePeriod(),
        c.allowedPendingMessages(),
        c.numberWorkersThreads(),
        p,
        c.percentileLimit(),
        c.deleteGauges(),
        c.deleteCounters(),
        c.deleteSets(),
        c.deleteTimings(),
        c.maxTtl(),
        c.metricSeparator(),
        c.templates(),
        c.convertNames(),
        c.sanitizeNameMethod(),
        c.floatCounters(),
        c.floatTimings(),
        c.floatSets(),
        c.datadogExtensions(),
        c.datadogDistributions(),
        c.datadogKeepContainerTag(),
        c.enableAggregationTemporality(),
        c.readBufferSize(),
        c.maxSeries(),
        c.maxSamples());
  }
}
