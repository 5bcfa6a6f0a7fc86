package io.jagent.spi;

/** The value type of a metric, as Telegraf's {@code telegraf.ValueType}. */
public enum MetricType {
  UNTYPED,
  COUNTER,
  GAUGE,
  SUMMARY,
  HISTOGRAM
}
