package io.jagent.inputs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import io.jagent.testing.ManualClock;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The integration checks, run against a MariaDB (env) and a MySQL 8 (Testcontainers). */
abstract class AbstractMysqlIT {
  static final String DB = "jagent_mysql_it";

  final MysqlInputFactory factory = new MysqlInputFactory();

  abstract ItServer server();

  MysqlInput input(String body, TestPluginContext ctx) throws Exception {
    return (MysqlInput) factory.create(PluginConfigs.parse(factory, body), ctx);
  }

  static String servers(String... dsns) {
    StringBuilder sb = new StringBuilder("servers = [");
    for (int i = 0; i < dsns.length; i++) {
      sb.append(i > 0 ? ", " : "").append('"').append(dsns[i]).append('"');
    }
    return sb.append("]\n").toString();
  }

  static Metric only(TestAccumulator acc, String name) {
    List<Metric> ms = acc.named(name);
    assertEquals(1, ms.size(), name + ": " + acc.lines());
    return ms.get(0);
  }

  /** SHOW GLOBAL STATUS as admin, independently of the plugin. */
  Map<String, String> adminStatus() throws SQLException {
    Map<String, String> rows = new LinkedHashMap<>();
    try (Connection c = server().admin();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS")) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getString(2) == null ? "" : rs.getString(2));
      }
    }
    return rows;
  }

  @Test
  void globalStatusV2HasEveryNonEmptyRowWithItsType() throws Exception {
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in = input(servers(server().dsn()) + "metric_version = 2\n", ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      Map<String, String> rows = adminStatus();
      assertEquals(List.of(), acc.errors());
      Metric m = only(acc, "mysql");
      assertEquals(server().hostPort(), m.tag("server"));
      assertEquals(1, m.tagCount(), m.tags().toString());
      int expected = 0;
      for (Map.Entry<String, String> row : rows.entrySet()) {
        String key = row.getKey().toLowerCase(Locale.ROOT);
        String value = row.getValue();
        if (value.isEmpty()) {
          assertEquals(null, m.field(key), key);
          continue;
        }
        expected++;
        Object f = m.field(key);
        assertNotNull(f, "missing field " + key + " (value " + value + ")");
        if (Values.parseInt(value) != null && !key.equals("innodb_available_undo_logs")) {
          assertTrue(f instanceof Long || f instanceof Unsigned, key + " = " + f);
        } else if (value.equals("ON") || value.equals("OFF")) {
          assertTrue(f instanceof Long, key + " = " + f);
        }
      }
      assertEquals(expected, m.fieldCount(), "field count of mysql vs SHOW GLOBAL STATUS");
      assertTrue(m.fieldCount() > 200, "fields: " + m.fieldCount());
    }
  }

  @Test
  void globalStatusV1KeepsEveryMappedRowAsInteger() throws Exception {
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in = input(servers(server().dsn()), ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      Map<String, String> rows = adminStatus();
      assertEquals(List.of(), acc.errors());
      Metric m = only(acc, "mysql");
      int mapped = 0;
      for (String name : rows.keySet()) {
        for (Map.Entry<String, String> p : Conversions.V1_MAPPINGS) {
          if (name.startsWith(p.getKey())) {
            String field = p.getValue() + name.substring(p.getKey().length());
            assertTrue(m.field(field) instanceof Long, field + " = " + m.field(field));
            mapped++;
          }
        }
      }
      for (String special : List.of("queries", "questions", "connections", "syncs", "uptime")) {
        if (m.field(special) != null) {
          mapped++;
          assertTrue(m.field(special) instanceof Long, special);
        }
      }
      assertTrue(m.field("queries") instanceof Long);
      assertTrue(m.field("commands_select") instanceof Long);
      assertEquals(mapped, m.fieldCount());
    }
  }

  @Test
  void queriesCounterGrowsAfterQueries() throws Exception {
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in = input(servers(server().dsn()) + "metric_version = 2\n", ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      long before = (Long) only(acc, "mysql").field("queries");
      try (Connection c = server().admin();
          Statement st = c.createStatement()) {
        for (int i = 0; i < 25; i++) {
          st.execute("SELECT 1");
        }
      }
      acc.clear();
      in.gather(acc);
      long after = (Long) only(acc, "mysql").field("queries");
      assertTrue(after >= before + 25, before + " -> " + after);
      assertTrue(in.servers().get(0).connected(), "connection kept for the next gather");
    }
  }

  @Test
  void variableChangedWithSetGlobalShowsUp() throws Exception {
    long original;
    try (Connection c = server().admin();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT @@GLOBAL.max_connect_errors")) {
      rs.next();
      original = rs.getLong(1);
    }
    long changed = original + 17;
    try (Connection c = server().admin();
        Statement st = c.createStatement()) {
      st.execute("SET GLOBAL max_connect_errors = " + changed);
      ManualClock clock = new ManualClock();
      try (TestPluginContext ctx = new TestPluginContext("inputs.mysql", clock);
          MysqlInput in =
              input(
                  servers(server().dsn()) + "metric_version = 2\ninterval_slow = \"1m\"\n", ctx)) {
        TestAccumulator acc = new TestAccumulator();
        in.gather(acc);
        assertEquals(List.of(), acc.errors());
        Metric vars = only(acc, "mysql_variables");
        assertEquals(changed, vars.field("max_connect_errors"));
        assertNotNull(vars.tag("version"), vars.tags().toString());
        assertEquals(server().hostPort(), vars.tag("server"));
        // not due again within interval_slow
        acc.clear();
        in.gather(acc);
        assertEquals(List.of(), acc.named("mysql_variables"));
        clock.advance(java.time.Duration.ofSeconds(59));
        in.gather(acc);
        assertEquals(List.of(), acc.named("mysql_variables"));
        clock.advance(java.time.Duration.ofSeconds(1));
        in.gather(acc);
        assertEquals(1, acc.named("mysql_variables").size(), "due again after interval_slow");
      }
      try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
          MysqlInput in = input(servers(server().dsn()) + "interval_slow = \"1m\"\n", ctx)) {
        TestAccumulator acc = new TestAccumulator();
        in.gather(acc);
        assertEquals((double) changed, only(acc, "mysql_variables").field("max_connect_errors"));
      }
    } finally {
      try (Connection c = server().admin();
          Statement st = c.createStatement()) {
        st.execute("SET GLOBAL max_connect_errors = " + original);
      }
    }
  }

  @Test
  void wrongPasswordGivesAClearErrorWithoutThePassword() throws Exception {
    String bad = "Wr0ng-pAss-4711";
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in = input(servers(server().dsnWithPassword(bad)), ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      assertEquals(List.of(), acc.metrics());
      assertEquals(1, acc.errors().size());
      Throwable e = acc.errors().get(0);
      String msg = e.getMessage();
      assertTrue(msg.contains("Access denied for user '" + server().user() + "'"), msg);
      assertTrue(msg.contains("(using password: YES)"), msg);
      assertTrue(msg.startsWith("mysql server " + server().hostPort() + ": connecting: "), msg);
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t).contains(bad), String.valueOf(t));
      }
      assertFalse(ctx.toString().contains(bad));
    }
  }

  @Test
  void failingServerDoesNotStopTheOthers() throws Exception {
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in = input(servers("telegraf:x@tcp(127.0.0.1:1)/", server().dsn()), ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      assertEquals(1, acc.errors().size());
      assertTrue(acc.errors().get(0).getMessage().contains("127.0.0.1:1:"));
      assertEquals(server().hostPort(), only(acc, "mysql").tag("server"));
    }
  }

  @Test
  void optionalGathersWorkWithTheDocumentedGrants() throws Exception {
    try (Connection c = server().admin();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE IF NOT EXISTS " + DB);
      st.execute(
          "CREATE TABLE IF NOT EXISTS "
              + DB
              + ".t (id INT UNSIGNED AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))");
      st.execute("INSERT INTO " + DB + ".t (v) VALUES ('a'), ('b')");
    }
    for (int version = 1; version <= 2; version++) {
      String body =
          servers(server().dsn())
              + "metric_version = "
              + version
              + "\n"
              + "gather_process_list = true\n"
              + "gather_innodb_metrics = true\n"
              + "gather_info_schema_auto_inc = true\n"
              + "gather_table_schema = true\n"
              + "table_schema_databases = [\""
              + DB
              + "\"]\n"
              + "gather_slave_status = true\n"
              // user_statistics exists in MariaDB and Percona only
              + (server().mariadb()
                  ? "gather_user_statistics = true\nmariadb_dialect = true\n"
                  : "");
      try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
          MysqlInput in = input(body, ctx)) {
        TestAccumulator acc = new TestAccumulator();
        in.gather(acc);
        assertEquals(List.of(), acc.errors(), "v" + version);
        List<Metric> threadMetrics =
            acc.named(version == 1 ? "mysql_info_schema" : "mysql_process_list").stream()
                .filter(m -> m.field("threads_idle") != null)
                .toList();
        assertEquals(1, threadMetrics.size(), acc.lines().toString());
        Metric threads = threadMetrics.get(0);
        assertEquals(51, threads.fieldCount());
        assertTrue(threads.field("threads_idle") instanceof Unsigned);
        assertFalse(acc.named("mysql_users").isEmpty());
        Metric innodb = only(acc, "mysql_innodb");
        assertTrue(innodb.fieldCount() > 10, innodb.toString());
        Metric autoInc =
            acc.named(version == 1 ? "mysql_info_schema" : "mysql_table_schema").stream()
                .filter(m -> DB.equals(m.tag("schema")) && "id".equals(m.tag("column")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(acc.lines().toString()));
        assertEquals(Unsigned.of(4294967295L), autoInc.field("auto_increment_column_max"));
        String rowsMetric = version == 1 ? "info_schema_table_rows" : "mysql_table_schema";
        assertTrue(
            acc.named(rowsMetric).stream().anyMatch(m -> "t".equals(m.tag("table"))),
            acc.lines().toString());
      }
    }
  }

  @Test
  void performanceSchemaGathersRunWithoutErrors() throws Exception {
    String body =
        servers(server().dsn())
            + "metric_version = 2\n"
            + "gather_table_io_waits = true\n"
            + "gather_index_io_waits = true\n"
            + "gather_table_lock_waits = true\n"
            + "gather_event_waits = true\n"
            + "gather_file_events_stats = true\n"
            + "gather_perf_events_statements = true\n"
            + "gather_perf_sum_per_acc_per_event = true\n"
            + "perf_summary_events = [\"statement/sql/select\"]\n";
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in = input(body, ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      assertEquals(List.of(), acc.errors());
      assertNotNull(only(acc, "mysql"));
    }
  }

  @Test
  void failingStepEndsTheServersGatherWithOneErrorKeepingEarlierMetrics() throws Exception {
    // binary logging is off on the test servers: SHOW BINARY LOGS fails
    try (Connection c = server().admin();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT @@GLOBAL.log_bin")) {
      rs.next();
      org.junit.jupiter.api.Assumptions.assumeFalse(rs.getBoolean(1), "binlog is on");
    }
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in =
            input(
                servers(server().dsn()) + "gather_binary_logs = true\ngather_process_list = true\n",
                ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      assertEquals(1, acc.errors().size(), acc.errors().toString());
      String msg = acc.errors().get(0).getMessage();
      assertTrue(
          msg.startsWith("mysql server " + server().hostPort() + ": gathering binary logs: "), msg);
      assertNotNull(only(acc, "mysql"));
      assertEquals(List.of(), acc.named("mysql_info_schema"), "process list comes after");
      // the connection is still good for the next gather
      assertTrue(in.servers().get(0).connected());
    }
  }

  @Test
  void tlsRequiredAgainstAServerWithoutTlsIsAClearError() throws Exception {
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in = input(servers(server().dsn().replace("tls=false", "tls=true")), ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      org.junit.jupiter.api.Assumptions.assumeFalse(
          acc.errors().isEmpty(), "server has TLS with a trusted certificate");
      assertEquals(1, acc.errors().size());
      assertFalse(acc.errors().get(0).getMessage().contains(server().password()));
      assertEquals(List.of(), acc.metrics());
    }
  }
}
