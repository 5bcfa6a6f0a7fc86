package io.jagent.outputs.influxdb;

import io.jagent.spi.Secret;
import java.util.List;

/** {@code [[outputs.influxdb_v2]]} (reference influxdb.md §6). */
record InfluxdbV2Config(
    List<Endpoint> urls,
    Secret token,
    String organization,
    String bucket,
    String bucketTag,
    boolean excludeBucketTag,
    String contentEncoding,
    boolean influxUintSupport,
    boolean influxOmitTimestamp,
    HttpSettings http) {

  static final String DEFAULT_CONTENT_ENCODING = "gzip";

  boolean gzip() {
    return contentEncoding.equals("gzip");
  }
}
