package io.jagent.inputs.prometheus;

import java.util.Arrays;

/** A summary/histogram (or OpenMetrics info/stateset) series collected from several samples. */
final class Series {
  /** Label pairs k0, v0, k1, v1, ... without le/quantile. */
  final String[] labels;

  double sum;

  /** The raw count sample ({@code NaN} = none). */
  double count = Double.NaN;

  double[] bounds = new double[0];
  double[] values = new double[0];
  int n;

  /** Exposition timestamp in ms; {@link Long#MIN_VALUE} = none. */
  long timestampMs = Long.MIN_VALUE;

  boolean hasCreated;
  long createdSeconds;
  int createdNanos;

  /** OpenMetrics stateset states (parallel to bounds/values: value != 0 = set). */
  String[] states;

  Series(String[] labels) {
    this.labels = labels;
  }

  void add(double bound, double value) {
    if (n == bounds.length) {
      int cap = Math.max(8, n * 2);
      bounds = Arrays.copyOf(bounds, cap);
      values = Arrays.copyOf(values, cap);
    }
    bounds[n] = bound;
    values[n] = value;
    n++;
  }

  void addState(String state, double value) {
    if (states == null) {
      states = new String[8];
    }
    if (n == states.length) {
      states = Arrays.copyOf(states, n * 2);
    }
    states[n] = state;
    add(0, value);
  }
}
