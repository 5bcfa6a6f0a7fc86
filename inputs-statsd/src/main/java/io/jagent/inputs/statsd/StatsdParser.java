package io.jagent.inputs.statsd;

import java.nio.charset.StandardCharsets;

/**
 * The statsd wire format (reference §4) parsed straight from received bytes into the {@link
 * Aggregator}: no regex, no splitting into Strings; known series cost a hash lookup over the raw
 * key bytes. Not thread-safe (one instance per engine, used under its lock).
 */
final class StatsdParser {
  /** Where problems and DataDog events go. */
  interface Sink {
    /** A line or bit that was skipped (Telegraf logs these at error level). */
    void parseError(String message);

    /** A DataDog event or service check line; {@code sender} is the peer's IP text. */
    void datadogMessage(String line, boolean event, Object sender);

    /** Whether {@link #debug} would print: the parser builds debug messages only then. */
    default boolean debugEnabled() {
      return false;
    }

    /** A debug-level message (Telegraf's {@code Log.Debugf}). */
    default void debug(String message) {}
  }

  private static final int MAX_LINE_FOR_MESSAGE = 256;

  private final Aggregator agg;
  private final Sink sink;
  private final boolean datadog;
  private final boolean keepContainer;
  private final boolean distributions;
  private final boolean[] ok = new boolean[1];
  private byte[] lineBuf = new byte[512];
  private byte[] key = new byte[512];
  private int keyLen;
  private int keyHash; // KeyTable.step over key[1, keyLen): the key's hash but for its kind
  // a key without DataDog segments is not copied into key: it is [kind] + b[bucketOff, +keyLen-1)
  private boolean keyInPlace;
  private int bucketOff;
  private long now;

  StatsdParser(StatsdConfig cfg, Aggregator agg, Sink sink) {
    this.agg = agg;
    this.sink = sink;
    this.datadog = cfg.datadogExtensions();
    this.keepContainer = cfg.datadogKeepContainerTag();
    this.distributions = cfg.datadogExtensions() && cfg.datadogDistributions();
  }

  /** Parses one queue entry (a datagram or a TCP line): lines separated by {@code \n}. */
  void parse(byte[] b, int off, int len, Object sender, long nowNanos) {
    this.now = nowNanos;
    int end = off + len;
    int s = off;
    while (s < end) {
      int e;
      try {
        e = datadog ? line(b, s, end, sender) : plainLine(b, s, end, sender);
      } catch (RuntimeException bug) {
        // a line must never cost the rest of its packet (or its TCP connection): counted and
        // reported as a parse error, with what went wrong, and the next line parsed
        e = lineEnd(b, s, end);
        error("Internal error (" + bug + ") parsing line: ", b, s, e);
      }
      s = e + 1;
    }
  }

  /** The end of the line starting at {@code s}: its {@code \n}, or {@code end}. */
  private static int lineEnd(byte[] b, int s, int end) {
    int e = indexOf(b, s, end, (byte) '\n');
    return e < 0 ? end : e;
  }

  /** Parses the line starting at {@code s}; returns its end ({@link #lineEnd}). */
  private int line(byte[] b, int s, int end, Object sender) {
    int e = lineEnd(b, s, end);
    parseLine(b, s, e, sender);
    return e;
  }

