package io.jagent.spi.lineprotocol;

import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Influx line protocol exactly as Telegraf's influx serializer writes it (reference agent.md §16):
 * escaping, sorted tags, {@code i}/{@code u} suffixes, floats in plain shortest form, NaN/Inf
 * fields dropped, metrics without a serializable field skipped. Thread-safe and stateless: the hot
 * path {@link #append(Metric, LineBuffer)} writes UTF-8 bytes straight into a caller-owned, reused
 * {@link LineBuffer}.
 */
public final class LineProtocolSerializer {
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

  private final boolean sortFields;
  private final boolean uintSupport;
  private final boolean omitTimestamp;
  private final int maxLineBytes;

  public LineProtocolSerializer(boolean sortFields, boolean uintSupport, boolean omitTimestamp) {
    this(sortFields, uintSupport, omitTimestamp, 0);
  }

  /**
   * @param maxLineBytes when &gt; 0, a metric whose line would be longer is split into several
   *     lines with the same series and timestamp, each holding a subset of the fields (Telegraf's
   *     {@code influx_max_line_bytes}); a field that cannot fit even alone skips the metric
   */
  public LineProtocolSerializer(
      boolean sortFields, boolean uintSupport, boolean omitTimestamp, int maxLineBytes) {
    this.sortFields = sortFields;
    this.uintSupport = uintSupport;
    this.omitTimestamp = omitTimestamp;
    this.maxLineBytes = Math.max(0, maxLineBytes);
  }

  /** Telegraf's defaults for outputs: insertion field order, uint as int, with timestamp. */
  public static LineProtocolSerializer defaults() {
    return new LineProtocolSerializer(false, false, false);
  }

  /** As {@code --test} prints: sorted fields, {@code u} suffix for unsigned. */
  public static LineProtocolSerializer forTest() {
    return new LineProtocolSerializer(true, true, false);
  }

  /**
   * Writes one line (or, with a maximum line length, several) including the trailing {@code \n} as
   * UTF-8. Returns false (and writes nothing) when the metric cannot be serialized (empty name, no
   * serializable field, a field too long for the maximum line length).
   */
  public boolean write(Metric m, OutputStream out) throws IOException {
    LineBuffer b = new LineBuffer(256);
    if (!append(m, b)) {
      return false;
    }
    b.writeTo(out);
    return true;
  }

  /** The line without {@code \n}, or null when the metric cannot be serialized. */
  public String toLine(Metric m) {
    LineBuffer b = new LineBuffer(256);
    if (!append(m, b)) {
      return null;
    }
    return new String(b.array(), 0, b.size() - 1, StandardCharsets.UTF_8);
  }

  /**
   * Appends the metric's line(s) to {@code out}. Returns false, leaving {@code out} as it was, when
   * the metric cannot be serialized; {@link #skipReason} then tells why.
   */
  public boolean append(Metric m, LineBuffer out) {
    String name = m.name();
    if (name.isEmpty()) {
      return false;
    }
    int start = out.size();
    escape(out, name, name.length(), false);
    int tags = m.tagCount();
    for (int i = 0; i < tags; i++) {
      String k = m.tagKey(i);
      String v = m.tagValue(i);
      int kl = withoutTrailingBackslashes(k);
      int vl = withoutTrailingBackslashes(v);
      if (kl == 0 || vl == 0) {
        continue;
      }
      out.write(',');
      escape(out, k, kl, true);
      out.write('=');
      escape(out, v, vl, true);
    }
    out.write(' ');
    int headerEnd = out.size();
    int footerLen = footerLength(m);

    int[] order = sortFields ? sortedFieldOrder(m) : null;
    int n = m.fieldCount();
    int lineStart = start;
    int onLine = 0;
    int written = 0;
    for (int j = 0; j < n; j++) {
      int i = order == null ? j : order[j];
      String key = m.fieldKey(i);
      Object value = m.fieldValue(i);
      if (key.isEmpty() || !serializable(value)) {
        continue;
      }
      int mark = out.size();
      if (onLine > 0) {
        out.write(',');
      }
      int pairStart = out.size();
      escape(out, key, key.length(), true);
      out.write('=');
      value(out, value);
      if (maxLineBytes > 0 && out.size() - lineStart + footerLen > maxLineBytes) {
        if (onLine == 0) {
          out.truncate(start);
          return false;
        }
        byte[] pair = java.util.Arrays.copyOfRange(out.array(), pairStart, out.size());
        out.truncate(mark);
        footer(out, m);
        lineStart = out.size();
        out.appendOwn(start, headerEnd);
        out.write(pair, 0, pair.length);
        onLine = 0;
        if (out.size() - lineStart + footerLen > maxLineBytes) {
          out.truncate(start);
          return false;
        }
      }
      onLine++;
      written++;
    }
    if (written == 0) {
      out.truncate(start);
      return false;
    }
    footer(out, m);
    return true;
  }

  /** Why {@link #append} refuses {@code m} ({@code null} when it does not); cold path. */
  public String skipReason(Metric m) {
    if (m.name().isEmpty()) {
      return "invalid name";
    }
    if (append(m, new LineBuffer(256))) {
      return null;
    }
    for (int i = 0; i < m.fieldCount(); i++) {
      if (!m.fieldKey(i).isEmpty() && serializable(m.fieldValue(i))) {
        return "need more space";
      }
    }
    return "no serializable fields";
  }

  private static boolean serializable(Object value) {
    if (value instanceof Double d) {
      return !d.isNaN() && !d.isInfinite();
    }
    return value != null;
  }

  private int footerLength(Metric m) {
    if (omitTimestamp || !m.hasTime()) {
      return 1;
    }
    return 2 + Long.toString(m.timeNanos()).length();
  }

  private void footer(LineBuffer out, Metric m) {
    if (!omitTimestamp && m.hasTime()) {
      out.write(' ');
      out.decimal(m.timeNanos());
    }
    out.write('\n');
  }

  private void value(LineBuffer out, Object value) {
    if (value instanceof Double d) {
      FloatFormat.append(d, out);
    } else if (value instanceof Long l) {
      out.decimal(l);
      out.write('i');
    } else if (value instanceof Unsigned u) {
      if (uintSupport) {
        out.unsignedDecimal(u.bits());
        out.write('u');
      } else {
        out.decimal(u.bits() < 0 ? Long.MAX_VALUE : u.bits());
        out.write('i');
      }
    } else if (value instanceof Boolean b) {
      byte[] t = b ? TRUE : FALSE;
      out.write(t, 0, t.length);
    } else {
      String s = value.toString();
      out.write('"');
      for (int i = 0, n = s.length(); i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          if (c == '"' || c == '\\') {
            out.write('\\');
          }
          out.write(c);
        } else {
          out.utf8(s, i, c);
        }
      }
      out.write('"');
    }
  }

  private static int withoutTrailingBackslashes(String s) {
    int n = s.length();
    while (n > 0 && s.charAt(n - 1) == '\\') {
      n--;
    }
    return n;
  }

  /** Measurement ({@code equals == false}) or key/tag-value escaping of {@code s[0, len)}. */
  private static void escape(LineBuffer out, String s, int len, boolean equals) {
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        out.utf8(s, i, c);
        continue;
      }
      switch (c) {
        case ',' -> {
          out.write('\\');
          out.write(',');
        }
        case ' ' -> {
          out.write('\\');
          out.write(' ');
        }
        case '\t' -> {
          out.write('\\');
          out.write('t');
        }
        case '\n' -> {
          out.write('\\');
          out.write('n');
        }
        case '\f' -> {
          out.write('\\');
          out.write('f');
        }
        case '\r' -> {
          out.write('\\');
          out.write('r');
        }
        case '=' -> {
          if (equals) {
            out.write('\\');
          }
          out.write('=');
        }
        default -> out.write(c);
      }
    }
  }

  private static int[] sortedFieldOrder(Metric m) {
    int n = m.fieldCount();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      int pos = i;
      String k = m.fieldKey(i);
      while (pos > 0 && m.fieldKey(order[pos - 1]).compareTo(k) > 0) {
        order[pos] = order[pos - 1];
        pos--;
      }
      order[pos] = i;
    }
    return order;
  }

  public boolean sortFields() {
    return sortFields;
  }

  public boolean uintSupport() {
    return uintSupport;
  }

  public boolean omitTimestamp() {
    return omitTimestamp;
  }

  public int maxLineBytes() {
    return maxLineBytes;
  }
}
