package io.jagent.inputs.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;

/**
 * The delimited protobuf exposition ({@code application/vnd.google.protobuf;
 * proto=io.prometheus.client.MetricFamily; encoding=delimited}): varint-length-prefixed {@code
 * MetricFamily} messages, decoded field by field from the stream (no protobuf library, the body is
 * never held whole; only one label value or string at a time is). Classic histograms and summaries
 * arrive as one series per {@code Metric}; native-histogram fields are skipped.
 */
final class ProtobufParser extends ExpositionParser {
  private static final int COUNTER = 0;
  private static final int GAUGE = 1;
  private static final int SUMMARY = 2;
  private static final int UNTYPED = 3;
  private static final int HISTOGRAM = 4;
  private static final int GAUGE_HISTOGRAM = 5;

  private static final String[] NO_LABELS = new String[0];

  private final InputStream in;
  private byte[] buf;
  private int bpos;
  private int blimit;
  private long consumed; // bytes before buf[0]
  private boolean eof;
  private long seriesCounter;

  ProtobufParser(MetricMapper mapper, int bufferSize, InputStream in) {
    super(mapper, bufferSize);
    this.in = in;
    this.buf = new byte[Math.max(bufferSize, 64)];
  }

  @Override
  void line(byte[] b, int start, int end, boolean terminated) {
    throw new UnsupportedOperationException();
  }

  @Override
  void end(long lastLine) {}

  /** Parses every MetricFamily, then hands out the metrics. */
  void parseAll() throws IOException, ExpositionException {
    while (ensure(1)) {
      long len = varint();
      long end = position() + len;
      family(end);
      if (position() != end) {
        throw err("MetricFamily overran its length");
      }
    }
    finish();
  }

  private ExpositionException err(String msg) {
    return new ExpositionException(0, "protobuf: " + msg + " (at byte " + position() + ")");
  }

  private long position() {
    return consumed + bpos;
  }

  /** True when at least {@code n} bytes are buffered (reading more as needed). */
  private boolean ensure(int n) throws IOException {
    while (blimit - bpos < n) {
      if (eof) {
        return false;
      }
      if (bpos > 0) {
        System.arraycopy(buf, bpos, buf, 0, blimit - bpos);
        consumed += bpos;
        blimit -= bpos;
        bpos = 0;
      }
      if (n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
      }
      int r = in.read(buf, blimit, buf.length - blimit);
      if (r < 0) {
        eof = true;
      } else {
        blimit += r;
      }
    }
    return true;
  }

  private void need(int n) throws IOException, ExpositionException {
    if (!ensure(n)) {
      throw err("unexpected end of data");
    }
  }

