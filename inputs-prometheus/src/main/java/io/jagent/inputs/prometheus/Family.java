package io.jagent.inputs.prometheus;

import io.jagent.spi.MetricType;
import java.util.LinkedHashMap;
import java.util.Map;

/** One metric family of an exposition while it is parsed. */
final class Family {
  enum Kind {
    COUNTER(MetricType.COUNTER),
    GAUGE(MetricType.GAUGE),
    SUMMARY(MetricType.SUMMARY),
    HISTOGRAM(MetricType.HISTOGRAM),
    UNTYPED(MetricType.UNTYPED),
    GAUGE_HISTOGRAM(MetricType.HISTOGRAM),
    INFO(MetricType.UNTYPED),
    STATESET(MetricType.UNTYPED),
    UNKNOWN(MetricType.UNTYPED);

    final MetricType metricType;

    Kind(MetricType t) {
      this.metricType = t;
    }

    boolean grouped() {
      return this == SUMMARY
          || this == HISTOGRAM
          || this == GAUGE_HISTOGRAM
          || this == INFO
          || this == STATESET;
    }
  }

  final String name;

  /** Null until a TYPE line or (classic text) the first sample fixed it. */
  Kind kind;

  boolean help;
  String unit;

  /** Series of grouped kinds, by label set without le/quantile (insertion order). */
  Map<String, Series> series;

  Family(String name) {
    this.name = name;
  }

  Series series(String key, String[] labels, int n) {
    if (series == null) {
      series = new LinkedHashMap<>();
    }
    Series s = series.get(key);
    if (s == null) {
      s = new Series(java.util.Arrays.copyOf(labels, n));
      series.put(key, s);
    }
    return s;
  }
}
