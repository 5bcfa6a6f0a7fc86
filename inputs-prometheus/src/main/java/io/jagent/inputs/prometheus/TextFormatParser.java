package io.jagent.inputs.prometheus;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The classic Prometheus text exposition format 0.0.4, accepting and rejecting as {@code
 * prometheus/common/expfmt}'s TextParser does (reference §5).
 */
final class TextFormatParser extends ExpositionParser {
  private static final int ROLE_BASE = 0;
  private static final int ROLE_COUNT = 1;
  private static final int ROLE_SUM = 2;

  private final Map<String, Family> families = new HashMap<>();
  private Family fam;
  private int role;

  TextFormatParser(MetricMapper mapper, int bufferSize) {
    super(mapper, bufferSize);
  }

  @Override
  void end(long lastLine) {}

  /** expfmt's setOrCreateCurrentMF: a _count/_sum/_bucket sample joins its summary/histogram. */
  private void resolve(String name) {
    role = ROLE_BASE;
    Family f = families.get(name);
    if (f != null) {
      fam = f;
      return;
    }
    boolean isCount = name.length() > 6 && name.endsWith("_count");
    boolean isSum = name.length() > 4 && name.endsWith("_sum");
    boolean isBucket = name.length() > 7 && name.endsWith("_bucket");
    if (isCount || isSum) {
      f = families.get(name.substring(0, name.length() - (isCount ? 6 : 4)));
      if (f != null && (f.kind == Family.Kind.SUMMARY || f.kind == Family.Kind.HISTOGRAM)) {
        fam = f;
        role = isCount ? ROLE_COUNT : ROLE_SUM;
        return;
      }
    } else if (isBucket) {
      f = families.get(name.substring(0, name.length() - 7));
      if (f != null && f.kind == Family.Kind.HISTOGRAM) {
        fam = f;
        return;
      }
    }
    fam = new Family(name);
    families.put(name, fam);
  }

  @Override
  void line(byte[] b, int start, int end, boolean terminated) throws ExpositionException {
    int i = skipBlank(b, start, end);
    if (i == end) {
      return; // blank line (or trailing blanks at the end of the input)
    }
    if (!terminated) {
      // expfmt reads tokens up to a newline: a last line without one is cut short, unless an error
      // shows earlier in it
      sampleOrComment(b, i, end);
      throw error("unexpected end of input stream");
    }
    sampleOrComment(b, i, end);
  }

  private void sampleOrComment(byte[] b, int i, int end) throws ExpositionException {
    if (b[i] == '#') {
      comment(b, i + 1, end);
    } else {
      sample(b, i, end);
    }
  }

  private void comment(byte[] b, int i, int end) throws ExpositionException {
    i = skipBlank(b, i, end);
    int kwEnd = tokenEnd(b, i, end);
    if (kwEnd == end) {
      return;
    }
    int kwLen = kwEnd - i;
    boolean help =
        kwLen == 4 && b[i] == 'H' && b[i + 1] == 'E' && b[i + 2] == 'L' && b[i + 3] == 'P';
    boolean type =
        kwLen == 4 && b[i] == 'T' && b[i + 1] == 'Y' && b[i + 2] == 'P' && b[i + 3] == 'E';
    if (!help && !type) {
      return;
    }
    i = skipBlank(b, kwEnd, end);
    int nameEnd = nameToken(b, i, end);
    if (nameEnd == end) {
      return;
    }
    if (!blank(b[nameEnd])) {
      throw error("invalid metric name in comment");
    }
    resolve(tokenName);
    i = skipBlank(b, nameEnd, end);
    if (i == end) {
      return;
    }
    if (help) {
      if (fam.help) {
        throw error("second HELP line for metric name " + goQuote(fam.name));
      }
      for (int k = i; k < end; k++) {
        if (b[k] == '\\') {
          if (k + 1 >= end) {
            throw error("invalid escape sequence '\\\n'");
          }
          byte e = b[++k];
          if (e != '\\' && e != 'n' && e != '"') {
            throw error("invalid escape sequence '\\" + (char) (e & 0xff) + "'");
          }
        }
      }
      fam.help = true;
      return;
    }
    if (fam.kind != null) {
      throw error(
          "second TYPE line for metric name "
              + goQuote(fam.name)
              + ", or TYPE reported after samples");
    }
    String t = utf8(b, i, end);
    fam.kind =
        switch (t.toUpperCase(Locale.ROOT)) {
          case "COUNTER" -> Family.Kind.COUNTER;
          case "GAUGE" -> Family.Kind.GAUGE;
          case "SUMMARY" -> Family.Kind.SUMMARY;
          case "HISTOGRAM" -> Family.Kind.HISTOGRAM;
          case "UNTYPED" -> Family.Kind.UNTYPED;
          case "GAUGE_HISTOGRAM", "GAUGEHISTOGRAM" -> Family.Kind.GAUGE_HISTOGRAM;
          default -> throw error("unknown metric type " + goQuote(t));
        };
  }

