package io.jagent.inputs.prometheus;

import io.jagent.spi.Metric;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns parsed samples and series into Telegraf's metrics (metric_version 1 or 2, classic text or
 * OpenMetrics), adding the scrape's own tags (url) which replace labels of the same name.
 */
final class MetricMapper {
  private static final String PROMETHEUS = "prometheus";
  private static final String OPENMETRIC = "openmetric";

  private final int version;
  private final boolean openMetrics;
  private final boolean ignoreTimestamp;
  private final long nowNanos;
  private final String[] extraTags;
  private final Consumer<Metric> out;
  private final Map<Long, String> formatted = new HashMap<>();
  private final Map<String, String> fieldNames = new HashMap<>();

  /**
   * @param extraTags pairs k0, v0, ... set on every metric (replacing labels of that name)
   */
  MetricMapper(
      int version,
      boolean openMetrics,
      boolean ignoreTimestamp,
      long nowNanos,
      String[] extraTags,
      Consumer<Metric> out) {
    this.version = version;
    this.openMetrics = openMetrics;
    this.ignoreTimestamp = ignoreTimestamp && !openMetrics;
    this.nowNanos = nowNanos;
    this.extraTags = extraTags;
    this.out = out;
  }

  int version() {
    return version;
  }

  private String measurement(Family f) {
    if (version == 2) {
      return openMetrics ? OPENMETRIC : PROMETHEUS;
    }
    return f.name;
  }

  private long time(long tsMs) {
    if (tsMs == Long.MIN_VALUE || ignoreTimestamp || (!openMetrics && tsMs <= 0)) {
      return nowNanos;
    }
    return tsMs * 1_000_000L;
  }

  String format(double v) {
    if (formatted.size() > 4096) {
      formatted.clear();
    }
    return formatted.computeIfAbsent(Double.doubleToRawLongBits(v), b -> GoFloat.formatG(v));
  }

  /** {@code prefix + suffix}, memoized (field names of v2 are built per series otherwise). */
  private String concat(String prefix, String suffix) {
    String key = prefix + '\u0000' + suffix;
    String s = fieldNames.get(key);
    if (s == null) {
      if (fieldNames.size() > 4096) {
        fieldNames.clear();
      }
      s = prefix + suffix;
      fieldNames.put(key, s);
    }
    return s;
  }

  private Metric.Builder builder(Family f, String[] labels, int n, long tsMs) {
    Metric.Builder b = Metric.builder(measurement(f)).type(f.kind.metricType).time(time(tsMs));
    for (int i = 0; i < n; i += 2) {
      String v = labels[i + 1];
      if (!v.isEmpty()) {
        b.tag(labels[i], v);
      }
    }
    if (f.unit != null && !f.unit.isEmpty()) {
      b.tag("unit", f.unit);
    }
    for (int i = 0; i < extraTags.length; i += 2) {
      b.tag(extraTags[i], extraTags[i + 1]);
    }
    return b;
  }

