package io.jagent.inputs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.ConfigProblem;
import io.jagent.testing.PluginConfigs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactoryTest {
  private final MysqlInputFactory factory = new MysqlInputFactory();

  private String problems(String body) {
    return String.join(
        "\n", PluginConfigs.problems(factory, body).stream().map(ConfigProblem::format).toList());
  }

  @Test
  void badDsnIsAConfigErrorWithoutThePassword() {
    String p = problems("servers = [\"tcp(h)/\", \"root:hunter2@localhost\"]\n");
    assertTrue(p.contains("servers[1]: parsing DSN failed: invalid DSN: missing the slash"), p);
    assertFalse(p.contains("hunter2"), p);
  }

  @Test
  void unknownTlsModeIsAConfigError() {
    String p = problems("servers = [\"u:hunter2@tcp(h)/?tls=bogus\"]\n");
    assertTrue(p.contains("tls"), p);
    assertFalse(p.contains("hunter2"), p);
  }

  @Test
  void unknownKeyIsRejected() {
    assertFalse(problems("gather_proces_list = true\n").isEmpty());
  }

  @Test
  void metricVersionZeroIsOne() {
    assertEquals(1, PluginConfigs.parse(factory, "metric_version = 0\n").metricVersion());
    assertFalse(problems("metric_version = 3\n").isEmpty());
  }

  @Test
  void variablesNeedIntervalSlowOfAtLeastOneSecond() {
    assertFalse(MysqlConfig.defaults().variablesEnabled());
    assertFalse(PluginConfigs.parse(factory, "interval_slow = \"500ms\"\n").variablesEnabled());
    MysqlConfig c = PluginConfigs.parse(factory, "interval_slow = \"30m\"\n");
    assertEquals(Duration.ofMinutes(30), c.intervalSlow());
    assertTrue(c.variablesEnabled());
    assertFalse(
        PluginConfigs.parse(factory, "interval_slow = \"30m\"\ngather_global_variables = false\n")
            .variablesEnabled());
  }

  @Test
  void emptyServerListMeansTheLocalServer() {
    assertEquals(
        MysqlConfig.DEFAULT_SERVERS, PluginConfigs.parse(factory, "servers = []\n").servers());
  }

  @Test
  void tlsCertNeedsKey() {
    assertFalse(problems("tls_cert = \"/x.pem\"\n").isEmpty());
  }

  @Test
  void allSwitchesParse() {
    MysqlConfig c =
        PluginConfigs.parse(
            factory,
            String.join(
                "\n",
                List.of(
                    "gather_slave_status = true",
                    "gather_replica_status = true",
                    "gather_all_slave_channels = true",
                    "mariadb_dialect = true",
                    "gather_binary_logs = true",
                    "gather_process_list = true",
                    "gather_user_statistics = true",
                    "gather_info_schema_auto_inc = true",
                    "gather_innodb_metrics = true",
                    "gather_table_io_waits = true",
                    "gather_index_io_waits = true",
                    "gather_table_lock_waits = true",
                    "gather_event_waits = true",
                    "gather_file_events_stats = true",
                    "gather_perf_events_statements = true",
                    "gather_perf_sum_per_acc_per_event = true",
                    "perf_summary_events = [\"statement/sql/select\"]",
                    "gather_table_schema = true",
                    "table_schema_databases = [\"app\"]",
                    "")));
    assertTrue(c.gatherReplication());
    assertTrue(c.gatherTableSchema());
    assertEquals(List.of("app"), c.tableSchemaDatabases());
    assertEquals(List.of("statement/sql/select"), c.perfSummaryEvents());
  }
}
