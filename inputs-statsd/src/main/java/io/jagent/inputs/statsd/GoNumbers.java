package io.jagent.inputs.statsd;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv.ParseFloat}/{@code ParseInt} on a byte range, without allocation for plain
 * decimals (reference §4.3). Java's {@code Double.parseDouble} accepts {@code 1f}, {@code 1d} and
 * whitespace and rejects {@code inf}/{@code nan}, so the syntax is checked here first.
 */
final class GoNumbers {
  /** Returned by {@link #parseFloat} for a syntax error or overflow (a NaN payload never used). */
  static final double INVALID = Double.longBitsToDouble(0x7ff8dead0000beefL);

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  private GoNumbers() {}

  static boolean isInvalid(double d) {
    return Double.doubleToRawLongBits(d) == 0x7ff8dead0000beefL;
  }

  /** The smallest value that can be multiplied by 10 without overflow. */
  private static final long MUL_MIN = Long.MIN_VALUE / 10;

  /** Go ParseInt(s, 10, 64); {@code ok[0]} tells success. */
  static long parseLong(byte[] b, int s, int e, boolean[] ok) {
    ok[0] = false;
    if (s >= e) {
      return 0;
    }
    int i = s;
    boolean neg = false;
    if (b[i] == '+' || b[i] == '-') {
      neg = b[i] == '-';
      i++;
    }
    if (i >= e) {
      return 0;
    }
    long v = 0;
    for (; i < e; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return 0;
      }
      // accumulate negatively to reach Long.MIN_VALUE; no division per digit (C1 calls the
      // runtime for a long division: 1.5% of the agent's CPU with 20-line datagrams)
      if (v < MUL_MIN) {
        return 0;
      }
      v *= 10;
      if (v < Long.MIN_VALUE + d) {
        return 0;
      }
      v -= d;
    }
    if (!neg) {
      if (v == Long.MIN_VALUE) {
        return 0;
      }
      v = -v;
    }
    ok[0] = true;
    return v;
  }

  /** Go's int64(f) on amd64: out of range and NaN give the "integer indefinite" MIN_VALUE. */
  static long goInt64(double f) {
    if (Double.isNaN(f) || f >= 0x1p63 || f < -0x1p63) {
      return Long.MIN_VALUE;
    }
    return (long) f;
  }

  /** Go ParseFloat(s, 64), or {@link #INVALID}. */
  static double parseFloat(byte[] b, int s, int e) {
    int n = e - s;
    if (n <= 0) {
      return INVALID;
    }
    // fast path: [sign] digits [. digits], at most 15 significant digits
    int i = s;
    boolean neg = false;
    if (b[i] == '+' || b[i] == '-') {
      neg = b[i] == '-';
      i++;
    }
    long mant = 0;
    int digits = 0;
    int fracDigits = 0;
    boolean dot = false;
    boolean fast = i < e;
    for (int j = i; j < e && fast; j++) {
      byte c = b[j];
      if (c >= '0' && c <= '9') {
        if (mant != 0 || c != '0') {
          digits++;
        }
        mant = mant * 10 + (c - '0');
        if (dot) {
          fracDigits++;
        }
        if (digits > 15 || fracDigits > 22) {
          fast = false;
        }
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        fast = false;
      }
    }
    if (fast) {
      int len = e - i;
      if (len == 1 && dot) {
        return INVALID; // "."
      }
      double v = fracDigits == 0 ? (double) mant : mant / POW10[fracDigits];
      return neg ? -v : v;
    }
    return slow(b, s, e);
  }

  private static double slow(byte[] b, int s, int e) {
    String str = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    String body = str;
    char sign = 0;
    if (!body.isEmpty() && (body.charAt(0) == '+' || body.charAt(0) == '-')) {
      sign = body.charAt(0);
      body = body.substring(1);
    }
    String lower = body.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity")) {
      return sign == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return sign == 0 ? Double.NaN : INVALID;
    }
    if (body.indexOf('_') >= 0) {
      if (!underscoreOk(str)) {
        return INVALID;
      }
      body = body.replace("_", "");
      lower = body.toLowerCase(java.util.Locale.ROOT);
    }
    boolean hex = lower.startsWith("0x");
    if (!(hex ? validHex(lower) : validDecimal(lower))) {
      return INVALID;
    }
    double v;
    try {
      v = Double.parseDouble(hex ? "0x" + body.substring(2) : body);
    } catch (NumberFormatException ex) {
      return INVALID;
    }
    if (Double.isInfinite(v)) {
      return INVALID; // Go: value out of range
    }
    return sign == '-' ? -v : v;
  }

  private static boolean validDecimal(String s) {
    int i = 0;
    int n = s.length();
    int mantDigits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      mantDigits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        mantDigits++;
      }
    }
    if (mantDigits == 0) {
      return false;
    }
    if (i < n && s.charAt(i) == 'e') {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean validHex(String s) {
    int i = 2;
    int n = s.length();
    int mantDigits = 0;
    while (i < n && isHex(s.charAt(i))) {
      i++;
      mantDigits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isHex(s.charAt(i))) {
        i++;
        mantDigits++;
      }
    }
    if (mantDigits == 0 || i >= n || s.charAt(i) != 'p') {
      return false;
    }
    i++;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int exp = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      exp++;
    }
    return exp > 0 && i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f');
  }

  /** Go's strconv.underscoreOK. */
  private static boolean underscoreOk(String s) {
    char saw = '^';
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      s = s.substring(1);
    }
    boolean hex = false;
    if (s.length() >= 2
        && s.charAt(0) == '0'
        && "box".indexOf(Character.toLowerCase(s.charAt(1))) >= 0) {
      i = 2;
      saw = '0';
      hex = Character.toLowerCase(s.charAt(1)) == 'x';
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      char lc = Character.toLowerCase(c);
      if (isDigit(c) || (hex && lc >= 'a' && lc <= 'f')) {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  /** A float64 printed as Go's {@code %v}: shortest repr, exponent below 1e-4 or from 1e6. */
  static String formatGo(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return Long.toString((long) v);
    }
    java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exp = d.precision() - d.scale() - 1;
    if (exp < -4 || exp >= 6) {
      String digits = d.unscaledValue().abs().toString();
      StringBuilder sb = new StringBuilder();
      if (v < 0) {
        sb.append('-');
      }
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        sb.append('0');
      }
      return sb.append(a).toString();
    }
    return d.toPlainString();
  }
}
