package io.jagent.inputs.statsd;

import java.util.Arrays;

/**
 * Running statistics of one timing/histogram field (Telegraf's RunningStats, reference §6.1):
 * shifted-data mean and population variance, plain sum, bounds, a median window of the last 1000
 * samples and a percentile buffer of up to {@code percentile_limit} samples overwritten at random
 * once full. Buffers grow on demand and only while the aggregator's sample budget allows; beyond it
 * the statistics stay exact and median/percentiles use the samples kept.
 */
final class Timing {
  static final int MEDIAN_LIMIT = 1000;
  private static final int INITIAL = 8;

  long n;
  double k;
  double ex;
  double ex2;
  double sum;
  double upper;
  double lower;
  double[] med;
  int medLen;
  int medPos;
  double[] pct;
  int pctLen;

  /** Adds {@code v} {@code weight} times. */
  void add(double v, long weight, Aggregator.Budget budget, int pctLimit, boolean percentiles) {
    if (n == 0) {
      k = v;
      upper = v;
      lower = v;
    }
    if (weight <= 1000) {
      for (long i = 0; i < weight; i++) {
        n++;
        double d = v - k;
        ex += d;
        ex2 += d * d;
        sum += v;
      }
    } else {
      double d = v - k;
      n += weight;
      ex += weight * d;
      ex2 += weight * d * d;
      sum += weight * v;
    }
    if (v > upper) {
      upper = v;
    } else if (v < lower) {
      lower = v;
    }
    long copies = Math.min(weight, (long) MEDIAN_LIMIT + pctLimit);
    for (long i = 0; i < copies; i++) {
      addMedian(v, budget);
      if (percentiles) {
        addPercentile(v, budget, pctLimit);
      }
    }
  }

  private void addMedian(double v, Aggregator.Budget budget) {
    if (med == null) {
      if (!budget.reserve(INITIAL)) {
        budget.approximated();
        return;
      }
      med = new double[INITIAL];
    }
    if (medLen < med.length) {
      med[medLen++] = v;
      return;
    }
    if (med.length < MEDIAN_LIMIT) {
      int cap = Math.min(MEDIAN_LIMIT, med.length * 2);
      if (budget.reserve(cap - med.length)) {
        med = Arrays.copyOf(med, cap);
        med[medLen++] = v;
        return;
      }
      budget.approximated();
    }
    // window full (or budget exhausted): overwrite the oldest
    med[medPos] = v;
    medPos = (medPos + 1) % medLen;
  }

  private void addPercentile(double v, Aggregator.Budget budget, int limit) {
    if (pct == null) {
      int cap = Math.min(INITIAL, limit);
      if (!budget.reserve(cap)) {
        budget.approximated();
        return;
      }
      pct = new double[cap];
    }
    if (pctLen < limit) {
      if (pctLen < pct.length) {
        pct[pctLen++] = v;
        return;
      }
      int cap = (int) Math.min(limit, pct.length * 2L);
      if (budget.reserve(cap - pct.length)) {
        pct = Arrays.copyOf(pct, cap);
        pct[pctLen++] = v;
        return;
      }
      budget.approximated();
    }
    pct[budget.randomIndex(pctLen)] = v;
  }

  double mean() {
    return k + ex / n;
  }

  double stddev() {
    return Math.sqrt((ex2 - (ex * ex) / n) / n);
  }

  /** Median of the window; uses {@code scratch} (returned, possibly grown). */
  double median(double[] scratch) {
    if (medLen == 0) {
      return 0;
    }
    System.arraycopy(med, 0, scratch, 0, medLen);
    goSort(scratch, medLen);
    int c = medLen;
    return (c & 1) == 1 ? scratch[c / 2] : (scratch[c / 2 - 1] + scratch[c / 2]) / 2;
  }

  /** Sorts the percentile buffer into {@code scratch}; returns the number of samples. */
  int sortPercentiles(double[] scratch) {
    if (pctLen == 0) {
      return 0;
    }
    System.arraycopy(pct, 0, scratch, 0, pctLen);
    goSort(scratch, pctLen);
    return pctLen;
  }

  /**
   * Sorts {@code a[0, len)} as Go's {@code sort.Float64s} does, which Telegraf's median and
   * percentiles use: NaN before every other value ({@code Arrays.sort} puts it last), so a NaN
   * sample moves the median and percentiles the way it does in Telegraf (reference §6.1 [Q]).
   */
  static void goSort(double[] a, int len) {
    Arrays.sort(a, 0, len);
    int nans = 0;
    while (nans < len && Double.isNaN(a[len - 1 - nans])) {
      nans++;
    }
    if (nans > 0 && nans < len) {
      System.arraycopy(a, 0, a, nans, len - nans);
      Arrays.fill(a, 0, nans, Double.NaN);
    }
  }

  static double percentile(double[] sorted, int size, double p) {
    if (size == 0) {
      return 0;
    }
    if (p > 100) {
      p = 100;
    }
    int i = (int) (((double) size * p) / 100.0);
    if (i > size - 1) {
      i = size - 1;
    } else if (i < 0) {
      i = 0;
    }
    return sorted[i];
  }

  void reset() {
    n = 0;
    ex = 0;
    ex2 = 0;
    sum = 0;
    medLen = 0;
    medPos = 0;
    pctLen = 0;
  }

  int reserved() {
    return (med == null ? 0 : med.length) + (pct == null ? 0 : pct.length);
  }
}
