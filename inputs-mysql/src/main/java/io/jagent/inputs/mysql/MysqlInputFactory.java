package io.jagent.inputs.mysql;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.PluginContext;
import io.jagent.spi.Secret;
import io.jagent.spi.tls.TlsClientOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code [[inputs.mysql]]}: status, variables and replication of MySQL/MariaDB servers. */
public final class MysqlInputFactory implements InputFactory<MysqlConfig> {

  @Override
  public String name() {
    return "mysql";
  }

  @Override
  public String description() {
    return "Read metrics from one or many mysql servers";
  }

  @Override
  public MysqlConfig parse(ConfigTable t) {
    List<String> rawServers = t.getStringList("servers", List.of(""));
    if (rawServers.isEmpty()) {
      rawServers = List.of("");
    }
    List<Secret> servers = new ArrayList<>(rawServers.size());
    for (String s : rawServers) {
      servers.add(Secret.of(s));
    }
    int metricVersion = t.getInt("metric_version", MysqlConfig.DEFAULT_METRIC_VERSION);
    if (metricVersion < 0 || metricVersion > 2) {
      t.error("metric_version", "must be 1 or 2 (0 or unset means 1), got " + metricVersion);
    }
    if (metricVersion == 0) {
      metricVersion = 1;
    }
    Duration intervalSlow = t.getDuration("interval_slow", MysqlConfig.DEFAULT_INTERVAL_SLOW);
    if (intervalSlow.isNegative()) {
      t.error("interval_slow", "must not be negative");
      intervalSlow = Duration.ZERO;
    }
    // files are read when the input is created; tls_min_version is not an option here
    TlsClientOptions tls =
        TlsClientOptions.parse(t, new TlsClientOptions.Support(false, false, List.of(), false));
    if (!t.getSecret("tls_key_pwd").isEmpty()) {
      t.error("tls_key_pwd", "encrypted keys are not supported; use an unencrypted PKCS#8 key");
    }
    if (!t.getString("tls_server_name", "").isEmpty()) {
      t.error("tls_server_name", "not supported by the MySQL driver");
    }
    MysqlConfig c =
        new MysqlConfig(
            servers,
            metricVersion,
            t.getBoolean("gather_global_variables", MysqlConfig.DEFAULT_GATHER_GLOBAL_VARIABLES),
            intervalSlow,
            t.getBoolean("gather_slave_status", false),
            t.getBoolean("gather_replica_status", false),
            t.getBoolean("gather_all_slave_channels", false),
            t.getBoolean("mariadb_dialect", false),
            t.getBoolean("gather_binary_logs", false),
            t.getBoolean("gather_process_list", false),
            t.getBoolean("gather_user_statistics", false),
            t.getBoolean("gather_info_schema_auto_inc", false),
            t.getBoolean("gather_innodb_metrics", false),
            t.getBoolean("gather_table_io_waits", false),
            t.getBoolean("gather_index_io_waits", false),
            t.getBoolean("gather_table_lock_waits", false),
            t.getBoolean("gather_event_waits", false),
            t.getBoolean("gather_file_events_stats", false),
            t.getBoolean("gather_perf_events_statements", false),
            t.getBoolean("gather_perf_sum_per_acc_per_event", false),
            t.getStringList("perf_summary_events", List.of()),
            nonNegative(
                t,
                "perf_events_statements_digest_text_limit",
                MysqlConfig.DEFAULT_PERF_EVENTS_STATEMENTS_DIGEST_TEXT_LIMIT),
            nonNegative(
                t,
                "perf_events_statements_limit",
                MysqlConfig.DEFAULT_PERF_EVENTS_STATEMENTS_LIMIT),
            nonNegative(
                t,
                "perf_events_statements_time_limit",
                MysqlConfig.DEFAULT_PERF_EVENTS_STATEMENTS_TIME_LIMIT),
            t.getBoolean("gather_table_schema", false),
            t.getStringList("table_schema_databases", List.of()),
            tls);
    for (int i = 0; i < servers.size(); i++) {
      try {
        JdbcTarget.of(Dsn.parse(servers.get(i).reveal()), tls, null);
      } catch (Dsn.DsnException e) {
        // never echo the DSN: it may hold a password
        t.error("servers", "servers[" + i + "]: parsing DSN failed: " + e.getMessage());
      }
    }
    return c;
  }

  private static long nonNegative(ConfigTable t, String key, long def) {
    long v = t.getLong(key, def);
    if (v < 0) {
      t.error(key, "must not be negative");
      return def;
    }
    return v;
  }

  @Override
  public Input create(MysqlConfig config, PluginContext ctx) throws IOException {
    List<Dsn> dsns = new ArrayList<>();
    boolean custom = false;
    for (Secret s : config.servers()) {
      Dsn d = Dsn.parse(s.reveal());
      dsns.add(d);
      custom |= "custom".equals(d.params().get("tls"));
    }
    ClientKeyStore keyStore =
        custom && config.tls().hasClientCert()
            ? ClientKeyStore.create(config.tls().tlsCert(), config.tls().tlsKey())
            : null;
    List<JdbcTarget> targets = new ArrayList<>();
    for (Dsn d : dsns) {
      targets.add(JdbcTarget.of(d, config.tls(), keyStore));
    }
    return new MysqlInput(config, targets, ctx);
  }
}