  private long varint() throws IOException, ExpositionException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      byte b = buf[bpos++];
      v |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw err("malformed varint");
  }

  private double fixed64() throws IOException, ExpositionException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (buf[bpos + i] & 0xffL) << (i << 3);
    }
    bpos += 8;
    return Double.longBitsToDouble(v);
  }

  private int length(long end) throws IOException, ExpositionException {
    long len = varint();
    if (len < 0 || position() + len > end || len > Integer.MAX_VALUE) {
      throw err("bad length " + len);
    }
    return (int) len;
  }

  /** Reads a length and returns where that sub-message ends. */
  private long endOf(long end) throws IOException, ExpositionException {
    int len = length(end);
    return position() + len;
  }

  private String string(long end) throws IOException, ExpositionException {
    int len = length(end);
    need(len);
    String s;
    try {
      s = cache.get(buf, bpos, bpos + len);
    } catch (CharacterCodingException e) {
      throw err("invalid UTF-8 in a string");
    }
    bpos += len;
    return s;
  }

  private void skip(long n) throws IOException, ExpositionException {
    while (n > 0) {
      if (bpos == blimit && !ensure(1)) {
        throw err("unexpected end of data");
      }
      int k = (int) Math.min(n, blimit - bpos);
      bpos += k;
      n -= k;
    }
  }

  private void skipField(int wireType, long end) throws IOException, ExpositionException {
    switch (wireType) {
      case 0 -> varint();
      case 1 -> skip(8);
      case 2 -> skip(length(end));
      case 5 -> skip(4);
      default -> throw err("unsupported wire type " + wireType);
    }
  }

  private void family(long end) throws IOException, ExpositionException {
    String name = null;
    int type = COUNTER;
    Family fam = null;
    while (position() < end) {
      long key = varint();
      int field = (int) (key >>> 3);
      int wt = (int) (key & 7);
      if (field == 1 && wt == 2) {
        name = string(end);
      } else if (field == 3 && wt == 0) {
        type = (int) varint();
      } else if (field == 4 && wt == 2) {
        int len = length(end);
        if (fam == null) {
          if (name == null || name.isEmpty()) {
            throw err("metric family without a name");
          }
          fam = new Family(name);
          fam.kind =
              switch (type) {
                case COUNTER -> Family.Kind.COUNTER;
                case GAUGE -> Family.Kind.GAUGE;
                case SUMMARY -> Family.Kind.SUMMARY;
                case HISTOGRAM -> Family.Kind.HISTOGRAM;
                case GAUGE_HISTOGRAM -> Family.Kind.GAUGE_HISTOGRAM;
                default -> Family.Kind.UNTYPED;
              };
          if (fam.kind == Family.Kind.SUMMARY || fam.kind == Family.Kind.HISTOGRAM) {
            fam.series = new java.util.LinkedHashMap<>();
            groupedFamilies.add(fam);
          }
        }
        metric(fam, position() + len);
      } else {
        skipField(wt, end);
      }
    }
  }

  private void metric(Family fam, long end) throws IOException, ExpositionException {
    nLabels = 0;
    double simpleValue = Double.NaN;
    boolean hasSimple = false;
    long ts = Long.MIN_VALUE;
    Series series = new Series(NO_LABELS); // what a summary/histogram field holds
    while (position() < end) {
      long key = varint();
      int field = (int) (key >>> 3);
      int wt = (int) (key & 7);
      if (wt != 2 && field != 6) {
        skipField(wt, end);
        continue;
      }
      switch (field) {
        case 1 -> label(endOf(end));
        case 2, 3, 5 -> {
          double v = valueMessage(endOf(end));
          boolean wanted =
              (field == 2 && fam.kind == Family.Kind.GAUGE)
                  || (field == 3 && fam.kind == Family.Kind.COUNTER)
                  || (field == 5 && fam.kind == Family.Kind.UNTYPED);
          if (wanted || !hasSimple) {
            simpleValue = v;
            hasSimple = true;
          }
        }
        case 4 -> summary(series, endOf(end));
        case 6 -> ts = varint();
        case 7 -> histogram(series, endOf(end));
        default -> skipField(wt, end);
      }
    }
    if (fam.series != null) {
      String[] l = Arrays.copyOf(labels, nLabels);
      Series s = fam.series("#" + seriesCounter++, l, nLabels);
      s.sum = series.sum;
      s.count = series.count;
      for (int i = 0; i < series.n; i++) {
        s.add(series.bounds[i], series.values[i]);
      }
      s.timestampMs = ts;
      return;
    }
    if (fam.kind == Family.Kind.GAUGE_HISTOGRAM) {
      if (mapper.version() == 2) {
        simple(fam, Double.POSITIVE_INFINITY, ts); // Telegraf's v2 for types it cannot map
      }
      return;
    }
    if (hasSimple) {
      simple(fam, simpleValue, ts);
    }
  }

  private void label(long end) throws IOException, ExpositionException {
    String name = "";
    String value = "";
    while (position() < end) {
      long key = varint();
      int field = (int) (key >>> 3);
      int wt = (int) (key & 7);
      if (field == 1 && wt == 2) {
        name = string(end);
      } else if (field == 2 && wt == 2) {
        value = string(end);
      } else {
        skipField(wt, end);
      }
    }
    addLabel(name, value);
  }

  /** Gauge, Counter, Untyped: field 1 is the value. */
  private double valueMessage(long end) throws IOException, ExpositionException {
    double v = 0;
    while (position() < end) {
      long key = varint();
      if (key == ((1 << 3) | 1)) {
        v = fixed64();
      } else {
        skipField((int) (key & 7), end);
      }
    }
    return v;
  }

  private void summary(Series s, long end) throws IOException, ExpositionException {
    s.count = 0;
    while (position() < end) {
      long key = varint();
      int field = (int) (key >>> 3);
      int wt = (int) (key & 7);
      if (field == 1 && wt == 0) {
        s.count = GoFloat.unsignedToDouble(varint());
      } else if (field == 2 && wt == 1) {
        s.sum = fixed64();
      } else if (field == 3 && wt == 2) {
        long qend = endOf(end);
        double q = 0;
        double v = 0;
        while (position() < qend) {
          long k = varint();
          if (k == ((1 << 3) | 1)) {
            q = fixed64();
          } else if (k == ((2 << 3) | 1)) {
            v = fixed64();
          } else {
            skipField((int) (k & 7), qend);
          }
        }
        s.add(q, v);
      } else {
        skipField(wt, end);
      }
    }
  }

  private void histogram(Series s, long end) throws IOException, ExpositionException {
    s.count = 0;
    while (position() < end) {
      long key = varint();
      int field = (int) (key >>> 3);
      int wt = (int) (key & 7);
      if (field == 1 && wt == 0) {
        s.count = GoFloat.unsignedToDouble(varint());
      } else if (field == 4 && wt == 1) {
        fixed64();
        s.count = Double.NaN; // a float histogram: Telegraf reads its count as 0
      } else if (field == 2 && wt == 1) {
        s.sum = fixed64();
      } else if (field == 3 && wt == 2) {
        long bend = endOf(end);
        double bound = 0;
        double count = 0;
        while (position() < bend) {
          long k = varint();
          int f = (int) (k >>> 3);
          int w = (int) (k & 7);
          if (f == 1 && w == 0) {
            count = GoFloat.unsignedToDouble(varint());
          } else if (f == 4 && w == 1) {
            fixed64();
            count = Double.NaN;
          } else if (f == 2 && w == 1) {
            bound = fixed64();
          } else {
            skipField(w, bend);
          }
        }
        s.add(bound, count);
      } else {
        skipField(wt, end);
      }
    }
  }
}
