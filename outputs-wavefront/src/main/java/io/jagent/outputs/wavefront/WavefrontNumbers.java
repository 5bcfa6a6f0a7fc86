package io.jagent.outputs.wavefront;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Renders a double as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest decimal that
 * reads back as the same double, without exponent and without a trailing {@code .0}.
 */
final class WavefrontNumbers {
  /** Below 2^53 every integral double is an exact long and its shortest form is that long. */
  private static final double EXACT_LONG_LIMIT = 9007199254740992.0;

  private WavefrontNumbers() {}

  static void append(StringBuilder out, double v) {
    if (Double.isNaN(v)) {
      out.append("NaN");
      return;
    }
    if (Double.isInfinite(v)) {
      out.append(v > 0 ? "+Inf" : "-Inf");
      return;
    }
    if (v == 0) {
      out.append(Double.doubleToRawLongBits(v) == 0 ? "0" : "-0");
      return;
    }
    if (v == Math.rint(v) && Math.abs(v) < EXACT_LONG_LIMIT) {
      out.append((long) v);
      return;
    }
    out.append(shortest(v).toPlainString());
  }

  static String format(double v) {
    StringBuilder sb = new StringBuilder(24);
    append(sb, v);
    return sb.toString();
  }

  /**
   * The shortest round-tripping decimal, closest to the exact value among those of that length
   * (what Go prints). JDK 17's {@link Double#toString} is not always the shortest (JDK-4511638), so
   * its digit count is only the starting point: the exact value is rounded to that many digits, and
   * to fewer while the result still reads back as {@code v}. Round-tripping is monotonic in the
   * digit count (a p-digit decimal is also a (p+1)-digit one), so the first failure ends the
   * search.
   */
  private static BigDecimal shortest(double v) {
    BigDecimal exact = new BigDecimal(v);
    int digits = new BigDecimal(Double.toString(v)).stripTrailingZeros().precision();
    BigDecimal best = new BigDecimal(Double.toString(v));
    for (int p = digits; p >= 1; p--) {
      BigDecimal c = roundTripping(exact, p, v);
      if (c == null) {
        break;
      }
      best = c;
    }
    return best.stripTrailingZeros();
  }

  /**
   * The p-digit decimal nearest to {@code exact} that reads back as {@code v}, or null. The nearest
   * one overall is tried first; next to a power of two the interval of decimals that read back as
   * {@code v} is lopsided, so the nearest one on each side is tried too.
   */
  private static BigDecimal roundTripping(BigDecimal exact, int p, double v) {
    BigDecimal c = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
    if (c.doubleValue() == v) {
      return c;
    }
    c = exact.round(new MathContext(p, RoundingMode.CEILING));
    if (c.doubleValue() == v) {
      return c;
    }
    c = exact.round(new MathContext(p, RoundingMode.FLOOR));
    return c.doubleValue() == v ? c : null;
  }
}
