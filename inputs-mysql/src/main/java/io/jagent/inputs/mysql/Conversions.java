package io.jagent.inputs.mysql;

import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Telegraf's name and value conversions for {@code SHOW GLOBAL STATUS} and {@code SHOW GLOBAL
 * VARIABLES} rows, metric_version 1 ({@code v1/mysql.go}) and 2 ({@code v2/convert.go}).
 */
final class Conversions {
  private Conversions() {}

  /** v1's status prefix mappings, server prefix → exported prefix, in Telegraf's order. */
  static final List<Map.Entry<String, String>> V1_MAPPINGS =
      List.of(
          Map.entry("Aborted_", "aborted_"),
          Map.entry("Bytes_", "bytes_"),
          Map.entry("Com_", "commands_"),
          Map.entry("Created_", "created_"),
          Map.entry("Handler_", "handler_"),
          Map.entry("Innodb_", "innodb_"),
          Map.entry("Key_", "key_"),
          Map.entry("Open_", "open_"),
          Map.entry("Opened_", "opened_"),
          Map.entry("Qcache_", "qcache_"),
          Map.entry("Table_", "table_"),
          Map.entry("Tokudb_", "tokudb_"),
          Map.entry("Threads_", "threads_"),
          Map.entry("Access_", "access_"),
          Map.entry("Aria__", "aria_"),
          Map.entry("Binlog__", "binlog_"),
          Map.entry("Busy_", "busy_"),
          Map.entry("Connection_", "connection_"),
          Map.entry("Delayed_", "delayed_"),
          Map.entry("Empty_", "empty_"),
          Map.entry("Executed_", "executed_"),
          Map.entry("Feature_", "feature_"),
          Map.entry("Flush_", "flush_"),
          Map.entry("Last_", "last_"),
          Map.entry("Master_", "master_"),
          Map.entry("Max_", "max_"),
          Map.entry("Memory_", "memory_"),
          Map.entry("Not_", "not_"),
          Map.entry("Performance_", "performance_"),
          Map.entry("Prepared_", "prepared_"),
          Map.entry("Rows_", "rows_"),
          Map.entry("Rpl_", "rpl_"),
          Map.entry("Select_", "select_"),
          Map.entry("Slave_", "slave_"),
          Map.entry("Slow_", "slow_"),
          Map.entry("Sort_", "sort_"),
          Map.entry("Subquery_", "subquery_"),
          Map.entry("Tc_", "tc_"),
          Map.entry("Threadpool_", "threadpool_"),
          Map.entry("wsrep_", "wsrep_"),
          Map.entry("Uptime_", "uptime_"));

  /** v1: status names kept although no prefix matches. */
  private static final Map<String, String> V1_SPECIAL =
      Map.of(
          "Queries", "queries",
          "Questions", "questions",
          "Connections", "connections",
          "Syncs", "syncs",
          "Uptime", "uptime");

  private static final Set<String> V2_STATUS_UINT =
      Set.of(
          "innodb_available_undo_logs",
          "innodb_buffer_pool_pages_misc",
          "innodb_data_pending_fsyncs",
          "ssl_ctx_verify_depth",
          "ssl_verify_depth",
          "wsrep_local_index");

  private static final Set<String> V2_STATUS_FLOAT =
      Set.of(
          "wsrep_apply_oooe",
          "wsrep_apply_oool",
          "wsrep_apply_window",
          "wsrep_cert_deps_distance",
          "wsrep_cert_interval",
          "wsrep_commit_oooe",
          "wsrep_commit_oool",
          "wsrep_commit_window",
          "wsrep_flow_control_paused",
          "wsrep_local_recv_queue_avg",
          "wsrep_local_send_queue_avg");

  private static final Set<String> V2_VARIABLE_STRING =
      Set.of(
          "delay_key_write",
          "enforce_gtid_consistency",
          "event_scheduler",
          "session_track_gtids",
          "session_track_transaction_info",
          "ssl_fips_mode",
          "use_secondary_engine",
          "transaction_write_set_extraction",
          "slave_skip_errors");

  private static final Set<String> V2_VARIABLE_BOOL =
      Set.of("have_ssl", "have_openssl", "have_symlink");

  private static final String[] LATENCY_SUFFIXES = {"min", "avg", "max", "stdev", "sample_size"};

  /** One {@code SHOW GLOBAL STATUS} row into {@code b} (measurement {@code mysql}). */
  static void globalStatus(
      int metricVersion, String name, String value, Metric.Builder b, Problems problems) {
    if (metricVersion < 2) {
      globalStatusV1(name, value, b, problems);
    } else {
      globalStatusV2(name, value, b, problems);
    }
  }

