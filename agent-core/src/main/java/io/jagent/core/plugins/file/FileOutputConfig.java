package io.jagent.core.plugins.file;

import java.util.List;

/** {@code [[outputs.file]]} with {@code data_format = "influx"}. */
record FileOutputConfig(
    List<String> files,
    boolean useBatchFormat,
    boolean influxSortFields,
    boolean influxUintSupport,
    boolean influxOmitTimestamp,
    int influxMaxLineBytes) {
  static final List<String> DEFAULT_FILES = List.of("stdout");
  static final String DEFAULT_DATA_FORMAT = "influx";
}