  /**
   * As {@link #line}, without the DataDog extensions: a line with nothing to trim is scanned once
   * for its colon, its bucket's hash and its end (the scans that {@link #line} makes one after the
   * other); any other line takes {@link #line}.
   */
  private int plainLine(byte[] b, int s, int end, Object sender) {
    if (b[s] <= ' ') {
      return line(b, s, end, sender); // white space to trim, or a byte >= 0x80 (maybe a space)
    }
    int h = KeyTable.SEED;
    int colon = s;
    for (; colon < end; colon++) {
      byte c = b[colon];
      if (c == ':' || c == '\n') {
        break;
      }
      h = KeyTable.step(h, c);
    }
    if (colon == end || b[colon] == '\n') {
      return line(b, s, end, sender); // no colon: an error, reported as line() reports it
    }
    int e = lineEnd(b, colon + 1, end);
    if (b[e - 1] <= ' ') {
      return line(b, s, end, sender);
    }
    metricBits(b, s, colon, e, h, 0, 0);
    return e;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  /**
   * The length of the white space (Go's {@code unicode.IsSpace}) encoded at {@code b[i]}, within
   * {@code b[i, e)}; 0 when there is none.
   */
  static int spaceAt(byte[] b, int i, int e) {
    byte c = b[i];
    if (c >= 0) {
      return isSpace(c) ? 1 : 0;
    }
    for (int len = 2; len <= 3; len++) {
      if (i + len <= e && unicodeSpace(b, i, len)) {
        return len;
      }
    }
    return 0;
  }

  /** The length of the white space ending at {@code b[e - 1]}, within {@code b[s, e)}; or 0. */
  static int spaceBefore(byte[] b, int s, int e) {
    byte c = b[e - 1];
    if (c >= 0) {
      return isSpace(c) ? 1 : 0;
    }
    for (int len = 2; len <= 3; len++) {
      if (e - len >= s && unicodeSpace(b, e - len, len)) {
        return len;
      }
    }
    return 0;
  }

  /**
   * Whether {@code b[i, i+len)} is the UTF-8 encoding of a non-ASCII Unicode space: U+0085, U+00A0,
   * U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
   */
  private static boolean unicodeSpace(byte[] b, int i, int len) {
    int c0 = b[i] & 0xff;
    int c1 = b[i + 1] & 0xff;
    if (len == 2) {
      return c0 == 0xc2 && (c1 == 0x85 || c1 == 0xa0);
    }
    int c2 = b[i + 2] & 0xff;
    return switch (c0) {
      case 0xe1 -> c1 == 0x9a && c2 == 0x80;
      case 0xe2 ->
          (c1 == 0x80 && (c2 <= 0x8a && c2 >= 0x80 || c2 == 0xa8 || c2 == 0xa9 || c2 == 0xaf))
              || (c1 == 0x81 && c2 == 0x9f);
      case 0xe3 -> c1 == 0x80 && c2 == 0x80;
      default -> false;
    };
  }

  private void parseLine(byte[] b, int s, int e, Object sender) {
    // Go's strings.TrimSpace. Every space byte is <= ' ' as a signed byte (the UTF-8 bytes of
    // the Unicode spaces are negative): the first test keeps the common case free of a call
    while (s < e && b[s] <= ' ') {
      int n = spaceAt(b, s, e);
      if (n == 0) {
        break;
      }
      s += n;
    }
    while (e > s && b[e - 1] <= ' ') {
      int n = spaceBefore(b, s, e);
      if (n == 0) {
        break;
      }
      e -= n;
    }
    if (s == e) {
      return;
    }
    if (!datadog) {
      metricLine(b, s, e, 0, 0);
      return;
    }
    if (e - s >= 2 && b[s] == '_' && b[s + 1] == 'e') {
      sink.datadogMessage(new String(b, s, e - s, StandardCharsets.UTF_8), true, sender);
      return;
    }
    if (e - s >= 4 && b[s] == '_' && b[s + 1] == 's' && b[s + 2] == 'c' && b[s + 3] == '|') {
      sink.datadogMessage(new String(b, s, e - s, StandardCharsets.UTF_8), false, sender);
      return;
    }
    // split on '|': '#' segments are tags, 'c:' segments the container id; the rest is rejoined.
    // The DataDog segments are appended to the key as they came ("|#a:b|c:x").
    int n = e - s;
    if (lineBuf.length < n) {
      lineBuf = new byte[Math.max(n, lineBuf.length * 2)];
    }
    ensureKey(n + 1);
    int lineLen = 0;
    int dd = 0; // dd segments are first collected at the end of key, then moved
    int ddStart = key.length - n - 1;
    boolean first = true;
    int seg = s;
    while (seg <= e) {
      int q = indexOf(b, seg, e, (byte) '|');
      if (q < 0) {
        q = e;
      }
      int sl = q - seg;
      boolean tag = sl > 0 && b[seg] == '#';
      boolean container = !tag && sl >= 2 && b[seg] == 'c' && b[seg + 1] == ':';
      if (tag || (container && keepContainer)) {
        key[ddStart + dd] = '|';
        System.arraycopy(b, seg, key, ddStart + dd + 1, sl);
        dd += sl + 1;
      } else if (!container) {
        if (!first) {
          lineBuf[lineLen++] = '|';
        }
        System.arraycopy(b, seg, lineBuf, lineLen, sl);
        lineLen += sl;
        first = false;
      }
      seg = q + 1;
    }
    metricLine(lineBuf, 0, lineLen, ddStart, dd);
  }

  private void ensureKey(int n) {
    if (key.length < 2 * n + 2) {
      key = new byte[Math.max(2 * n + 2, key.length * 2)];
    }
  }

  /** A metric line {@code bucket:bit(:bit)*}; DataDog key suffix at key[ddOff, ddOff+ddLen). */
  private void metricLine(byte[] b, int s, int e, int ddOff, int ddLen) {
    // one pass over the bucket finds the colon and hashes the bucket (the key's hash, but for the
    // kind, which the type adds in lookup)
    int h = KeyTable.SEED;
    int colon = s;
    while (colon < e && b[colon] != ':') {
      h = KeyTable.step(h, b[colon++]);
    }
    if (colon >= e) {
      error("Splitting ':', unable to parse metric: ", b, s, e);
      return;
    }
    metricBits(b, s, colon, e, h, ddOff, ddLen);
  }

  /**
   * The bits of the metric line {@code b[s, e)} whose bucket ends at {@code colon} and hashes to
   * {@code h} ({@link KeyTable#step} from {@link KeyTable#SEED}).
   */
  private void metricBits(byte[] b, int s, int colon, int e, int h, int ddOff, int ddLen) {
    int bucketLen = colon - s;
    keyLen = 1 + bucketLen + ddLen;
    keyInPlace = ddLen == 0;
    if (keyInPlace) {
      // the key is compared where it is; copied into key only for a new series (lookup)
      bucketOff = s;
      keyHash = h;
    } else {
      // key = [kind][bucket][dd segments]; the dd bytes sit at the end of key, move them first
      System.arraycopy(key, ddOff, key, 1 + bucketLen, ddLen);
      System.arraycopy(b, s, key, 1, bucketLen);
      keyHash = KeyTable.step(h, key, 1 + bucketLen, keyLen);
    }
    int pos = colon + 1;
    while (true) {
      // one pass over the bit: its end (the next colon) and its first two pipes
      int p1 = -1;
      int p2 = -1;
      int bitEnd = pos;
      for (; bitEnd < e; bitEnd++) {
        byte c = b[bitEnd];
        if (c == ':') {
          break;
        }
        if (c == '|') {
          if (p1 < 0) {
            p1 = bitEnd;
          } else if (p2 < 0) {
            p2 = bitEnd;
          }
        }
      }
      if (!bit(b, pos, bitEnd, p1, p2, s, e)) {
        return;
      }
      if (bitEnd >= e) {
        return;
      }
      pos = bitEnd + 1;
    }
  }

  /**
   * One {@code value|type[|@rate]} bit in {@code b[p, q)}, whose first two pipes are at {@code p1}
   * and {@code p2} (-1: none); false aborts the rest of the line.
   */
  private boolean bit(byte[] b, int p, int q, int p1, int p2, int ls, int le) {
    if (p1 < 0) {
      error("Splitting '|', unable to parse metric: ", b, ls, le);
      return false;
    }
    int typeEnd = p2 < 0 ? q : p2;
    double rate = 0;
    if (p2 >= 0) {
      int segEnd = indexOf(b, p2 + 1, q, (byte) '|');
      if (segEnd < 0) {
        segEnd = q;
      }
      if (segEnd - (p2 + 1) > 1 && indexOf(b, p2 + 1, segEnd, (byte) '@') >= 0) {
        double r = GoNumbers.parseFloat(b, p2 + 2, segEnd);
        if (GoNumbers.isInvalid(r)) {
          sink.parseError(
              "Parsing sample rate: strconv.ParseFloat: parsing \""
                  + new String(b, p2 + 2, segEnd - p2 - 2, StandardCharsets.UTF_8)
                  + "\": invalid syntax");
        } else {
          rate = r;
        }
      } else if (sink.debugEnabled()) {
        int n = Math.min(le - ls, MAX_LINE_FOR_MESSAGE);
        sink.debug(
            "Sample rate must be in format like: @0.1, @0.5, etc. Ignoring sample rate for line: "
                + new String(b, ls, n, StandardCharsets.UTF_8));
      }
    }
    byte kind = kind(b, p1 + 1, typeEnd);
    if (kind == 0) {
      sink.parseError(
          "Metric type \""
              + new String(b, p1 + 1, typeEnd - p1 - 1, StandardCharsets.UTF_8)
              + "\" unsupported");
      return false;
    }
    boolean signed = p1 > p && (b[p] == '+' || b[p] == '-');
    if (signed && kind != Aggregator.GAUGE && kind != Aggregator.COUNTER) {
      error(
          "+- values are only supported for gauges & counters, unable to parse metric: ",
          b,
          ls,
          le);
      return false;
    }
    switch (kind) {
      case Aggregator.COUNTER -> {
        long v = GoNumbers.parseLong(b, p, p1, ok);
        if (!ok[0]) {
          double f = GoNumbers.parseFloat(b, p, p1);
          if (GoNumbers.isInvalid(f)) {
            error("Parsing value to int64, unable to parse metric: ", b, ls, le);
            return false;
          }
          v = GoNumbers.goInt64(f);
        }
        if (rate != 0) {
          v = GoNumbers.goInt64((double) v / rate);
        }
        Aggregator.Field f = lookup(kind, b, ls, le);
        if (f != null) {
          agg.counter(f, v, now);
        }
      }
      case Aggregator.SET -> {
        Aggregator.Field f = lookup(kind, b, ls, le);
        if (f != null) {
          agg.set(f, b, p, p1 - p, now);
        }
      }
      default -> {
        double v = GoNumbers.parseFloat(b, p, p1);
        if (GoNumbers.isInvalid(v)) {
          error("Parsing value to float64, unable to parse metric: ", b, ls, le);
          return false;
        }
        if (kind == Aggregator.DISTRIBUTION && !distributions) {
          return true;
        }
        Aggregator.Field f = lookup(kind, b, ls, le);
        if (f == null) {
          return true;
        }
        switch (kind) {
          case Aggregator.GAUGE -> agg.gauge(f, v, signed, now);
          case Aggregator.DISTRIBUTION -> agg.distribution(f, v, now);
          default -> {
            long copies = 1;
            if (rate > 0 && rate < 1) {
              copies = GoNumbers.goInt64(1.0 / rate);
              if (copies < 1) {
                copies = 1;
              }
            }
            agg.timing(f, v, copies, now);
          }
        }
      }
    }
    return true;
  }

  private Aggregator.Field lookup(byte kind, byte[] b, int ls, int le) {
    int hash = KeyTable.finish(keyHash, kind);
    Aggregator.Field f;
    if (keyInPlace) {
      assert hash == KeyTable.hash(kind, b, bucketOff, keyLen - 1)
          : "incremental key hash"; // tests run with -ea
      f = agg.find(kind, b, bucketOff, keyLen - 1, hash);
      if (f != null) {
        return f;
      }
      ensureKey(keyLen);
      System.arraycopy(b, bucketOff, key, 1, keyLen - 1);
    }
    key[0] = kind;
    assert hash == KeyTable.hash(key, 0, keyLen) : "incremental key hash"; // tests run with -ea
    f = agg.lookup(key, keyLen, hash);
    if (f == null && agg.lastMiss == Aggregator.Miss.EMPTY_NAME) {
      agg.lastMiss = Aggregator.Miss.NONE;
      error("Empty metric name, unable to parse metric: ", b, ls, le);
    }
    return f;
  }

  private static byte kind(byte[] b, int s, int e) {
    int n = e - s;
    if (n == 1) {
      return switch (b[s]) {
        case 'c' -> Aggregator.COUNTER;
        case 'g' -> Aggregator.GAUGE;
        case 's' -> Aggregator.SET;
        case 'h' -> Aggregator.HISTOGRAM;
        case 'd' -> Aggregator.DISTRIBUTION;
        default -> 0;
      };
    }
    if (n == 2 && b[s] == 'm' && b[s + 1] == 's') {
      return Aggregator.TIMING;
    }
    return 0;
  }

  private void error(String prefix, byte[] b, int s, int e) {
    int n = Math.min(e - s, MAX_LINE_FOR_MESSAGE);
    String line = new String(b, s, n, StandardCharsets.UTF_8);
    sink.parseError(prefix + line + (n < e - s ? "..." : ""));
  }

  static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
