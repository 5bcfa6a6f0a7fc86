package io.jagent.inputs.mysql;

import io.jagent.spi.Unsigned;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Go-compatible number parsing ({@code strconv.ParseInt/ParseUint/ParseFloat}) and Telegraf's v1
 * and v2 value rules. A parse failure is a {@link NumberFormatException} or a null return, as
 * documented per method.
 */
final class Values {
  private Values() {}

  private static final Pattern DECIMAL_FLOAT =
      Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  /** strconv.ParseInt(s, 10, 64), or null. */
  static Long parseInt(String s) {
    int start = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
    if (s.length() == start || !asciiDigits(s, start)) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null; // out of range
    }
  }

  /** strconv.ParseUint(s, 10, 64) (no sign allowed), or null. */
  static Unsigned parseUint(String s) {
    if (s.isEmpty() || !asciiDigits(s, 0)) {
      return null;
    }
    try {
      return new Unsigned(Long.parseUnsignedLong(s));
    } catch (NumberFormatException e) {
      return null; // out of range
    }
  }

  /** strconv.ParseFloat(s, 64) for decimal syntax, inf/infinity/nan in any case; or null. */
  static Double parseFloat(String s) {
    if (DECIMAL_FLOAT.matcher(s).matches()) {
      double d = Double.parseDouble(s);
      return Double.isInfinite(d) ? null : d; // Go: out of range is an error
    }
    String t = s.toLowerCase(Locale.ROOT);
    boolean neg = t.startsWith("-");
    if (t.startsWith("+") || t.startsWith("-")) {
      t = t.substring(1);
    } else if (t.equals("nan")) {
      return Double.NaN;
    }
    if (t.equals("inf") || t.equals("infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return null;
  }

  private static boolean asciiDigits(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * The generic v2 rule ({@code v2.ParseValue}): YES/NO any case or exactly ON/OFF → 1/0; int64;
   * uint64; float64; else the non-empty string. Null for an empty value.
   */
  static Object v2Value(String s) {
    if (s.equalsIgnoreCase("YES") || s.equals("ON")) {
      return 1L;
    }
    if (s.equalsIgnoreCase("NO") || s.equals("OFF")) {
      return 0L;
    }
    Object v = parseInt(s);
    if (v == null) {
      v = parseUint(s);
    }
    if (v == null) {
      v = parseFloat(s);
    }
    if (v == null && !s.isEmpty()) {
      v = s;
    }
    return v;
  }

  /**
   * v1's float rule for variables and replica status: Yes/ON → 1, No/OFF → 0, else float or null.
   */
  static Double v1Float(String s) {
    if (s.equals("Yes") || s.equals("ON")) {
      return 1.0;
    }
    if (s.equals("No") || s.equals("OFF")) {
      return 0.0;
    }
    return parseFloat(s);
  }

  /** v2's {@code ParseBoolAsInteger}: YES/ON in any case → 1, anything else → 0. */
  static long boolAsInteger(String s) {
    return s.equalsIgnoreCase("YES") || s.equalsIgnoreCase("ON") ? 1L : 0L;
  }
}
