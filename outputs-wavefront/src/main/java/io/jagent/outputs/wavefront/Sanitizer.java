package io.jagent.outputs.wavefront;

/**
 * Name and tag-key sanitising (Telegraf's pass, then the Wavefront SDK's pass) and the quoting of
 * source and tag values, as reference wavefront.md §3 and §6.1.
 */
final class Sanitizer {
  /** How Telegraf sanitises metric names and tag keys. */
  enum Mode {
    /** The listed punctuation, {@code ,} and {@code /} included, becomes {@code -}. */
    DEFAULT,
    /** As DEFAULT but {@code ,} and {@code /} survive ({@code use_strict}). */
    STRICT,
    /**
     * Every code point outside {@code [a-zA-Z0-9_.-]} becomes one {@code -} ({@code use_regex}).
     */
    REGEX
  }

  private static final String DEFAULT_CHARS = "!@#$%^&*()+`'\"[]{}:;<>,?/\\| =";
  private static final boolean[] DEFAULT_BAD = table(DEFAULT_CHARS);
  private static final boolean[] STRICT_BAD =
      table(DEFAULT_CHARS.replace(",", "").replace("/", ""));

  private static final char DELTA = '\u2206';
  private static final char ALT_DELTA = '\u0394';

  private Sanitizer() {}

  private static boolean[] table(String chars) {
    boolean[] t = new boolean[128];
    for (int i = 0; i < chars.length(); i++) {
      t[chars.charAt(i)] = true;
    }
    return t;
  }

  /** Telegraf's sanitising of a metric name or tag key. */
  static String telegraf(String s, Mode mode) {
    if (mode == Mode.REGEX) {
      return regex(s);
    }
    boolean[] bad = mode == Mode.STRICT ? STRICT_BAD : DEFAULT_BAD;
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c < 128 && bad[c]) {
        break;
      }
      i++;
    }
    if (i == n) {
      return s;
    }
    char[] out = s.toCharArray();
    for (; i < n; i++) {
      char c = out[i];
      if (c < 128 && bad[c]) {
        out[i] = '-';
      }
    }
    return new String(out);
  }

  private static boolean regexOk(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }

  private static String regex(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && regexOk(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return s;
    }
    StringBuilder sb = new StringBuilder(n);
    sb.append(s, 0, i);
    while (i < n) {
      int cp = s.codePointAt(i);
      sb.append(regexOk(cp) ? (char) cp : '-');
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  private static boolean sdkOk(char c) {
    return (c >= ',' && c <= '9') // , - . / 0-9
        || (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || c == '_';
  }

  /**
   * The SDK's pass, quoted: every UTF-8 byte outside {@code , - . / 0-9 A-Z a-z _} becomes {@code
   * -}, except a leading {@code ~}, a leading delta ({@code ∆} or {@code Δ}) and a {@code ~} right
   * after it.
   */
  static String sdkQuoted(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    sb.append('"');
    int n = s.length();
    int i = 0;
    if (n > 0 && (s.charAt(0) == DELTA || s.charAt(0) == ALT_DELTA)) {
      sb.append(s.charAt(0));
      i = 1;
    }
    if (i < n && s.charAt(i) == '~') {
      sb.append('~');
      i++;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        sb.append(sdkOk(c) ? c : '-');
      } else if (c < 0x800) {
        sb.append("--");
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append("----");
        i++;
      } else if (Character.isSurrogate(c)) {
        sb.append('-'); // a lone surrogate is encoded as one replacement byte
      } else {
        sb.append("---");
      }
    }
    return sb.append('"').toString();
  }

  /** Go's {@code unicode.IsSpace}. */
  static boolean isGoSpace(char c) {
    if (c < 0x100) {
      return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0;
    }
    return c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  /** True if the value is empty once the SDK trimmed it. */
  static boolean blankAfterTrim(String v) {
    for (int i = 0; i < v.length(); i++) {
      if (!isGoSpace(v.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The SDK's rendering of a source or tag value: trimmed, {@code "} escaped as {@code \"}, a
   * newline as {@code \n}, in double quotes. Backslashes are kept as they are (as the SDK does),
   * except a final one, which becomes {@code -}: the SDK would write {@code "a\"}, which Wavefront
   * cannot parse (deviation, README).
   */
  static void appendQuotedValue(StringBuilder out, String v) {
    int start = 0;
    int end = v.length();
    while (start < end && isGoSpace(v.charAt(start))) {
      start++;
    }
    while (end > start && isGoSpace(v.charAt(end - 1))) {
      end--;
    }
    boolean trailingBackslash = end > start && v.charAt(end - 1) == '\\';
    if (trailingBackslash) {
      end--; // Wavefront reads \" as an escaped quote: "a\" would never end
    }
    out.append('"');
    for (int i = start; i < end; i++) {
      char c = v.charAt(i);
      if (c == '"') {
        out.append("\\\"");
      } else if (c == '\n') {
        out.append("\\n");
      } else {
        out.append(c);
      }
    }
    if (trailingBackslash) {
      out.append('-');
    }
    out.append('"');
  }

  /** UTF-8 length of a string. */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes, cut at a character.
   */
  static String truncateUtf8(String s, int maxBytes) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int len;
      int chars = 1;
      if (c < 0x80) {
        len = 1;
      } else if (c < 0x800) {
        len = 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        len = 4;
        chars = 2;
      } else {
        len = 3;
      }
      if (n + len > maxBytes) {
        return s.substring(0, i);
      }
      n += len;
      i += chars - 1;
    }
    return s;
  }
}
