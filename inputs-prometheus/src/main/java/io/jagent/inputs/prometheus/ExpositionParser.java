package io.jagent.inputs.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the classic text and the OpenMetrics text parsers share: the line loop over a {@link
 * LineReader}, label-set and number lexing on byte ranges, and the hand-over to the {@link
 * MetricMapper}. Counter/gauge/untyped samples are kept compactly in a {@link SampleArena} and
 * grouped series (summary, histogram, ...) as {@link Series}; only once the whole body parsed
 * cleanly are they turned into metrics, so a failing scrape produces none. One instance per scrape.
 */
abstract class ExpositionParser {
  final MetricMapper mapper;
  final StringCache cache = new StringCache(8192);
  final List<Family> groupedFamilies = new ArrayList<>();
  final SampleArena arena = new SampleArena();
  private final int bufferSize;

  /** Label pairs of the current sample, without the special le/quantile/state label. */
  String[] labels = new String[32];

  int nLabels;
  byte[] scratch = new byte[256];
  long lineNo;

  /**
   * The value of the special label (le, quantile, stateset name) of the current sample, or null.
   */
  String specialValue;

  ExpositionParser(MetricMapper mapper, int bufferSize) {
    this.mapper = mapper;
    this.bufferSize = bufferSize;
  }

  /** Parses the whole stream; only on success does the mapper get the metrics. */
  final void parse(InputStream in) throws IOException, ExpositionException {
    LineReader r = new LineReader(in, bufferSize);
    while (r.next()) {
      lineNo = r.lineNo;
      line(r.buf, r.start, r.end, r.terminated);
    }
    end(r.lineNo);
    finish();
  }

  /** After a clean parse: the buffered samples and series become metrics. */
  final void finish() {
    arena.replay(cache, mapper::simple);
    for (Family f : groupedFamilies) {
      if (f.series != null) {
        for (Series s : f.series.values()) {
          mapper.series(f, s);
        }
      }
    }
  }

  /** A counter/gauge/untyped sample with the current labels; NaN values are dropped. */
  final void simple(Family f, double value, long ts) {
    if (!Double.isNaN(value)) {
      if (rawValues) {
        arena.addRaw(f, labels, nLabels, rawSrc, rawOff, valueBuf, value, ts);
      } else {
        arena.add(f, labels, nLabels, value, ts);
      }
    }
  }

  /*
   * Label values of the classic text parser stay byte ranges (of the line, or of valueBuf when
   * they had escapes) until needed as Strings: the arena copies the bytes, so most values never
   * become Strings before the scrape is replayed.
   */
  boolean rawValues;
  byte[][] rawSrc = new byte[16][];
  int[] rawOff = new int[32];
  byte[] valueBuf = new byte[256];
  int valueBufLen;

  /** Adds a label whose value is {@code src[off, off + len)} (valid UTF-8). */
  final void addRawLabel(String name, byte[] src, int off, int len) {
    rawValues = true;
    int pair = nLabels >> 1;
    if (pair >= rawSrc.length) {
      rawSrc = Arrays.copyOf(rawSrc, rawSrc.length * 2);
      rawOff = Arrays.copyOf(rawOff, rawOff.length * 2);
    }
    if (src == scratch) { // unescaped into scratch, which the next value reuses: keep a copy
      if (valueBufLen + len > valueBuf.length) {
        valueBuf = Arrays.copyOf(valueBuf, Math.max(valueBuf.length * 2, valueBufLen + len));
      }
      System.arraycopy(src, off, valueBuf, valueBufLen, len);
      src = null; // means valueBuf (which may still grow)
      off = valueBufLen;
      valueBufLen += len;
    }
    rawSrc[pair] = src;
    rawOff[2 * pair] = off;
    rawOff[2 * pair + 1] = len;
    if (nLabels + 2 > labels.length) {
      labels = Arrays.copyOf(labels, labels.length * 2);
    }
    labels[nLabels++] = name;
    labels[nLabels++] = null;
  }

  /** Turns pending raw label values into Strings (grouped series need them). */
  final void materializeValues() throws ExpositionException {
    if (!rawValues) {
      return;
    }
    for (int i = 0; i < nLabels; i += 2) {
      int pair = i >> 1;
      byte[] src = rawSrc[pair] == null ? valueBuf : rawSrc[pair];
      int off = rawOff[2 * pair];
      labels[i + 1] = str(src, off, off + rawOff[2 * pair + 1]);
    }
    rawValues = false;
  }

  abstract void line(byte[] b, int start, int end, boolean terminated) throws ExpositionException;

  abstract void end(long lastLine) throws ExpositionException;

  final ExpositionException error(String msg) {
    return new ExpositionException(lineNo, msg);
  }

  static boolean blank(byte c) {
    return c == ' ' || c == '\t';
  }

  static int skipBlank(byte[] b, int i, int end) {
    while (i < end && blank(b[i])) {
      i++;
    }
    return i;
  }

  static int tokenEnd(byte[] b, int i, int end) {
    while (i < end && !blank(b[i])) {
      i++;
    }
    return i;
  }

