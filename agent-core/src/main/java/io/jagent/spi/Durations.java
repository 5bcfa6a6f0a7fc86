package io.jagent.spi;

import java.time.Duration;

/** Go-style duration parsing, as Telegraf's config and {@code time.ParseDuration}. */
public final class Durations {
  private static final java.util.regex.Pattern BARE_NUMBER =
      java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private Durations() {}

  /**
   * Parses Go duration syntax: {@code "1h30m"}, {@code "1.5s"}, {@code "500ms"}, {@code "-2m"},
   * {@code "0"}. Units ns, us, µs, ms, s, m, h; with {@code allowDays} also d (= 24h), as
   * Telegraf's typed durations.
   *
   * @throws IllegalArgumentException with Go's wording for a bad value
   */
  public static Duration parseGo(String s, boolean allowDays) {
    String orig = s;
    if (s.isEmpty()) {
      throw new IllegalArgumentException("time: invalid duration \"" + orig + "\"");
    }
    boolean neg = false;
    int i = 0;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      neg = s.charAt(0) == '-';
      i = 1;
    }
    if (s.substring(i).equals("0")) {
      return Duration.ZERO;
    }
    if (i == s.length()) {
      throw new IllegalArgumentException("time: invalid duration \"" + orig + "\"");
    }
    java.math.BigDecimal total = java.math.BigDecimal.ZERO;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i || s.substring(start, i).equals(".")) {
        throw new IllegalArgumentException("time: invalid duration \"" + orig + "\"");
      }
      java.math.BigDecimal num;
      try {
        num = new java.math.BigDecimal(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("time: invalid duration \"" + orig + "\"");
      }
      int us = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(us, i);
      long mult =
          switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> allowDays ? 86_400_000_000_000L : -1L;
            case "" -> -2L;
            default -> -1L;
          };
      if (mult == -2L) {
        throw new IllegalArgumentException("time: missing unit in duration \"" + orig + "\"");
      }
      if (mult == -1L) {
        throw new IllegalArgumentException(
            "time: unknown unit \"" + unit + "\" in duration \"" + orig + "\"");
      }
      total = total.add(num.multiply(java.math.BigDecimal.valueOf(mult)));
    }
    long nanos = total.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
    return Duration.ofNanos(neg ? -nanos : nanos);
  }

  /**
   * Telegraf's typed duration given as a string: {@code ""} = 0, a plain number = seconds, else Go
   * syntax with days.
   */
  public static Duration parseTyped(String s) {
    String t = s.trim();
    if (t.isEmpty()) {
      return Duration.ZERO;
    }
    // only a plain decimal number is seconds: Double.parseDouble alone would also take "1d"
    // (Java's double suffix) as 1 second instead of one day
    if (BARE_NUMBER.matcher(t).matches()) {
      return ofSeconds(Double.parseDouble(t));
    }
    return parseGo(t, true);
  }

  public static Duration ofSeconds(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  /** Go's {@code Duration.String()}: {@code 10s}, {@code 1m30s}, {@code 500ms}, {@code 0s}. */
  public static String format(Duration d) {
    long n = d.toNanos();
    if (n == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (n < 0) {
      sb.append('-');
      n = -n;
    }
    if (n < 1_000_000_000L) {
      if (n < 1_000L) {
        return sb.append(n).append("ns").toString();
      } else if (n < 1_000_000L) {
        return sb.append(trim(n / 1e3)).append("µs").toString();
      }
      return sb.append(trim(n / 1e6)).append("ms").toString();
    }
    long h = n / 3_600_000_000_000L;
    n -= h * 3_600_000_000_000L;
    long m = n / 60_000_000_000L;
    n -= m * 60_000_000_000L;
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    sb.append(trim(n / 1e9)).append('s');
    return sb.toString();
  }

  private static String trim(double v) {
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
