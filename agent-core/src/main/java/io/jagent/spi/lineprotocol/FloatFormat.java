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
 * back to the same double wins; among decimals of that length the closest is taken. That check is
 * costly and only needed where JDK 17 errs. Measured over millions of random doubles: every
 * non-shortest output had 16+ digits and a decimal exponent of 16..20 (or was subnormal, e.g.
 * {@code 4.9E-324} for {@code 5e-324}); non-closest outputs (same length, last digit off) only
 * occurred at exponent 25. So: fewer than 16 digits → taken as is; 16+ digits with exponent in [-7,
 * 15] → an exact but cheap shortness test (two parses); otherwise the full BigDecimal check.
 */
final class FloatFormat {
  private static final double TWO_53 = 9007199254740992.0;

  private FloatFormat() {}

  /** Formats a finite double; NaN and infinities are the caller's business. */
  static String format(double v) {
    LineBuffer b = new LineBuffer(32);
    append(v, b);
    return b.toString();
  }

  /** Appends the formatted finite double as ASCII; no intermediate strings on the common path. */
  static void append(double v, LineBuffer out) {
    if (v == 0) {
      if (Double.doubleToRawLongBits(v) < 0) {
        out.write('-');
      }
      out.write('0');
      return;
    }
    if (v == Math.rint(v) && Math.abs(v) < TWO_53) {
      // every integer below 2^53 is exact and its own shortest form
      out.decimal((long) v);
      return;
    }
    double a = Math.abs(v);
    String s = Double.toString(a);
    // JDK forms: "ddd.ddd" or "d.dddE[-]xx"; collect the significant digits and the point position
    int e = s.indexOf('E');
    int mantEnd = e < 0 ? s.length() : e;
    int exp = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
    char[] digits = new char[mantEnd];
    int n = 0;
    int point = 0;
    boolean seenPoint = false;
    for (int i = 0; i < mantEnd; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        seenPoint = true;
        continue;
      }
      if (n == 0 && c == '0') {
        if (seenPoint) {
          point--; // leading zero after the point moves the point left
        }
        continue;
      }
      digits[n++] = c;
      if (!seenPoint) {
        point++;
      }
    }
    while (n > 0 && digits[n - 1] == '0') {
      n--;
    }
    point += exp;
    // JDK 17 can emit non-shortest digits; measured only with 16+ digits or for subnormals (see
    // class comment), where the exact check runs
    int e10 = point - 1;
    if (a < Double.MIN_NORMAL
        || (n >= 16 && (e10 >= 16 || e10 <= -8 || shorterMayExist(a, digits, n, point)))) {
      BigDecimal jdk = new BigDecimal(s).stripTrailingZeros();
      if (v < 0) {
        out.write('-');
      }
      out.ascii(shorten(a, jdk).toPlainString());
      return;
    }
    if (v < 0) {
      out.write('-');
    }
    if (point <= 0) {
      out.write('0');
      out.write('.');
      for (int i = point; i < 0; i++) {
        out.write('0');
      }
      for (int i = 0; i < n; i++) {
        out.write(digits[i]);
      }
    } else if (point >= n) {
      for (int i = 0; i < n; i++) {
        out.write(digits[i]);
      }
      for (int i = n; i < point; i++) {
        out.write('0');
      }
    } else {
      for (int i = 0; i < point; i++) {
        out.write(digits[i]);
      }
      out.write('.');
      for (int i = point; i < n; i++) {
        out.write(digits[i]);
      }
    }
  }

  /**
   * Whether an (n-1)-digit decimal parses to {@code a}. The JDK's digits D round-trip and the
   * rounding interval is convex, so if any shorter decimal round-trips, D truncated or rounded up
   * to n-1 digits does too: checking those two is exact.
   */
  private static boolean shorterMayExist(double a, char[] digits, int n, int point) {
    if (n <= 1) {
      return false;
    }
    char[] c = new char[n + 16];
    // floor: 0.d1..d(n-1)E<point>
    int len = candidate(c, digits, n - 1, point);
    if (Double.parseDouble(new String(c, 0, len)) == a) {
      return true;
    }
    // ceiling: the truncated digits plus one unit in the last place
    char[] up = java.util.Arrays.copyOf(digits, n - 1);
    int i = n - 2;
    while (i >= 0 && up[i] == '9') {
      up[i] = '0';
      i--;
    }
    int p = point;
    if (i < 0) {
      up[0] = '1';
      p++;
    } else {
      up[i]++;
    }
    len = candidate(c, up, n - 1, p);
    return Double.parseDouble(new String(c, 0, len)) == a;
  }

  private static int candidate(char[] c, char[] digits, int n, int point) {
    int k = 0;
    c[k++] = '0';
    c[k++] = '.';
    for (int i = 0; i < n; i++) {
      c[k++] = digits[i];
    }
    c[k++] = 'E';
    String e = Integer.toString(point);
    for (int i = 0; i < e.length(); i++) {
      c[k++] = e.charAt(i);
    }
    return k;
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
      // JDK's length is the shortest; Go prints the closest decimal of that length
      BigDecimal closest = candidate(exact, n, a, lopsided);
      return closest == null ? jdk : closest;
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
