package io.jagent.core.plugins.file;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;

/** {@code [[inputs.file]]} with {@code data_format = "influx"}. */
record FileInputConfig(
    List<String> files, Charset characterEncoding, String fileTag, Duration timestampPrecision) {
  static final Duration DEFAULT_PRECISION = Duration.ofNanos(1);
}