  private String tokenName;

  /**
   * Reads a metric name (legacy characters, or a quoted name) at i into {@link #tokenName}; returns
   * its end (i when there is none).
   */
  private int nameToken(byte[] b, int i, int end) throws ExpositionException {
    if (i < end && b[i] == '"') {
      int after = readQuoted(b, i + 1, end, "metric name");
      String s = str(scratch, 0, scratchLen);
      if (!legacyMetricName(s)) {
        throw error("invalid metric name " + goQuote(s));
      }
      tokenName = s;
      return after;
    }
    int e = metricNameEnd(b, i, end);
    tokenName = e > i ? str(b, i, e) : "";
    return e;
  }

  private void sample(byte[] b, int i, int end) throws ExpositionException {
    nLabels = 0;
    valueBufLen = 0;
    rawValues = false;
    fam = null;
    boolean braces = b[i] == '{';
    if (!braces) {
      int e = nameToken(b, i, end);
      if (e == i) {
        throw error("invalid metric name");
      }
      startFamily();
      i = skipBlank(b, e, end);
    }
    double bound = Double.NaN;
    if (i < end && b[i] == '{') {
      i = labels(b, i + 1, end, braces);
      bound = special;
    }
    if (fam == null) {
      throw error("invalid metric name");
    }
    int ve = tokenEnd(b, i, end);
    double value;
    try {
      value = parseValue(b, i, ve);
    } catch (NumberFormatException e) {
      throw error("expected float as value, got " + goQuote(utf8(b, i, ve)));
    }
    long ts = Long.MIN_VALUE;
    if (ve < end) {
      int ts0 = skipBlank(b, ve, end);
      int tsEnd = tokenEnd(b, ts0, end);
      try {
        ts = parseInt64(b, ts0, tsEnd);
      } catch (NumberFormatException e) {
        throw error("expected integer as timestamp, got " + goQuote(utf8(b, ts0, tsEnd)));
      }
      if (tsEnd < end) {
        throw error("spurious string after timestamp: " + goQuote(utf8(b, tsEnd, end)));
      }
    }
    switch (fam.kind) {
      case COUNTER, GAUGE, UNTYPED -> simple(fam, value, ts);
      case SUMMARY, HISTOGRAM -> {
        materializeValues();
        Series s = fam.series(seriesKey(), labels, nLabels);
        if (ts != Long.MIN_VALUE) {
          s.timestampMs = ts;
        }
        if (role == ROLE_COUNT) {
          s.count = value;
        } else if (role == ROLE_SUM) {
          s.sum = value;
        } else if (!Double.isNaN(bound)) {
          s.add(bound, value);
        }
      }
      default -> throw error("unexpected type for metric name " + goQuote(fam.name));
    }
  }

  private void startFamily() {
    resolve(tokenName);
    if (fam.kind == null) {
      fam.kind = Family.Kind.UNTYPED;
    }
    if ((fam.kind == Family.Kind.SUMMARY || fam.kind == Family.Kind.HISTOGRAM)
        && fam.series == null) {
      groupedFamilies.add(fam);
      fam.series = new java.util.LinkedHashMap<>();
    }
  }

