package io.jagent.inputs.prometheus;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Go's float syntax and formatting, as the exposition parsers and Telegraf's mapping use them. */
final class GoFloat {
  private GoFloat() {}

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /**
   * Go's {@code strconv.ParseFloat(s, 64)} over {@code b[off, end)}: decimal, exponent, {@code
   * NaN}, {@code [+-]Inf}, {@code [+-]Infinity} (any case); no hex floats, no underscores.
   *
   * @throws NumberFormatException for text Go rejects (also values out of range)
   */
  static double parse(byte[] b, int off, int end) {
    int i = off;
    if (i >= end) {
      throw new NumberFormatException();
    }
    boolean neg = false;
    byte c = b[i];
    if (c == '+' || c == '-') {
      neg = c == '-';
      i++;
      if (i >= end) {
        throw new NumberFormatException();
      }
      c = b[i];
      if (c == 'i' || c == 'I') {
        return special(b, i, end, neg, false);
      }
    } else if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {
      return special(b, i, end, false, true);
    }
    // fast path: plain decimal with at most 18 significant digits
    long mant = 0;
    int digits = 0;
    int exp10 = 0;
    boolean sawDigit = false;
    boolean sawDot = false;
    boolean exact = true;
    for (; i < end; i++) {
      c = b[i];
      if (c >= '0' && c <= '9') {
        sawDigit = true;
        if (digits < 18) {
          if (mant != 0 || c != '0') {
            mant = mant * 10 + (c - '0');
            digits++;
          }
          if (sawDot) {
            exp10--;
          }
        } else {
          exact = false;
          if (!sawDot) {
            exp10++;
          }
        }
      } else if (c == '.' && !sawDot) {
        sawDot = true;
      } else {
        break;
      }
    }
    if (!sawDigit) {
      throw new NumberFormatException();
    }
    if (i < end) {
      c = b[i];
      if (c != 'e' && c != 'E') {
        throw new NumberFormatException();
      }
      i++;
      boolean eneg = false;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        eneg = b[i] == '-';
        i++;
      }
      if (i >= end) {
        throw new NumberFormatException();
      }
      int e = 0;
      for (; i < end; i++) {
        c = b[i];
        if (c < '0' || c > '9') {
          throw new NumberFormatException();
        }
        if (e < 100_000) {
          e = e * 10 + (c - '0');
        }
      }
      exp10 += eneg ? -e : e;
    }
    double v;
    if (exact && mant < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
      v = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
    } else if (mant == 0) {
      v = 0;
    } else {
      String s = new String(b, off, end - off, java.nio.charset.StandardCharsets.ISO_8859_1);
      v = Math.abs(Double.parseDouble(s));
      if (Double.isInfinite(v)) {
        throw new NumberFormatException("value out of range");
      }
    }
    return neg ? -v : v;
  }

  private static double special(byte[] b, int i, int end, boolean neg, boolean allowNan) {
    int n = end - i;
    if ((n == 3 && eqIgnoreCase(b, i, "inf")) || (n == 8 && eqIgnoreCase(b, i, "infinity"))) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (allowNan && n == 3 && eqIgnoreCase(b, i, "nan")) {
      return Double.NaN;
    }
    throw new NumberFormatException();
  }

  private static boolean eqIgnoreCase(byte[] b, int off, String s) {
    for (int k = 0; k < s.length(); k++) {
      int c = b[off + k] | 0x20;
      if (c != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Parses a Java string with {@link #parse(byte[], int, int)}'s rules (and the p/P/_ check). */
  static double parse(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (byte x : b) {
      if (x == 'p' || x == 'P' || x == '_') {
        throw new NumberFormatException();
      }
    }
    return parse(b, 0, b.length);
  }

  /** Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} / {@code fmt.Sprint(v)}. */
  static String formatG(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    BigDecimal shortest = shortest(v);
    String digits = shortest.unscaledValue().abs().toString();
    int exp = shortest.precision() - shortest.scale() - 1; // decimal exponent of first digit
    StringBuilder sb = new StringBuilder(24);
    if (v < 0) {
      sb.append('-');
    }
    if (exp < -4 || exp >= 6) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int ae = Math.abs(exp);
      if (ae < 10) {
        sb.append('0');
      }
      sb.append(ae);
    } else if (exp < 0) {
      sb.append("0.");
      for (int k = -1; k > exp; k--) {
        sb.append('0');
      }
      sb.append(digits);
    } else if (digits.length() <= exp + 1) {
      sb.append(digits);
      for (int k = digits.length(); k <= exp; k++) {
        sb.append('0');
      }
    } else {
      sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
    return sb.toString();
  }

  /** The shortest decimal that reads back as {@code v} (JDK 17's Double.toString is not). */
  private static BigDecimal shortest(double v) {
    BigDecimal exact = new BigDecimal(v);
    for (int p = 1; p < 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == v) {
        return r.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }

  /** Go's {@code uint64(f)} on amd64 (truncation; NaN/Inf/too large wrap as the CPU does). */
  static long toUint64(double f) {
    if (f < 9.223372036854775807E18) {
      return (long) f;
    }
    double d = f - 9.223372036854775807E18;
    long r = (Double.isNaN(d) || d >= 9.223372036854775807E18) ? Long.MIN_VALUE : (long) d;
    return r ^ Long.MIN_VALUE;
  }

  /** Go's {@code float64(u)} for an unsigned 64-bit value. */
  static double unsignedToDouble(long u) {
    if (u >= 0) {
      return (double) u;
    }
    return ((double) (u >>> 1 | (u & 1))) * 2.0;
  }
}
