package io.jagent.inputs.mysql;

import io.jagent.spi.Accumulator;
import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * One server: its connection (opened on first use, reused across gathers, re-opened after a
 * connection failure) and Telegraf's gather steps in Telegraf's order. The first failing step ends
 * this server's gather with one {@link GatherException}; metrics already added stay.
 */
final class ServerCollector implements AutoCloseable {
  static final String GLOBAL_STATUS = "SHOW GLOBAL STATUS";
  static final String GLOBAL_VARIABLES = "SHOW GLOBAL VARIABLES";
  static final String BINARY_LOGS = "SHOW BINARY LOGS";
  static final String PROCESS_LIST =
      "SELECT COALESCE(command,''), COALESCE(state,''), count(*)"
          + " FROM information_schema.processlist WHERE ID != connection_id()"
          + " GROUP BY command, state ORDER BY null";
  static final String PROCESS_LIST_USERS =
      "SELECT user, sum(1) AS connections FROM INFORMATION_SCHEMA.PROCESSLIST GROUP BY user";
  static final String USER_STATISTICS = "SELECT * FROM information_schema.user_statistics";
  static final String AUTO_INC =
      "SELECT table_schema, table_name, column_name, auto_increment,"
          + " CAST(pow(2, case data_type when 'tinyint' then 7 when 'smallint' then 15"
          + " when 'mediumint' then 23 when 'int' then 31 when 'bigint' then 63"
          + " end+(column_type like '% unsigned'))-1 as decimal(19)) as max_int"
          + " FROM information_schema.tables t"
          + " JOIN information_schema.columns c USING (table_schema,table_name)"
          + " WHERE c.extra = 'auto_increment' AND t.auto_increment IS NOT NULL";
  static final String INNODB_METRICS =
      "SELECT NAME, COUNT FROM information_schema.INNODB_METRICS WHERE status='enabled'";
  static final String INNODB_METRICS_MARIADB =
      "SELECT NAME, COUNT FROM information_schema.INNODB_METRICS WHERE ENABLED=1";
  static final String PERF_SUM_PER_ACC_PER_EVENT =
      "SELECT coalesce(user, 'unknown'), coalesce(host, 'unknown'),"
          + " coalesce(event_name, 'unknown'), count_star, sum_timer_wait, min_timer_wait,"
          + " avg_timer_wait, max_timer_wait, sum_lock_time, sum_errors, sum_warnings,"
          + " sum_rows_affected, sum_rows_sent, sum_rows_examined, sum_created_tmp_disk_tables,"
          + " sum_created_tmp_tables, sum_select_full_join, sum_select_full_range_join,"
          + " sum_select_range, sum_select_range_check, sum_select_scan, sum_sort_merge_passes,"
          + " sum_sort_range, sum_sort_rows, sum_sort_scan, sum_no_index_used,"
          + " sum_no_good_index_used"
          + " FROM performance_schema.events_statements_summary_by_account_by_event_name";
  static final String TABLE_IO_WAITS =
      "SELECT OBJECT_SCHEMA, OBJECT_NAME, COUNT_FETCH, COUNT_INSERT, COUNT_UPDATE, COUNT_DELETE,"
          + " SUM_TIMER_FETCH, SUM_TIMER_INSERT, SUM_TIMER_UPDATE, SUM_TIMER_DELETE"
          + " FROM performance_schema.table_io_waits_summary_by_table"
          + " WHERE OBJECT_SCHEMA NOT IN ('mysql', 'performance_schema')";
  static final String INDEX_IO_WAITS =
      "SELECT OBJECT_SCHEMA, OBJECT_NAME, ifnull(INDEX_NAME, 'NONE') as INDEX_NAME,"
          + " COUNT_FETCH, COUNT_INSERT, COUNT_UPDATE, COUNT_DELETE,"
          + " SUM_TIMER_FETCH, SUM_TIMER_INSERT, SUM_TIMER_UPDATE, SUM_TIMER_DELETE"
          + " FROM performance_schema.table_io_waits_summary_by_index_usage"
          + " WHERE OBJECT_SCHEMA NOT IN ('mysql', 'performance_schema')";
  static final String TABLE_LOCK_WAITS_EXISTS =
      "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'performance_schema'"
          + " AND table_name = 'table_lock_waits_summary_by_table'";
  static final String TABLE_LOCK_WAITS =
      "SELECT OBJECT_SCHEMA, OBJECT_NAME, COUNT_READ_NORMAL, COUNT_READ_WITH_SHARED_LOCKS,"
          + " COUNT_READ_HIGH_PRIORITY, COUNT_READ_NO_INSERT, COUNT_READ_EXTERNAL,"
          + " COUNT_WRITE_ALLOW_WRITE, COUNT_WRITE_CONCURRENT_INSERT, COUNT_WRITE_LOW_PRIORITY,"
          + " COUNT_WRITE_NORMAL, COUNT_WRITE_EXTERNAL, SUM_TIMER_READ_NORMAL,"
          + " SUM_TIMER_READ_WITH_SHARED_LOCKS, SUM_TIMER_READ_HIGH_PRIORITY,"
          + " SUM_TIMER_READ_NO_INSERT, SUM_TIMER_READ_EXTERNAL, SUM_TIMER_WRITE_ALLOW_WRITE,"
          + " SUM_TIMER_WRITE_CONCURRENT_INSERT, SUM_TIMER_WRITE_LOW_PRIORITY,"
          + " SUM_TIMER_WRITE_NORMAL, SUM_TIMER_WRITE_EXTERNAL"
          + " FROM performance_schema.table_lock_waits_summary_by_table"
          + " WHERE OBJECT_SCHEMA NOT IN ('mysql', 'performance_schema', 'information_schema')";
  static final String EVENT_WAITS =
      "SELECT EVENT_NAME, COUNT_STAR, SUM_TIMER_WAIT"
          + " FROM performance_schema.events_waits_summary_global_by_event_name";
  static final String FILE_EVENTS =
      "SELECT EVENT_NAME, COUNT_READ, SUM_TIMER_READ, SUM_NUMBER_OF_BYTES_READ,"
          + " COUNT_WRITE, SUM_TIMER_WRITE, SUM_NUMBER_OF_BYTES_WRITE, COUNT_MISC, SUM_TIMER_MISC"
          + " FROM performance_schema.file_summary_by_event_name";
  static final String EVENTS_STATEMENTS =
      "SELECT ifnull(SCHEMA_NAME, 'NONE') as SCHEMA_NAME, DIGEST, LEFT(DIGEST_TEXT, ?) as"
          + " DIGEST_TEXT, COUNT_STAR, SUM_TIMER_WAIT, SUM_ERRORS, SUM_WARNINGS,"
          + " SUM_ROWS_AFFECTED, SUM_ROWS_SENT, SUM_ROWS_EXAMINED, SUM_CREATED_TMP_DISK_TABLES,"
          + " SUM_CREATED_TMP_TABLES, SUM_SORT_MERGE_PASSES, SUM_SORT_ROWS, SUM_NO_INDEX_USED"
          + " FROM performance_schema.events_statements_summary_by_digest"
          + " WHERE SCHEMA_NAME NOT IN ('mysql', 'performance_schema', 'information_schema')"
          + " AND last_seen > DATE_SUB(NOW(), INTERVAL ? SECOND)"
          + " ORDER BY SUM_TIMER_WAIT DESC LIMIT ?";
  static final String SCHEMAS =
      "SELECT SCHEMA_NAME FROM information_schema.schemata"
          + " WHERE SCHEMA_NAME NOT IN ('mysql', 'performance_schema', 'information_schema')";
  static final String TABLE_SCHEMA =
      "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ifnull(ENGINE, 'NONE') as ENGINE,"
          + " ifnull(VERSION, '0') as VERSION, ifnull(ROW_FORMAT, 'NONE') as ROW_FORMAT,"
          + " ifnull(TABLE_ROWS, '0') as TABLE_ROWS, ifnull(DATA_LENGTH, '0') as DATA_LENGTH,"
          + " ifnull(INDEX_LENGTH, '0') as INDEX_LENGTH, ifnull(DATA_FREE, '0') as DATA_FREE,"
          + " ifnull(CREATE_OPTIONS, 'NONE') as CREATE_OPTIONS"
          + " FROM information_schema.tables WHERE TABLE_SCHEMA = ?";