  private double special;
  private byte[] lastValueSrc;
  private int lastValueOff;
  private int lastValueLen;

  /** Reads a label set after '{'; returns the index after '}' and blanks. */
  private int labels(byte[] b, int i, int end, boolean braces) throws ExpositionException {
    special = Double.NaN;
    while (true) {
      i = skipBlank(b, i, end);
      if (i < end && b[i] == '}') {
        return skipBlank(b, i + 1, end);
      }
      String name;
      int ne;
      if (i < end && b[i] == '"') {
        ne = readQuoted(b, i + 1, end, "label name");
        name = str(scratch, 0, scratchLen);
      } else {
        ne = labelNameEnd(b, i, end);
        if (ne == i) {
          throw error("invalid label name for metric " + goQuote(fam == null ? "" : fam.name));
        }
        name = str(b, i, ne);
      }
      i = skipBlank(b, ne, end);
      if (i >= end || b[i] != '=') {
        if (braces && i < end && (b[i] == ',' || b[i] == '}')) {
          if (!legacyMetricName(name)) {
            throw error("invalid metric name " + goQuote(name));
          }
          tokenName = name;
          startFamily();
          if (b[i] == ',') {
            i++;
            continue;
          }
          return skipBlank(b, i + 1, end);
        }
        if (braces && i < end) {
          throw error("unexpected end of metric value " + goQuoteByte(b[i]));
        }
        throw error("expected '=' after label name, found " + goQuoteByte(i < end ? b[i] : 10));
      }
      if (fam == null) {
        throw error("invalid metric name");
      }
      if (name.equals("__name__")) {
        throw error("label name \"__name__\" is reserved");
      }
      boolean isQuantile = fam.kind == Family.Kind.SUMMARY && name.equals("quantile");
      boolean isLe = fam.kind == Family.Kind.HISTOGRAM && name.equals("le");
      if (!isQuantile && !isLe) {
        for (int k = 0; k < nLabels; k += 2) {
          if (labels[k].equals(name)) {
            throw error("duplicate label names for metric " + goQuote(fam.name));
          }
        }
      }
      i = skipBlank(b, i + 1, end);
      if (i >= end || b[i] != '"') {
        throw error(
            "expected '\"' at start of label value, found " + goQuoteByte(i < end ? b[i] : 10));
      }
      byte[] vb;
      int v0;
      int v1;
      int q = quotedEnd(b, i + 1, end);
      if (q >= 0) { // no escapes: the value is the range itself
        vb = b;
        v0 = i + 1;
        v1 = q;
        i = q + 1;
      } else {
        i = readQuoted(b, i + 1, end, "label value");
        vb = scratch;
        v0 = 0;
        v1 = scratchLen;
      }
      if (!StringCache.ascii(vb, v0, v1 - v0)) {
        try {
          StringCache.decodeUtf8(vb, v0, v1 - v0);
        } catch (java.nio.charset.CharacterCodingException e) {
          throw error("invalid label value " + goQuote(latin1(vb, v0, v1)));
        }
      }
      if (isQuantile || isLe) {
        try {
          special = parseValue(vb, v0, v1);
        } catch (NumberFormatException e) {
          throw error(
              "expected float as value for '"
                  + (isLe ? "le" : "quantile")
                  + "' label, got "
                  + goQuote(utf8(vb, v0, v1)));
        }
      } else {
        addRawLabel(name, vb, v0, v1 - v0);
      }
      lastValueSrc = vb;
      lastValueOff = v0;
      lastValueLen = v1 - v0;
      i = skipBlank(b, i, end);
      if (i < end && b[i] == ',') {
        i++;
      } else if (i < end && b[i] == '}') {
        return skipBlank(b, i + 1, end);
      } else {
        throw error(
            "unexpected end of label value "
                + goQuote(utf8(lastValueSrc, lastValueOff, lastValueOff + lastValueLen)));
      }
    }
  }
}
