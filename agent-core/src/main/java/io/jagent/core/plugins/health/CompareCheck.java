package io.jagent.core.plugins.health;

import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import java.util.List;

/**
 * {@code [[outputs.health.compares]]}: every metric that has {@code field} must satisfy every bound
 * given; metrics without the field are skipped. A field that is not numeric (a string) fails the
 * check; booleans count as 1 and 0. A null bound is not set.
 */
record CompareCheck(String field, Double gt, Double ge, Double lt, Double le, Double eq, Double ne)
    implements Check {

  @Override
  public boolean test(List<Metric> batch) {
    boolean ok = true;
    for (int i = 0, n = batch.size(); i < n; i++) {
      Object v = batch.get(i).field(field);
      if (v == null) {
        continue;
      }
      double d;
      if (v instanceof Long l) {
        d = l;
      } else if (v instanceof Double x) {
        d = x;
      } else if (v instanceof Unsigned u) {
        d = unsignedToDouble(u.bits());
      } else if (v instanceof Boolean b) {
        d = b ? 1.0 : 0.0;
      } else {
        return false;
      }
      if (!holds(d)) {
        ok = false;
      }
    }
    return ok;
  }

  boolean holds(double v) {
    return (gt == null || v > gt)
        && (ge == null || v >= ge)
        && (lt == null || v < lt)
        && (le == null || v <= le)
        && (eq == null || v == eq)
        && (ne == null || v != ne);
  }

  private static double unsignedToDouble(long bits) {
    return bits >= 0 ? bits : (double) (bits >>> 1) * 2.0 + (bits & 1);
  }
}