  private static final double PICO = 1e12;
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)(password\\s*=\\s*)[^&\\s,;)]+");

  private final MysqlConfig config;
  private final JdbcTarget target;
  private final Logger log;
  private final org.mariadb.jdbc.Driver driver = new org.mariadb.jdbc.Driver();
  private final String password;
  private final int metricVersion;
  private Connection conn;
  private boolean userStatisticsDisabled;

  ServerCollector(MysqlConfig config, JdbcTarget target, Logger log) {
    this.config = config;
    this.target = target;
    this.log = log;
    this.password = target.properties().getProperty("password", "");
    this.metricVersion = config.metricVersion();
  }

  String serverTag() {
    return target.serverTag();
  }

  /** True while a connection is held (for tests). */
  synchronized boolean connected() {
    return conn != null;
  }

  /**
   * Runs the enabled steps. Returns whether global variables were gathered.
   *
   * @throws GatherException at the first failing step, message sanitized
   */
  synchronized boolean collect(Accumulator acc, Problems problems, boolean variablesDue)
      throws GatherException {
    String step = "connecting";
    try {
      Connection c = connection();
      step = "gathering global status";
      globalStatus(c, acc, problems);
      boolean variables = false;
      if (variablesDue) {
        step = "gathering global variables";
        globalVariables(c, acc, problems);
        variables = true;
      }
      if (config.gatherBinaryLogs()) {
        step = "gathering binary logs";
        binaryLogs(c, acc);
      }
      if (config.gatherProcessList()) {
        step = "gathering process list";
        processList(c, acc);
      }
      if (config.gatherUserStatistics() && !userStatisticsDisabled) {
        step = "gathering user statistics";
        userStatistics(c, acc);
      }
      if (config.gatherReplication()) {
        step = "gathering replica status";
        replicaStatus(c, acc, problems);
      }
      if (config.gatherInfoSchemaAutoInc()) {
        step = "gathering auto-increment columns";
        autoIncrement(c, acc);
      }
      if (config.gatherInnodbMetrics()) {
        step = "gathering InnoDB metrics";
        innodbMetrics(c, acc, problems);
      }
      if (config.gatherPerfSumPerAccPerEvent()) {
        step = "gathering performance schema per account and event";
        perfSumPerAccPerEvent(c, acc);
      }
      if (config.gatherTableIoWaits()) {
        step = "gathering table I/O waits";
        tableIoWaits(c, acc);
      }
      if (config.gatherIndexIoWaits()) {
        step = "gathering index I/O waits";
        indexIoWaits(c, acc);
      }
      if (config.gatherTableLockWaits()) {
        step = "gathering table lock waits";
        tableLockWaits(c, acc);
      }
      if (config.gatherEventWaits()) {
        step = "gathering event waits";
        eventWaits(c, acc);
      }
      if (config.gatherFileEventsStats()) {
        step = "gathering file events";
        fileEvents(c, acc);
      }
      if (config.gatherPerfEventsStatements()) {
        step = "gathering statement events";
        eventsStatements(c, acc);
      }
      if (config.gatherTableSchema()) {
        step = "gathering table schema";
        tableSchema(c, acc);
      }
      return variables;
    } catch (SQLException e) {
      if (isConnectionFailure(e)) {
        closeQuietly();
      }
      throw new GatherException("mysql server " + serverTag() + ": " + step + ": " + describe(e));
    }
  }

  private Connection connection() throws SQLException {
    if (conn != null) {
      boolean valid;
      try {
        valid = conn.isValid(validTimeoutSeconds());
      } catch (SQLException e) {
        valid = false;
      }
      if (valid) {
        return conn;
      }
      log.debug("server {}: connection lost, reconnecting", serverTag());
      closeQuietly();
    }
    Connection c = driver.connect(target.url(), target.properties());
    if (c == null) {
      throw new SQLException("the driver does not accept " + target.url());
    }
    conn = c;
    return c;
  }

  private int validTimeoutSeconds() {
    long ms = Long.parseLong(target.properties().getProperty("connectTimeout", "5000"));
    return (int) Math.max(1, (ms + 999) / 1000);
  }

  static boolean isConnectionFailure(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLNonTransientConnectionException
        || e instanceof SQLTransientConnectionException
        || e instanceof SQLRecoverableException
        || e instanceof SQLTimeoutException
        || (state != null && state.startsWith("08"));
  }

  /** The exception's message without the password (or anything that looks like one). */
  String describe(SQLException e) {
    String msg = e.getMessage();
    if (msg == null || msg.isBlank()) {
      msg = e.getClass().getSimpleName();
    }
    return sanitize(msg);
  }

  String sanitize(String msg) {
    String s = msg;
    if (!password.isEmpty()) {
      s = s.replace(password, "<redacted>");
    }
    s = PASSWORD_PARAM.matcher(s).replaceAll("$1<redacted>");
    return s.strip();
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    Connection c = conn;
    conn = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException | RuntimeException e) {
        log.debug(
            "server {}: closing the connection failed: {}",
            serverTag(),
            sanitize(String.valueOf(e.getMessage())));
      }
    }
  }

  // ---- steps -------------------------------------------------------------------------------

  private Metric.Builder metric(String name) {
    return Metric.builder(name).tag("server", serverTag());
  }

  private static void addIfFields(Accumulator acc, Metric.Builder b) {
    if (b.fieldCount() > 0) {
      emit(acc, b.build());
    }
  }

  /** Adds {@code m} without empty tag values (Telegraf drops those). */
  static void emit(Accumulator acc, Metric m) {
    for (int i = 0; i < m.tagCount(); i++) {
      if (m.tagValue(i).isEmpty()) {
        Metric.Builder b = m.toBuilder();
        for (int j = m.tagCount() - 1; j >= 0; j--) {
          if (m.tagValue(j).isEmpty()) {
            b.removeTag(m.tagKey(j));
          }
        }
        acc.add(b.build());
        return;
      }
    }
    acc.add(m);
  }

  private void globalStatus(Connection c, Accumulator acc, Problems problems) throws SQLException {
    Metric.Builder b = metric("mysql");
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(GLOBAL_STATUS)) {
      while (rs.next()) {
        String name = rs.getString(1);
        String value = nz(rs.getString(2));
        Conversions.globalStatus(metricVersion, name, value, b, problems);
      }
    }
    addIfFields(acc, b);
  }

  private void globalVariables(Connection c, Accumulator acc, Problems problems)
      throws SQLException {
    Metric.Builder b = metric("mysql_variables");
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(GLOBAL_VARIABLES)) {
      while (rs.next()) {
        Conversions.globalVariable(
            metricVersion, rs.getString(1), nz(rs.getString(2)), b, problems);
      }
    }
    addIfFields(acc, b);
  }

  private void binaryLogs(Connection c, Accumulator acc) throws SQLException {
    long size = 0;
    long count = 0;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(BINARY_LOGS)) {
      while (rs.next()) {
        size += rs.getLong(2);
        count++;
      }
    }
    emit(
        acc,
        metric("mysql")
            .unsignedField("binary_size_bytes", size)
            .unsignedField("binary_files_count", count)
            .build());
  }

  private void processList(Connection c, Accumulator acc) throws SQLException {
    Map<String, Long> states = new LinkedHashMap<>();
    for (String s : ThreadStates.GENERAL) {
      states.put(s, 0L);
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(PROCESS_LIST)) {
      while (rs.next()) {
        String state = ThreadStates.classify(nz(rs.getString(1)), nz(rs.getString(2)));
        states.merge(state, rs.getLong(3), Long::sum);
      }
    }
    Metric.Builder b = metric(metricVersion < 2 ? "mysql_info_schema" : "mysql_process_list");
    states.forEach((k, v) -> b.unsignedField(ThreadStates.fieldName(k), v));
    emit(acc, b.build());
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(PROCESS_LIST_USERS)) {
      while (rs.next()) {
        emit(
            acc,
            metric("mysql_users")
                .tag("user", nz(rs.getString(1)))
                .field("connections", rs.getLong(2))
                .build());
      }
    }
  }

  private void userStatistics(Connection c, Accumulator acc) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(USER_STATISTICS)) {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      if (n != 21 && n != 22 && n != 23 && n != 25) {
        throw new SQLException("unsupported user statistics column count " + n);
      }
      while (rs.next()) {
        Metric.Builder b = metric("mysql_user_stats").tag("user", nz(rs.getString(1)));
        for (int i = 2; i <= n; i++) {
          String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
          // types by column, as Telegraf scans them: floats for MariaDB's busy/cpu time
          switch (md.getColumnType(i)) {
            case Types.FLOAT, Types.DOUBLE, Types.REAL, Types.DECIMAL, Types.NUMERIC -> {
              double d = rs.getDouble(i);
              if (!rs.wasNull()) {
                b.field(name, d);
              }
            }
            default -> {
              long l = rs.getLong(i);
              if (!rs.wasNull()) {
                b.field(name, l);
              }
            }
          }
        }
        emit(acc, b.build());
      }
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage())
          .toLowerCase(Locale.ROOT)
          .contains("unknown table 'user_statistics'")) {
        // as Telegraf: this gather reports the error, later gathers skip the collector
        userStatisticsDisabled = true;
      }
      throw e;
    }
  }

  private void replicaStatus(Connection c, Accumulator acc, Problems problems) throws SQLException {
    String query;
    if (config.gatherReplicaStatus()) {
      query = config.mariadbDialect() ? "SHOW ALL REPLICAS STATUS" : "SHOW REPLICA STATUS";
    } else {
      query = config.mariadbDialect() ? "SHOW ALL SLAVES STATUS" : "SHOW SLAVE STATUS";
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      String[] cols = new String[n];
      int[] types = new int[n];
      for (int i = 0; i < n; i++) {
        cols[i] = md.getColumnLabel(i + 1);
        types[i] = md.getColumnType(i + 1);
      }
      while (rs.next()) {
        String[] vals = new String[n];
        for (int i = 0; i < n; i++) {
          vals[i] = rs.getString(i + 1);
        }
        Metric.Builder b = metric("mysql");
        replicaRow(metricVersion, config.gatherAllSlaveChannels(), cols, types, vals, b, problems);
        addIfFields(acc, b);
        if (!config.gatherAllSlaveChannels()) {
          break; // only the first row unless every channel is wanted
        }
      }
    }
  }

  /**
   * One row of SHOW SLAVE/REPLICA STATUS into {@code b}: {@code slave_<column>} fields (v1: float
   * rule, original case; v2: by column type, lower case), empty values skipped, and the {@code
   * channel} tag when all channels are gathered.
   */
  static void replicaRow(
      int metricVersion,
      boolean allChannels,
      String[] cols,
      int[] types,
      String[] vals,
      Metric.Builder b,
      Problems problems) {
    for (int i = 0; i < cols.length; i++) {
      String col = cols[i];
      String raw = vals[i];
      if (allChannels
          && (col.equalsIgnoreCase("channel_name") || col.equalsIgnoreCase("connection_name"))) {
        b.tag("channel", raw == null || raw.isEmpty() ? "default" : raw);
        continue;
      }
      if (raw == null || raw.isEmpty()) {
        continue;
      }
      if (metricVersion < 2) {
        Double d = Values.v1Float(raw);
        if (d != null) {
          b.field("slave_" + col, d.doubleValue());
        } else {
          problems.debug("error parsing mysql slave status \"" + col + "\"=\"" + raw + "\"");
        }
      } else {
        String lower = col.toLowerCase(Locale.ROOT);
        Object v = replicaValueV2(types[i], raw);
        if (v == null) {
          problems.error("error parsing mysql slave status \"" + lower + "\"=\"" + raw + "\"");
        } else {
          b.field("slave_" + lower, v);
        }
      }
    }
  }

  /** v2: INT → int64, BIGINT → uint64, VARCHAR → string, else the generic rule. */
  static Object replicaValueV2(int sqlType, String raw) {
    return switch (sqlType) {
      case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> Values.parseInt(raw);
      case Types.BIGINT -> Values.parseUint(raw);
      case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR -> raw;
      default -> Values.v2Value(raw);
    };
  }

  private void autoIncrement(Connection c, Accumulator acc) throws SQLException {
    String name = metricVersion < 2 ? "mysql_info_schema" : "mysql_table_schema";
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(AUTO_INC)) {
      while (rs.next()) {
        Unsigned inc = Values.parseUint(nz(rs.getString(4)));
        Unsigned max = Values.parseUint(nz(rs.getString(5)));
        Metric.Builder b =
            metric(name)
                .tag("schema", nz(rs.getString(1)))
                .tag("table", nz(rs.getString(2)))
                .tag("column", nz(rs.getString(3)));
        if (inc != null) {
          b.field("auto_increment_column", inc);
        }
        if (max != null) {
          b.field("auto_increment_column_max", max);
        }
        addIfFields(acc, b);
      }
    }
  }

  private void innodbMetrics(Connection c, Accumulator acc, Problems problems) throws SQLException {
    Metric.Builder b = metric("mysql_innodb");
    String q = config.mariadbDialect() ? INNODB_METRICS_MARIADB : INNODB_METRICS;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(q)) {
      while (rs.next()) {
        String key = nz(rs.getString(1)).toLowerCase(Locale.ROOT);
        String v = nz(rs.getString(2));
        if (metricVersion < 2) {
          Double d = Values.v1Float(v);
          if (d != null) {
            b.field(key, d.doubleValue());
          }
        } else {
          Unsigned u = Values.parseUint(v);
          if (u != null) {
            b.field(key, u);
          } else {
            problems.debug("InnoDB metric " + key + "=\"" + v + "\" is not an unsigned integer");
          }
        }
      }
    }
    addIfFields(acc, b);
  }

  private void perfSumPerAccPerEvent(Connection c, Accumulator acc) throws SQLException {
    String sql = PERF_SUM_PER_ACC_PER_EVENT;
    List<String> events = config.perfSummaryEvents();
    if (!events.isEmpty()) {
      sql +=
          " WHERE EVENT_NAME IN ("
              + String.join(",", java.util.Collections.nCopies(events.size(), "?"))
              + ")";
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < events.size(); i++) {
        ps.setString(i + 1, events.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        while (rs.next()) {
          Metric.Builder b =
              metric("mysql_perf_acc_event")
                  .tag("src_user", nz(rs.getString(1)).toLowerCase(Locale.ROOT))
                  .tag("src_host", nz(rs.getString(2)).toLowerCase(Locale.ROOT))
                  .tag("event", nz(rs.getString(3)));
          for (int i = 4; i <= n; i++) {
            b.field(md.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getDouble(i));
          }
          emit(acc, b.build());
        }
      }
    }
  }

  private void tableIoWaits(Connection c, Accumulator acc) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(TABLE_IO_WAITS)) {
      while (rs.next()) {
        emit(
            acc,
            metric("mysql_perf_schema")
                .tag("schema", nz(rs.getString(1)))
                .tag("name", nz(rs.getString(2)))
                .field("table_io_waits_total_fetch", rs.getDouble(3))
                .field("table_io_waits_total_insert", rs.getDouble(4))
                .field("table_io_waits_total_update", rs.getDouble(5))
                .field("table_io_waits_total_delete", rs.getDouble(6))
                .field("table_io_waits_seconds_total_fetch", rs.getDouble(7) / PICO)
                .field("table_io_waits_seconds_total_insert", rs.getDouble(8) / PICO)
                .field("table_io_waits_seconds_total_update", rs.getDouble(9) / PICO)
                .field("table_io_waits_seconds_total_delete", rs.getDouble(10) / PICO)
                .build());
      }
    }
  }

  private void indexIoWaits(Connection c, Accumulator acc) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(INDEX_IO_WAITS)) {
      while (rs.next()) {
        String index = nz(rs.getString(3));
        Metric.Builder b =
            metric("mysql_perf_schema")
                .tag("schema", nz(rs.getString(1)))
                .tag("name", nz(rs.getString(2)))
                .tag("index", index)
                .field("index_io_waits_total_fetch", rs.getDouble(4))
                .field("index_io_waits_seconds_total_fetch", rs.getDouble(8) / PICO);
        // update, insert and delete only for the NONE index (table scans)
        if (index.equals("NONE")) {
          b.field("index_io_waits_total_insert", rs.getDouble(5))
              .field("index_io_waits_total_update", rs.getDouble(6))
              .field("index_io_waits_total_delete", rs.getDouble(7))
              .field("index_io_waits_seconds_total_insert", rs.getDouble(9) / PICO)
              .field("index_io_waits_seconds_total_update", rs.getDouble(10) / PICO)
              .field("index_io_waits_seconds_total_delete", rs.getDouble(11) / PICO);
        }
        emit(acc, b.build());
      }
    }
  }

  private void tableLockWaits(Connection c, Accumulator acc) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(TABLE_LOCK_WAITS_EXISTS)) {
      if (!rs.next() || rs.getLong(1) == 0) {
        return;
      }
    }
    String[] sqlFields = {
      "read_normal",
      "read_with_shared_locks",
      "read_high_priority",
      "read_no_insert",
      "write_normal",
      "write_allow_write",
      "write_concurrent_insert",
      "write_low_priority"
    };
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(TABLE_LOCK_WAITS)) {
      while (rs.next()) {
        String schema = nz(rs.getString(1));
        String table = nz(rs.getString(2));
        // column positions: counts 3..12, timers 13..22 (see TABLE_LOCK_WAITS)
        int[] countCols = {3, 4, 5, 6, 11, 8, 9, 10};
        Metric.Builder counts = lockMetric(schema, table, "sql_lock_waits_total");
        Metric.Builder times = lockMetric(schema, table, "sql_lock_waits_seconds_total");
        for (int i = 0; i < sqlFields.length; i++) {
          counts.field(sqlFields[i], rs.getDouble(countCols[i]));
          times.field(sqlFields[i], rs.getDouble(countCols[i] + 10) / PICO);
        }
        emit(acc, counts.build());
        emit(
            acc,
            lockMetric(schema, table, "external_lock_waits_total")
                .field("read", rs.getDouble(7))
                .field("write", rs.getDouble(12))
                .build());
        emit(acc, times.build());
        emit(
            acc,
            lockMetric(schema, table, "external_lock_waits_seconds_total")
                .field("read", rs.getDouble(17) / PICO)
                .field("write", rs.getDouble(22) / PICO)
                .build());
      }
    }
  }

  private Metric.Builder lockMetric(String schema, String table, String perfQuery) {
    return metric("mysql_perf_schema")
        .tag("schema", schema)
        .tag("table", table)
        .tag("perf_query", perfQuery);
  }

  private void eventWaits(Connection c, Accumulator acc) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(EVENT_WAITS)) {
      while (rs.next()) {
        emit(
            acc,
            metric("mysql_perf_schema")
                .tag("event_name", nz(rs.getString(1)))
                .field("events_waits_total", rs.getDouble(2))
                .field("events_waits_seconds_total", rs.getDouble(3) / PICO)
                .build());
      }
    }
  }

  private void fileEvents(Connection c, Accumulator acc) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(FILE_EVENTS)) {
      while (rs.next()) {
        String event = nz(rs.getString(1));
        emit(
            acc,
            fileMetric(event, "misc")
                .field("file_events_total", rs.getDouble(8))
                .field("file_events_seconds_total", rs.getDouble(9) / PICO)
                .build());
        emit(
            acc,
            fileMetric(event, "read")
                .field("file_events_total", rs.getDouble(2))
                .field("file_events_seconds_total", rs.getDouble(3) / PICO)
                .field("file_events_bytes_totals", rs.getDouble(4))
                .build());
        emit(
            acc,
            fileMetric(event, "write")
                .field("file_events_total", rs.getDouble(5))
                .field("file_events_seconds_total", rs.getDouble(6) / PICO)
                .field("file_events_bytes_totals", rs.getDouble(7))
                .build());
      }
    }
  }

  private Metric.Builder fileMetric(String event, String mode) {
    return metric("mysql_perf_schema").tag("event_name", event).tag("mode", mode);
  }

  private void eventsStatements(Connection c, Accumulator acc) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(EVENTS_STATEMENTS)) {
      ps.setLong(1, config.perfEventsStatementsDigestTextLimit());
      ps.setLong(2, config.perfEventsStatementsTimeLimit());
      ps.setLong(3, config.perfEventsStatementsLimit());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          emit(
              acc,
              metric("mysql_perf_schema")
                  .tag("schema", nz(rs.getString(1)))
                  .tag("digest", nz(rs.getString(2)))
                  .tag("digest_text", nz(rs.getString(3)))
                  .field("events_statements_total", rs.getDouble(4))
                  .field("events_statements_seconds_total", rs.getDouble(5) / PICO)
                  .field("events_statements_errors_total", rs.getDouble(6))
                  .field("events_statements_warnings_total", rs.getDouble(7))
                  .field("events_statements_rows_affected_total", rs.getDouble(8))
                  .field("events_statements_rows_sent_total", rs.getDouble(9))
                  .field("events_statements_rows_examined_total", rs.getDouble(10))
                  .field("events_statements_tmp_disk_tables_total", rs.getDouble(11))
                  .field("events_statements_tmp_tables_total", rs.getDouble(12))
                  .field("events_statements_sort_merge_passes_total", rs.getDouble(13))
                  .field("events_statements_sort_rows_total", rs.getDouble(14))
                  .field("events_statements_no_index_used_total", rs.getDouble(15))
                  .build());
        }
      }
    }
  }

  private void tableSchema(Connection c, Accumulator acc) throws SQLException {
    List<String> dbs = config.tableSchemaDatabases();
    if (dbs.isEmpty()) {
      dbs = new ArrayList<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(SCHEMAS)) {
        while (rs.next()) {
          dbs.add(rs.getString(1));
        }
      }
    }
    boolean v1 = metricVersion < 2;
    try (PreparedStatement ps = c.prepareStatement(TABLE_SCHEMA)) {
      for (String db : dbs) {
        ps.setString(1, db);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String schema = nz(rs.getString(1));
            String table = nz(rs.getString(2));
            double version = rs.getDouble(5);
            double rows = rs.getDouble(7);
            double dataLength = rs.getDouble(8);
            double indexLength = rs.getDouble(9);
            double dataFree = rs.getDouble(10);
            if (v1) {
              emit(
                  acc,
                  tableMetric("info_schema_table_rows", schema, table)
                      .field("value", rows)
                      .build());
              emit(acc, sizeMetric("data_length", schema, table, dataLength));
              emit(acc, sizeMetric("index_length", schema, table, indexLength));
              emit(acc, sizeMetric("data_free", schema, table, dataFree));
            } else {
              String m = "mysql_table_schema";
              emit(acc, tableMetric(m, schema, table).field("rows", rows).build());
              emit(acc, tableMetric(m, schema, table).field("data_length", dataLength).build());
              emit(acc, tableMetric(m, schema, table).field("index_length", indexLength).build());
              emit(acc, tableMetric(m, schema, table).field("data_free", dataFree).build());
            }
            emit(
                acc,
                tableMetric(
                        v1 ? "info_schema_table_version" : "mysql_table_schema_version",
                        schema,
                        table)
                    .tag("type", nz(rs.getString(3)))
                    .tag("engine", nz(rs.getString(4)))
                    .tag("row_format", nz(rs.getString(6)))
                    .tag("create_options", nz(rs.getString(11)))
                    .field(v1 ? "value" : "table_version", version)
                    .build());
          }
        }
      }
    }
  }

  private Metric.Builder tableMetric(String name, String schema, String table) {
    return metric(name).tag("schema", schema).tag("table", table);
  }

  private Metric sizeMetric(String component, String schema, String table, double value) {
    return tableMetric("info_schema_table_size_" + component, schema, table)
        .tag("component", component)
        .field("value", value)
        .build();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