  static void globalStatusV1(String name, String value, Metric.Builder b, Problems problems) {
    boolean found = false;
    for (Map.Entry<String, String> m : V1_MAPPINGS) {
      if (!name.startsWith(m.getKey())) {
        continue;
      }
      found = true;
      long v;
      switch (value) {
        case "ON", "true" -> v = 1;
        case "OFF", "false" -> v = 0;
        default -> {
          Long parsed = Values.parseInt(value);
          if (parsed == null) {
            problems.warnOnce(
                name,
                "cannot parse the value of global status "
                    + name
                    + " (\""
                    + value
                    + "\") as an integer; reporting 0");
            v = 0;
          } else {
            v = parsed;
          }
        }
      }
      b.field(m.getValue() + name.substring(m.getKey().length()), v);
    }
    if (!found) {
      String field = V1_SPECIAL.get(name);
      if (field != null) {
        Long parsed = Values.parseInt(value);
        if (parsed == null) {
          problems.error("error parsing mysql " + name + " int value \"" + value + "\"");
        } else {
          b.field(field, parsed.longValue());
        }
      }
    }
  }

  static void globalStatusV2(String name, String value, Metric.Builder b, Problems problems) {
    String key = name.toLowerCase(Locale.ROOT);
    if (value.isEmpty()) {
      return;
    }
    if (V2_STATUS_UINT.contains(key)) {
      Unsigned u = Values.parseUint(value);
      if (u == null) {
        problems.error(statusError(key, value, "invalid unsigned integer"));
      } else {
        b.field(key, u);
      }
    } else if (V2_STATUS_FLOAT.contains(key)) {
      Double d = Values.parseFloat(value);
      if (d == null) {
        problems.error(statusError(key, value, "invalid float"));
      } else {
        b.field(key, d.doubleValue());
      }
    } else if (key.equals("wsrep_evs_repl_latency")) {
      String[] parts = value.split("/", -1);
      if (parts.length != LATENCY_SUFFIXES.length) {
        problems.error(
            statusError(key, value, "expected 5 values separated by '/', got " + parts.length));
        return;
      }
      Double[] vals = new Double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        vals[i] = Values.parseFloat(parts[i]);
        if (vals[i] == null) {
          problems.error(statusError(key, value, "invalid float \"" + parts[i] + "\""));
          return;
        }
      }
      for (int i = 0; i < parts.length; i++) {
        b.field(key + "_" + LATENCY_SUFFIXES[i], vals[i].doubleValue());
      }
    } else {
      Object v = Values.v2Value(value);
      if (v != null) {
        b.field(key, v);
      }
    }
  }

  private static String statusError(String key, String value, String why) {
    return "error parsing mysql global status \"" + key + "\"=\"" + value + "\": " + why;
  }

  private static String variableError(String key, String value, String why) {
    return "error parsing mysql global variable \"" + key + "\"=\"" + value + "\": " + why;
  }

  /**
   * One {@code SHOW GLOBAL VARIABLES} row into {@code b} (measurement {@code mysql_variables});
   * variables whose name contains {@code version} also become tags.
   */
  static void globalVariable(
      int metricVersion, String name, String value, Metric.Builder b, Problems problems) {
    String key = name.toLowerCase(Locale.ROOT);
    if (key.contains("version")) {
      b.field(key, value);
      if (!value.isEmpty()) {
        b.tag(key, value);
      }
    }
    if (metricVersion < 2) {
      Double d = Values.v1Float(value);
      if (d == null) {
        problems.debug(variableError(key, value, "not a number"));
      } else {
        b.field(key, d.doubleValue());
      }
      return;
    }
    if (value.isEmpty()) {
      return;
    }
    if (V2_VARIABLE_STRING.contains(key)) {
      b.field(key, value);
    } else if (V2_VARIABLE_BOOL.contains(key)) {
      b.field(key, Values.boolAsInteger(value));
    } else if (key.equals("gtid_mode")) {
      switch (value) {
        case "OFF", "OFF_PERMISSIVE" -> b.field(key, 0L);
        case "ON", "ON_PERMISSIVE" -> b.field(key, 1L);
        default -> problems.error(variableError(key, value, "unrecognized gtid_mode"));
      }
    } else if (key.equals("wsrep_provider_options")) {
      Unsigned size;
      try {
        size = gcacheSize(value);
      } catch (NumberFormatException e) {
        problems.error(variableError(key, value, e.getMessage()));
        return;
      }
      if (size != null) {
        b.field("wsrep_provider_options_gcache_size", size);
      }
    } else {
      Object v = Values.v2Value(value);
      if (v != null) {
        b.field(key, v);
      }
    }
  }

  /** {@code gcache.size} of wsrep_provider_options in bytes (K/M/G/T/P/E = 1024^n), or null. */
  static Unsigned gcacheSize(String options) {
    for (String opt : options.split(";")) {
      int eq = opt.indexOf('=');
      if (eq < 0 || !opt.substring(0, eq).trim().equals("gcache.size")) {
        continue;
      }
      String v = opt.substring(eq + 1).trim();
      if (v.isEmpty()) {
        throw new NumberFormatException("empty gcache.size");
      }
      int shift = 0;
      char last = Character.toUpperCase(v.charAt(v.length() - 1));
      String digits = v;
      int idx = "KMGTPE".indexOf(last);
      if (idx >= 0) {
        shift = 10 * (idx + 1);
        digits = v.substring(0, v.length() - 1);
      }
      Unsigned n = Values.parseUint(digits);
      if (n == null) {
        throw new NumberFormatException("invalid gcache.size \"" + v + "\"");
      }
      return new Unsigned(n.bits() << shift);
    }
    return null;
  }
}
