package io.jagent.outputs.influxdb;

import io.jagent.spi.Secret;
import java.util.List;

/** {@code [[outputs.influxdb]]} (reference influxdb.md §1). */
record InfluxdbConfig(
    List<Endpoint> urls,
    String database,
    String databaseTag,
    boolean excludeDatabaseTag,
    String retentionPolicy,
    String retentionPolicyTag,
    boolean excludeRetentionPolicyTag,
    boolean skipDatabaseCreation,
    String writeConsistency,
    Secret username,
    Secret password,
    long udpPayload,
    String contentEncoding,
    boolean influxUintSupport,
    boolean influxOmitTimestamp,
    HttpSettings http) {

  static final String DEFAULT_DATABASE = "telegraf";
  static final long DEFAULT_UDP_PAYLOAD = 512;
  static final String DEFAULT_CONTENT_ENCODING = "gzip";

  boolean gzip() {
    return contentEncoding.equals("gzip");
  }
}
