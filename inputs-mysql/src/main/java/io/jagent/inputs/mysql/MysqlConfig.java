package io.jagent.inputs.mysql;

import io.jagent.spi.Secret;
import io.jagent.spi.tls.TlsClientOptions;
import java.time.Duration;
import java.util.List;

/** The options of {@code [[inputs.mysql]]}, with Telegraf's defaults. DSNs are Secrets. */
record MysqlConfig(
    List<Secret> servers,
    int metricVersion,
    boolean gatherGlobalVariables,
    Duration intervalSlow,
    boolean gatherSlaveStatus,
    boolean gatherReplicaStatus,
    boolean gatherAllSlaveChannels,
    boolean mariadbDialect,
    boolean gatherBinaryLogs,
    boolean gatherProcessList,
    boolean gatherUserStatistics,
    boolean gatherInfoSchemaAutoInc,
    boolean gatherInnodbMetrics,
    boolean gatherTableIoWaits,
    boolean gatherIndexIoWaits,
    boolean gatherTableLockWaits,
    boolean gatherEventWaits,
    boolean gatherFileEventsStats,
    boolean gatherPerfEventsStatements,
    boolean gatherPerfSumPerAccPerEvent,
    List<String> perfSummaryEvents,
    long perfEventsStatementsDigestTextLimit,
    long perfEventsStatementsLimit,
    long perfEventsStatementsTimeLimit,
    boolean gatherTableSchema,
    List<String> tableSchemaDatabases,
    TlsClientOptions tls) {

  /** One local server, {@code tcp(127.0.0.1:3306)/}. */
  static final List<Secret> DEFAULT_SERVERS = List.of(Secret.empty());

  /** Unset means v1 (Telegraf's compatibility default; the sample config sets 2). */
  static final int DEFAULT_METRIC_VERSION = 1;

  static final boolean DEFAULT_GATHER_GLOBAL_VARIABLES = true;
  static final Duration DEFAULT_INTERVAL_SLOW = Duration.ZERO;
  static final long DEFAULT_PERF_EVENTS_STATEMENTS_DIGEST_TEXT_LIMIT = 120;
  static final long DEFAULT_PERF_EVENTS_STATEMENTS_LIMIT = 250;
  static final long DEFAULT_PERF_EVENTS_STATEMENTS_TIME_LIMIT = 86400;

  MysqlConfig {
    servers = List.copyOf(servers);
    perfSummaryEvents = List.copyOf(perfSummaryEvents);
    tableSchemaDatabases = List.copyOf(tableSchemaDatabases);
  }

  static MysqlConfig defaults() {
    return new MysqlConfig(
        DEFAULT_SERVERS,
        DEFAULT_METRIC_VERSION,
        DEFAULT_GATHER_GLOBAL_VARIABLES,
        DEFAULT_INTERVAL_SLOW,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        List.of(),
        DEFAULT_PERF_EVENTS_STATEMENTS_DIGEST_TEXT_LIMIT,
        DEFAULT_PERF_EVENTS_STATEMENTS_LIMIT,
        DEFAULT_PERF_EVENTS_STATEMENTS_TIME_LIMIT,
        false,
        List.of(),
        TlsClientOptions.NONE);
  }

  /** Replica status is gathered when either switch is on. */
  boolean gatherReplication() {
    return gatherSlaveStatus || gatherReplicaStatus;
  }

  /** Variables need interval_slow ≥ 1 s (Telegraf truncates it to whole seconds). */
  boolean variablesEnabled() {
    return gatherGlobalVariables && intervalSlow.getSeconds() >= 1;
  }
}
