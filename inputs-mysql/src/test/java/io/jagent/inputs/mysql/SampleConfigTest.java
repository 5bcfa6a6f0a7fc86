package io.jagent.inputs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.InputFactory;
import io.jagent.spi.Secret;
import io.jagent.testing.PluginConfigs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SampleConfigTest {
  private final MysqlInputFactory factory = new MysqlInputFactory();

  /** The body of sample.conf below its [[inputs.mysql]] header. */
  private String sampleBody() {
    String sample = factory.sampleConfig();
    return sample.substring(sample.indexOf("[[inputs.mysql]]") + "[[inputs.mysql]]".length());
  }

  @Test
  void sampleParsesToTheDefaultsExceptWhatItSetsExplicitly() {
    MysqlConfig c = PluginConfigs.parse(factory, sampleBody());
    MysqlConfig d = MysqlConfig.defaults();
    // the sample sets these two, as Telegraf's does; everything else is commented out
    assertEquals(List.of(Secret.of("tcp(127.0.0.1:3306)/")), c.servers());
    assertEquals(2, c.metricVersion());
    MysqlConfig expected =
        new MysqlConfig(
            c.servers(),
            2,
            d.gatherGlobalVariables(),
            d.intervalSlow(),
            d.gatherSlaveStatus(),
            d.gatherReplicaStatus(),
            d.gatherAllSlaveChannels(),
            d.mariadbDialect(),
            d.gatherBinaryLogs(),
            d.gatherProcessList(),
            d.gatherUserStatistics(),
            d.gatherInfoSchemaAutoInc(),
            d.gatherInnodbMetrics(),
            d.gatherTableIoWaits(),
            d.gatherIndexIoWaits(),
            d.gatherTableLockWaits(),
            d.gatherEventWaits(),
            d.gatherFileEventsStats(),
            d.gatherPerfEventsStatements(),
            d.gatherPerfSumPerAccPerEvent(),
            d.perfSummaryEvents(),
            d.perfEventsStatementsDigestTextLimit(),
            d.perfEventsStatementsLimit(),
            d.perfEventsStatementsTimeLimit(),
            d.gatherTableSchema(),
            d.tableSchemaDatabases(),
            d.tls());
    assertEquals(expected, c);
  }

  @Test
  void uncommentedSampleOptionsParseToTheirDefaultsToo() {
    StringBuilder body = new StringBuilder();
    for (String line : sampleBody().split("\n")) {
      String t = line.strip();
      // "# key = value" lines are commented-out defaults; "##" lines are prose
      if (t.startsWith("# ") && t.contains("=") && !t.startsWith("##")) {
        String kv = t.substring(2);
        if (kv.startsWith("tls_") || kv.startsWith("insecure_skip_verify")) {
          continue; // examples, not defaults
        }
        body.append(kv).append('\n');
      }
    }
    MysqlConfig c = PluginConfigs.parse(factory, body.toString());
    assertEquals(MysqlConfig.defaults(), c);
  }

  @Test
  void emptyTableIsTheDefaults() {
    assertEquals(MysqlConfig.defaults(), PluginConfigs.parse(factory, ""));
  }

  @Test
  void readmeContainsTheSampleVerbatim() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains(factory.sampleConfig()), "README.md must contain sample.conf");
  }

  @Test
  void readmeDocumentsTheGrantsTheIntegrationTestsUse() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertTrue(
        readme.contains(
            "GRANT PROCESS, REPLICATION CLIENT, SLAVE MONITOR, SELECT ON *.* TO 'telegraf'@'%';"),
        "README.md must document the grants");
  }

  @Test
  @SuppressWarnings("rawtypes")
  void factoryIsRegistered() {
    boolean found =
        ServiceLoader.load(InputFactory.class).stream()
            .anyMatch(p -> p.type() == MysqlInputFactory.class);
    assertTrue(found);
  }

  @Test
  void configToStringHidesDsns() {
    MysqlConfig c = PluginConfigs.parse(factory, "servers = [\"root:hunter2@tcp(db:3306)/\"]\n");
    assertFalse(c.toString().contains("hunter2"), c.toString());
  }
}
