package io.jagent.spi;

import java.util.Map;

/**
 * Where inputs put what they collect. Thread-safe. A metric without time ({@link Metric#NO_TIME})
 * gets the gather time; every metric is then rounded to the input's precision, renamed, tagged and
 * filtered by the core before it reaches the outputs.
 */
public interface Accumulator {
  void add(Metric metric);

  /** Reports a failure of this input; counted and logged (rate-limited) by the core. */
  void addError(Throwable error);

  default void addFields(
      String measurement, Map<String, ?> fields, Map<String, String> tags, MetricType type) {
    Metric.Builder b = Metric.builder(measurement).type(type);
    if (tags != null) {
      tags.forEach(b::tag);
    }
    fields.forEach(b::field);
    add(b.build());
  }

  default void addFields(String measurement, Map<String, ?> fields, Map<String, String> tags) {
    addFields(measurement, fields, tags, MetricType.UNTYPED);
  }

  default void addGauge(String measurement, Map<String, ?> fields, Map<String, String> tags) {
    addFields(measurement, fields, tags, MetricType.GAUGE);
  }

  default void addCounter(String measurement, Map<String, ?> fields, Map<String, String> tags) {
    addFields(measurement, fields, tags, MetricType.COUNTER);
  }
}