  static boolean nameStart(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean nameChar(byte c) {
    return nameStart(c) || (c >= '0' && c <= '9');
  }

  /** End of a legacy metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}) starting at i. */
  static int metricNameEnd(byte[] b, int i, int end) {
    if (i >= end || !(nameStart(b[i]) || b[i] == ':')) {
      return i;
    }
    i++;
    while (i < end && (nameChar(b[i]) || b[i] == ':')) {
      i++;
    }
    return i;
  }

  static int labelNameEnd(byte[] b, int i, int end) {
    if (i >= end || !nameStart(b[i])) {
      return i;
    }
    i++;
    while (i < end && nameChar(b[i])) {
      i++;
    }
    return i;
  }

  static boolean legacyMetricName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '_'
              || c == ':'
              || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  final String str(byte[] b, int off, int end) throws ExpositionException {
    try {
      return cache.get(b, off, end);
    } catch (CharacterCodingException e) {
      throw error("invalid UTF-8 " + goQuote(latin1(b, off, end)));
    }
  }

  static String latin1(byte[] b, int off, int end) {
    return new String(b, off, end - off, StandardCharsets.ISO_8859_1);
  }

  static String utf8(byte[] b, int off, int end) {
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  /**
   * Reads a quoted string starting after the opening quote at {@code i} with escapes {@code \\},
   * {@code \"}, {@code \n}; returns the index after the closing quote, the unescaped bytes in
   * {@link #scratch}[0, {@link #scratchLen}).
   */
  final int readQuoted(byte[] b, int i, int end, String what) throws ExpositionException {
    int n = 0;
    while (true) {
      if (i >= end) {
        throw error(what + " " + goQuote(utf8(scratch, 0, n)) + " contains unescaped new-line");
      }
      byte c = b[i++];
      if (c == '"') {
        scratchLen = n;
        return i;
      }
      if (c == '\\') {
        if (i >= end) {
          throw error("invalid escape sequence '\\\n'");
        }
        byte e = b[i++];
        c =
            switch (e) {
              case '\\' -> '\\';
              case '"' -> '"';
              case 'n' -> '\n';
              default -> throw error("invalid escape sequence '\\" + (char) (e & 0xff) + "'");
            };
      }
      if (n == scratch.length) {
        scratch = Arrays.copyOf(scratch, n * 2);
      }
      scratch[n++] = c;
    }
  }

  int scratchLen;

  /**
   * The index of the closing quote of a value starting at {@code i} when it has no escape, else -1
   * (then {@link #readQuoted} does the work, and reports errors).
   */
  static int quotedEnd(byte[] b, int i, int end) {
    for (; i < end; i++) {
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c == '\\') {
        return -1;
      }
    }
    return -1;
  }

  final void addLabel(String k, String v) {
    rawValues = false;
    if (nLabels + 2 > labels.length) {
      labels = Arrays.copyOf(labels, labels.length * 2);
    }
    labels[nLabels++] = k;
    labels[nLabels++] = v;
  }

  /** The label set as an order-independent key (series identity for grouped families). */
  final String seriesKey() {
    int pairs = nLabels >> 1;
    if (pairs == 0) {
      return "";
    }
    int[] idx = new int[pairs];
    for (int i = 0; i < pairs; i++) {
      idx[i] = i << 1;
    }
    // insertion sort by label name: label sets are small
    for (int i = 1; i < pairs; i++) {
      int x = idx[i];
      int j = i - 1;
      while (j >= 0 && labels[idx[j]].compareTo(labels[x]) > 0) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = x;
    }
    StringBuilder sb = new StringBuilder(64);
    for (int k : idx) {
      sb.append(labels[k]).append('\u0000').append(labels[k + 1]).append('\u0001');
    }
    return sb.toString();
  }

  /** Go's {@code %q} of a string (ASCII escapes; other characters as is). */
  static String goQuote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** Go's {@code %q} of a byte. */
  static String goQuoteByte(byte c) {
    return switch (c) {
      case '\n' -> "'\\n'";
      case '\t' -> "'\\t'";
      case '\r' -> "'\\r'";
      case '\'' -> "'\\''";
      case '\\' -> "'\\\\'";
      default -> "'" + (char) (c & 0xff) + "'";
    };
  }

  /** The exposition parser's float: Go ParseFloat without p, P, _ (no hex, no separators). */
  static double parseValue(byte[] b, int off, int end) {
    for (int i = off; i < end; i++) {
      byte c = b[i];
      if (c == 'p' || c == 'P' || c == '_') {
        throw new NumberFormatException();
      }
    }
    return GoFloat.parse(b, off, end);
  }

  /** Go's {@code strconv.ParseInt(s, 10, 64)}. */
  static long parseInt64(byte[] b, int off, int end) {
    int i = off;
    boolean neg = false;
    if (i < end && (b[i] == '+' || b[i] == '-')) {
      neg = b[i] == '-';
      i++;
    }
    if (i >= end) {
      throw new NumberFormatException();
    }
    long v = 0;
    for (; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw new NumberFormatException();
      }
      if (v < (Long.MIN_VALUE + d) / 10) {
        throw new NumberFormatException();
      }
      v = v * 10 - d; // accumulate negatively to reach Long.MIN_VALUE
    }
    if (!neg) {
      if (v == Long.MIN_VALUE) {
        throw new NumberFormatException();
      }
      return -v;
    }
    return v;
  }
}
