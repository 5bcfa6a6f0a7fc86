package io.jagent.spi.lineprotocol;

import io.jagent.spi.Metric;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads Influx line protocol with the rules of Telegraf's {@code influx} parser (its internal ragel
 * machine): backslash escapes in names and keys ({@code \,} and {@code \ } in measurements, also
 * {@code \=} and {@code \"} in tag keys, tag values and field keys; any other backslash is kept;
 * {@code \t}, {@code \n} are NOT turned back into control characters), integers {@code
 * -?(0|[1-9]\d*)} with {@code i} or {@code u}, floats with optional exponent (no leading {@code
 * +}), strings where only {@code \"} and {@code \\} may follow a backslash (raw newlines allowed),
 * booleans {@code t T true True TRUE f F false False FALSE}, an optional timestamp of up to 19
 * digits in the parser's precision, whitespace {@code [\t\v\f ]}, comment lines ({@code #}) and
 * blank lines skipped. Error reasons are Telegraf's ({@code expected measurement name}, {@code
 * expected tag}, {@code expected field}, {@code expected timestamp}, {@code parse error}).
 *
 * <p>Streams: a {@link Reader} is consumed record by record, never held in memory whole. A bad line
 * is reported with its 1-based line number and the parser continues with the next line. Metrics
 * without a timestamp get {@link Metric#NO_TIME} (the accumulator stamps them). Not thread-safe per
 * call, but an instance holds no state between calls and may be shared.
 */
public final class LineProtocolParser {
  private static final int EOF = -1;
  private static final int MAX_LINE_TEXT = 200;

  private final long precisionNanos;

  /** Timestamps in nanoseconds. */
  public LineProtocolParser() {
    this(Duration.ofNanos(1));
  }

  /** Timestamps in units of {@code precision} (1s, 1ms, 1us, 1ns). */
  public LineProtocolParser(Duration precision) {
    long p = precision.toNanos();
    this.precisionNanos = p <= 0 ? 1 : p;
  }

  /** Parses everything; each metric goes to {@code out}, each bad line to {@code errors}. */
  public void parse(Reader in, Consumer<Metric> out, Consumer<LineProtocolParseException> errors)
      throws IOException {
    new Run(in).all(out, errors);
  }

  public void parse(
      CharSequence text, Consumer<Metric> out, Consumer<LineProtocolParseException> errors) {
    try {
      parse(new StringReader(text.toString()), out, errors);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen with a StringReader
    }
  }

  /** All metrics of {@code text}; the first bad line is thrown. */
  public List<Metric> parseAll(CharSequence text) throws LineProtocolParseException {
    List<Metric> metrics = new ArrayList<>();
    List<LineProtocolParseException> errors = new ArrayList<>(1);
    parse(text, metrics::add, errors::add);
    if (!errors.isEmpty()) {
      throw errors.get(0);
    }
    return metrics;
  }

  /** Exactly one metric from one line. */
  public Metric parseLine(CharSequence line) throws LineProtocolParseException {
    List<Metric> ms = parseAll(line);
    if (ms.size() != 1) {
      throw new LineProtocolParseException(1, 1, "expected exactly one metric", line.toString());
    }
    return ms.get(0);
  }

  private static final int NAME = 0;
  private static final int TAG_KEY = 1;
  private static final int TAG_VALUE = 2;
  private static final int FIELD_KEY = 3;

  /** Go's strings.Replacer over the raw token: first matching two-character escape wins. */
  private static String unescape(CharSequence raw, boolean name) {
    StringBuilder out = null;
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < n) {
        char d = raw.charAt(i + 1);
        if (d == ',' || d == ' ' || (!name && (d == '"' || d == '='))) {
          if (out == null) {
            out = new StringBuilder(n).append(raw, 0, i);
          }
          out.append(d);
          i++;
          continue;
        }
      }
      if (out != null) {
        out.append(c);
      }
    }
    return out == null ? raw.toString() : out.toString();
  }

  /** Internal: a parse failure at the current position. */
  private static final class Fail extends Exception {
    private static final long serialVersionUID = 1L;

    Fail(String msg) {
      super(msg, null, false, false);
    }
  }

  /** One parse over one reader. */
  private final class Run {
    private final Reader in;
    private final char[] buf = new char[8192];
    private int pos;
    private int lim;
    private long line = 1;
    private int col;
    private final StringBuilder lineText = new StringBuilder();
    private final StringBuilder tok = new StringBuilder();

    Run(Reader in) {
      this.in = in;
    }

    private int peek() throws IOException {
      if (pos == lim) {
        lim = in.read(buf, 0, buf.length);
        pos = 0;
        if (lim <= 0) {
          lim = 0;
          return EOF;
        }
      }
      return buf[pos];
    }

    private int next() throws IOException {
      int c = peek();
      if (c == EOF) {
        return EOF;
      }
      pos++;
      if (c == '\n') {
        line++;
        col = 0;
        lineText.setLength(0);
      } else {
        col++;
        if (lineText.length() < MAX_LINE_TEXT) {
          lineText.append((char) c);
        }
      }
      return c;
    }

    void all(Consumer<Metric> out, Consumer<LineProtocolParseException> errors) throws IOException {
      while (true) {
        skipSpaces();
        int c = peek();
        if (c == EOF) {
          return;
        }
        if (c == '\n' || c == '\r') {
          next();
          continue;
        }
        if (c == '#') {
          skipToEol();
          next();
          continue;
        }
        try {
          out.accept(metric());
        } catch (Fail f) {
          long ln = line;
          int cl = col + 1;
          skipToEol();
          errors.accept(
              new LineProtocolParseException(ln, cl, f.getMessage(), lineText.toString()));
          next();
        }
      }
    }

    private void skipSpaces() throws IOException {
      while (isSpace(peek())) {
        next();
      }
    }

    private void skipToEol() throws IOException {
      int c;
      while ((c = peek()) != EOF && c != '\n') {
        next();
      }
    }

    private Metric metric() throws IOException, Fail {
      String name = ident(NAME);
      if (name.isEmpty()) {
        throw new Fail("expected measurement name");
      }
      Metric.Builder b = Metric.builder(name);
      while (peek() == ',') {
        next();
        String k = ident(TAG_KEY);
        if (k.isEmpty() || peek() != '=') {
          throw new Fail("expected tag");
        }
        next();
        String v = ident(TAG_VALUE);
        if (v.isEmpty() || peek() == '=') {
          throw new Fail("expected tag");
        }
        b.tag(k, v);
      }
      int c = peek();
      if (!isSpace(c)) {
        throw new Fail(c == EOF || isEol(c) ? "expected field" : "expected tag");
      }
      skipSpaces();
      while (true) {
        String k = ident(FIELD_KEY);
        if (k.isEmpty() || peek() != '=') {
          throw new Fail("expected field");
        }
        next();
        b.field(k, fieldValue());
        if (peek() == ',') {
          next();
          continue;
        }
        break;
      }
      c = peek();
      if (c != EOF && !isSpace(c) && !isEol(c)) {
        throw new Fail("expected field");
      }
      if (isSpace(c)) {
        skipSpaces();
        c = peek();
        if (c != EOF && !isEol(c)) {
          b.time(timestamp());
          skipSpaces();
          c = peek();
        }
      }
      if (c == '\r') {
        next();
        c = peek();
      }
      if (c != EOF && c != '\n') {
        throw new Fail("parse error");
      }
      if (c == '\n') {
        next();
      }
      return b.build();
    }

    /** Telegraf's {@code ws = [\t\v\f ]}. */
    private boolean isSpace(int c) {
      return c == ' ' || c == '\t' || c == '\u000b' || c == '\f';
    }

    private boolean isEol(int c) {
      return c == '\n' || c == '\r';
    }

    /**
     * A measurement, tag key, tag value or field key, tokenized as Telegraf's ragel grammar: a
     * backslash and the next character form a pair (in tags a doubled backslash is a literal one
     * and the second starts a new pair); then the unescaper replaces {@code \,} and {@code \ }
     * (names) or {@code \,} {@code \"} {@code \ } {@code \=} (keys and tag values); any other
     * backslash is kept.
     */
    private String ident(int kind) throws IOException, Fail {
      tok.setLength(0);
      while (true) {
        int c = peek();
        if (c == EOF || c == ',' || isSpace(c) || c == '\n' || c == '\r') {
          break;
        }
        if (c == '=' && kind != NAME) {
          break;
        }
        next();
        if (c == '\\') {
          int d = peek();
          if (d == EOF || d == '\n' || d == '\r' || d == '\t' || d == '\f') {
            throw new Fail(
                kind == NAME
                    ? "expected measurement name"
                    : kind == FIELD_KEY ? "expected field" : "expected tag");
          }
          tok.append('\\');
          if (d == '\\' && (kind == TAG_KEY || kind == TAG_VALUE)) {
            continue; // the second backslash starts its own pair
          }
          next();
          tok.append((char) d);
          continue;
        }
        tok.append((char) c);
      }
      return unescape(tok, kind == NAME);
    }

    private Object fieldValue() throws IOException, Fail {
      int c = peek();
      if (c == '"') {
        next();
        tok.setLength(0);
        while (true) {
          int d = next();
          if (d == EOF || d == '\f') {
            throw new Fail("expected field");
          }
          if (d == '"') {
            return tok.toString();
          }
          if (d == '\\') {
            // only \\ and \" are allowed inside strings
            int e = peek();
            if (e != '"' && e != '\\') {
              throw new Fail("expected field");
            }
            next();
            tok.append((char) e);
            continue;
          }
          if (d == '\r' && peek() != '\n') {
            throw new Fail("expected field");
          }
          tok.append((char) d);
        }
      }
      tok.setLength(0);
      while ((c = peek()) != EOF && c != ',' && !isSpace(c) && !isEol(c)) {
        tok.append((char) next());
      }
      String s = tok.toString();
      if (s.isEmpty()) {
        throw new Fail("expected field");
      }
      switch (s) {
        case "t", "T", "true", "True", "TRUE":
          return Boolean.TRUE;
        case "f", "F", "false", "False", "FALSE":
          return Boolean.FALSE;
        default:
          break;
      }
      char last = s.charAt(s.length() - 1);
      if (last == 'i') {
        String digits = s.substring(0, s.length() - 1);
        if (!isInteger(digits, true)) {
          throw new Fail("expected field");
        }
        try {
          return Long.parseLong(digits);
        } catch (NumberFormatException e) {
          throw new Fail("value out of range");
        }
      }
      if (last == 'u') {
        String digits = s.substring(0, s.length() - 1);
        if (!isInteger(digits, false)) {
          throw new Fail("expected field");
        }
        try {
          return new io.jagent.spi.Unsigned(Long.parseUnsignedLong(digits));
        } catch (NumberFormatException e) {
          throw new Fail("value out of range");
        }
      }
      if (!isFloat(s)) {
        throw new Fail("expected field");
      }
      double d = Double.parseDouble(s);
      if (Double.isInfinite(d)) {
        throw new Fail("value out of range");
      }
      return d;
    }

    private long timestamp() throws IOException, Fail {
      tok.setLength(0);
      int c;
      while ((c = peek()) != EOF && !isSpace(c) && !isEol(c)) {
        tok.append((char) next());
      }
      String s = tok.toString();
      int digits = s.startsWith("-") ? s.length() - 1 : s.length();
      if (!isDigits(s) || digits > 19) {
        throw new Fail("expected timestamp");
      }
      try {
        return Math.multiplyExact(Long.parseLong(s), precisionNanos);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new Fail("timestamp out of range");
      }
    }
  }

  /** {@code -?(0|[1-9][0-9]*)}: Telegraf's integers have no leading zeros. */
  private static boolean isInteger(String s, boolean signed) {
    int i = signed && s.startsWith("-") ? 1 : 0;
    if (i >= s.length()) {
      return false;
    }
    if (s.charAt(i) == '0') {
      return s.length() == i + 1;
    }
    return isDigits(s);
  }

  /** {@code -?[0-9]+} */
  private static boolean isDigits(String s) {
    int i = s.startsWith("-") ? 1 : 0;
    if (i >= s.length()) {
      return false;
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** {@code -?(d+(.d*)?|.d+)([eE][+-]?d+)?}: no leading plus, as Telegraf. */
  private static boolean isFloat(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    int intDigits = 0;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
      intDigits++;
    }
    int fracDigits = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        fracDigits++;
      }
    }
    if (intDigits + fracDigits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int exp = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }
}
