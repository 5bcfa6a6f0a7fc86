package io.jagent.spi.lineprotocol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest decimal that parses back to the
 * same double, in plain notation (never an exponent), {@code -0} for negative zero.
 *
 * <p>JDK 17's {@link Double#toString} round-trips but occasionally emits a digit or two more than
 * the shortest form (fixed in JDK 19), so its digits are checked: the value is rounded to fewer
 * significant digits (the closest decimal of that length, also the neighbours below and above at
 * powers of two where the rounding interval is lopsided) and the shortest length that still parses
 * back to the same double wins.
 */
final class FloatFormat {
  private static final double TWO_53 = 9007199254740992.0;

  private FloatFormat() {}

  /** Formats a finite double; NaN and infinities are the caller's business. */
  static String format(double v) {
    if (v == 0) {
      return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
    }
    if (v == Math.rint(v) && Math.abs(v) < TWO_53) {
      // every integer below 2^53 is exact and its own shortest form
      return Long.toString((long) v);
    }
    double a = Math.abs(v);
    BigDecimal jdk = new BigDecimal(Double.toString(a)).stripTrailingZeros();
    BigDecimal best = shorten(a, jdk);
    String s = best.toPlainString();
    return v < 0 ? "-" + s : s;
  }

  /** {@code jdk} round-trips; returns the shortest decimal that does. */
  private static BigDecimal shorten(double a, BigDecimal jdk) {
    int n = jdk.precision();
    if (n <= 1) {
      return jdk;
    }
    BigDecimal exact = new BigDecimal(a);
    boolean lopsided = (Double.doubleToRawLongBits(a) & 0x000f_ffff_ffff_ffffL) == 0;
    BigDecimal c = candidate(exact, n - 1, a, lopsided);
    if (c == null) {
      return jdk; // the usual case: JDK's digits are already the shortest
    }
    // round-tripping is monotonic in the number of digits: binary search the shortest
    BigDecimal best = c;
    int lo = 1;
    int hi = n - 2;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      BigDecimal m = candidate(exact, mid, a, lopsided);
      if (m != null) {
        best = m;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    return best;
  }

  /** A decimal of {@code digits} significant digits that parses to {@code a}, or null. */
  private static BigDecimal candidate(BigDecimal exact, int digits, double a, boolean lopsided) {
    BigDecimal c = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
    if (Double.parseDouble(c.toString()) == a) {
      return c.stripTrailingZeros();
    }
    if (lopsided) {
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.DOWN, RoundingMode.UP}) {
        BigDecimal d = exact.round(new MathContext(digits, mode));
        if (Double.parseDouble(d.toString()) == a) {
          return d.stripTrailingZeros();
        }
      }
    }
    return null;
  }
}