  /** A counter, gauge, untyped (OpenMetrics unknown) sample. NaN values are dropped. */
  void simple(Family f, String[] labels, int n, double value, long tsMs) {
    if (Double.isNaN(value)) {
      return;
    }
    String field;
    if (version == 2) {
      field = f.name;
    } else {
      field =
          switch (f.kind) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            default -> "value";
          };
    }
    out.accept(builder(f, labels, n, tsMs).field(field, value).build());
  }

  /** A grouped series (summary, histogram, info, stateset) at the end of the parse. */
  void series(Family f, Series s) {
    switch (f.kind) {
      case SUMMARY -> summary(f, s);
      case HISTOGRAM, GAUGE_HISTOGRAM -> histogram(f, s);
      case INFO -> info(f, s);
      case STATESET -> stateset(f, s);
      default -> throw new IllegalStateException("not grouped: " + f.kind);
    }
  }

  private void summary(Family f, Series s) {
    double count = GoFloat.unsignedToDouble(GoFloat.toUint64(s.count));
    if (Double.isNaN(s.count)) {
      count = 0;
    }
    int n = s.labels.length;
    if (version == 2) {
      Metric.Builder b = builder(f, s.labels, n, s.timestampMs);
      b.field(concat(f.name, "_count"), count).field(concat(f.name, "_sum"), s.sum);
      if (s.hasCreated) {
        b.field(concat(f.name, "_created"), createdQuirk(s));
      }
      out.accept(b.build());
      for (int i = 0; i < s.n; i++) {
        out.accept(
            builder(f, s.labels, n, s.timestampMs)
                .tag("quantile", format(s.bounds[i]))
                .field(f.name, s.values[i])
                .build());
      }
      return;
    }
    Metric.Builder b = builder(f, s.labels, n, s.timestampMs);
    for (int i = 0; i < s.n; i++) {
      if (!Double.isNaN(s.values[i])) {
        b.field(format(s.bounds[i]), s.values[i]);
      }
    }
    b.field("count", count).field("sum", s.sum);
    if (s.hasCreated) {
      b.field("created", s.createdSeconds + s.createdNanos / 1e9);
    }
    out.accept(b.build());
  }

  /** Telegraf's created value: seconds + nanos (not nanos / 1e9), see reference §4.3. */
  private static double createdQuirk(Series s) {
    return (double) s.createdSeconds + (double) s.createdNanos;
  }

  private static double histogramCount(double v) {
    if (Double.isNaN(v)) {
      return 0;
    }
    double u = GoFloat.unsignedToDouble(GoFloat.toUint64(v));
    return u == v ? u : 0; // a non-integer count makes a "float histogram", read as 0
  }

  private void histogram(Family f, Series s) {
    double count = histogramCount(s.count);
    int n = s.labels.length;
    if (version == 2) {
      Metric.Builder b = builder(f, s.labels, n, s.timestampMs);
      b.field(concat(f.name, "_count"), count).field(concat(f.name, "_sum"), s.sum);
      if (s.hasCreated) {
        b.field(concat(f.name, "_created"), createdQuirk(s));
      }
      out.accept(b.build());
      boolean infSeen = false;
      String bucket = concat(f.name, "_bucket");
      for (int i = 0; i < s.n; i++) {
        infSeen |= s.bounds[i] == Double.POSITIVE_INFINITY;
        out.accept(
            builder(f, s.labels, n, s.timestampMs)
                .tag("le", format(s.bounds[i]))
                .field(bucket, histogramCount(s.values[i]))
                .build());
      }
      if (!infSeen) {
        out.accept(
            builder(f, s.labels, n, s.timestampMs).tag("le", "+Inf").field(bucket, count).build());
      }
      return;
    }
    Metric.Builder b = builder(f, s.labels, n, s.timestampMs);
    for (int i = 0; i < s.n; i++) {
      b.field(format(s.bounds[i]), histogramCount(s.values[i]));
    }
    b.field("count", count).field("sum", s.sum);
    if (s.hasCreated) {
      b.field("created", createdQuirk(s));
    }
    out.accept(b.build());
  }

  private void info(Family f, Series s) {
    Metric.Builder b = builder(f, s.labels, s.labels.length, s.timestampMs);
    b.unsignedField(version == 2 ? concat(f.name, "_info") : "info", 1L);
    out.accept(b.build());
  }

  private void stateset(Family f, Series s) {
    int n = s.labels.length;
    if (version == 2) {
      for (int i = 0; i < s.n; i++) {
        out.accept(
            builder(f, s.labels, n, s.timestampMs)
                .field(concat(f.name + "_", s.states[i].replace(' ', '_')), s.values[i] != 0)
                .build());
      }
      return;
    }
    Metric.Builder b = builder(f, s.labels, n, s.timestampMs);
    for (int i = 0; i < s.n; i++) {
      b.field(s.states[i].replace(' ', '_'), s.values[i] != 0);
    }
    if (b.fieldCount() > 0) {
      out.accept(b.build());
    }
  }
}
