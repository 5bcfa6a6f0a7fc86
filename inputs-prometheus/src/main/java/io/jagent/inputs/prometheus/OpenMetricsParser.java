package io.jagent.inputs.prometheus;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * OpenMetrics 1.0 text (reference §4.3, §5): families introduced by their metadata, suffixes
 * stripped by type, float-second timestamps, exemplars parsed and dropped, {@code # EOF} required.
 */
final class OpenMetricsParser extends ExpositionParser {
  private Family fam;
  private boolean eof;

  OpenMetricsParser(MetricMapper mapper, int bufferSize) {
    super(mapper, bufferSize);
  }

  @Override
  void end(long lastLine) throws ExpositionException {
    if (!eof) {
      throw new ExpositionException(0, "data does not end with # EOF");
    }
  }

  @Override
  void line(byte[] b, int start, int end, boolean terminated) throws ExpositionException {
    if (eof) {
      throw error("unexpected data after # EOF");
    }
    if (start == end) {
      throw error("unexpected empty line");
    }
    if (b[start] == '#') {
      comment(b, start, end);
    } else {
      sample(b, start, end);
    }
  }

  private static boolean is(byte[] b, int i, int end, String s) {
    if (end - i < s.length()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (b[i + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private void comment(byte[] b, int i, int end) throws ExpositionException {
    if (end - i == 5 && is(b, i, end, "# EOF")) {
      eof = true;
      return;
    }
    int kind;
    if (is(b, i, end, "# TYPE ")) {
      kind = 0;
    } else if (is(b, i, end, "# HELP ")) {
      kind = 1;
    } else if (is(b, i, end, "# UNIT ")) {
      kind = 2;
    } else {
      throw error("invalid comment line " + goQuote(utf8(b, i, end)));
    }
    i += 7;
    int ne = metricNameEnd(b, i, end);
    if (ne == i) {
      throw error("invalid metric name in comment");
    }
    String name = str(b, i, ne);
    if (fam == null || !fam.name.equals(name)) {
      newFamily(name);
    }
    String rest = ne < end ? utf8(b, ne + 1, end) : "";
    if (ne < end && b[ne] != ' ') {
      throw error("invalid metric name in comment");
    }
    switch (kind) {
      case 0 -> {
        if (fam.kind != null) {
          throw error("second TYPE line for metric name " + goQuote(name));
        }
        fam.kind =
            switch (rest) {
              case "counter" -> Family.Kind.COUNTER;
              case "gauge" -> Family.Kind.GAUGE;
              case "histogram" -> Family.Kind.HISTOGRAM;
              case "gaugehistogram" -> Family.Kind.GAUGE_HISTOGRAM;
              case "summary" -> Family.Kind.SUMMARY;
              case "info" -> Family.Kind.INFO;
              case "stateset" -> Family.Kind.STATESET;
              case "unknown" -> Family.Kind.UNKNOWN;
              default -> throw error("invalid metric type " + goQuote(rest));
            };
        if (fam.kind.grouped()) {
          groupedFamilies.add(fam);
        }
      }
      case 1 -> {
        if (fam.help) {
          throw error("second HELP line for metric name " + goQuote(name));
        }
        fam.help = true;
      }
      default -> {
        if (!rest.isEmpty() && !name.endsWith("_" + rest)) {
          throw error("unit " + goQuote(rest) + " not a suffix of metric " + goQuote(name));
        }
        fam.unit = rest;
      }
    }
  }

  private void newFamily(String name) {
    fam = new Family(name);
  }

  /** The role of a sample name within the current family, or -1 when it does not belong. */
  private static final int BASE = 0;

  private static final int TOTAL = 1;
  private static final int CREATED = 2;
  private static final int BUCKET = 3;
  private static final int COUNT = 4;
  private static final int SUM = 5;
  private static final int INFO = 6;

  private int role(String name) {
    Family.Kind k = fam.kind == null ? Family.Kind.UNKNOWN : fam.kind;
    String f = fam.name;
    if (name.equals(f)) {
      return switch (k) {
        case GAUGE, UNKNOWN, STATESET, SUMMARY -> BASE;
        default -> -1;
      };
    }
    if (!name.startsWith(f) || name.length() <= f.length() + 1 || name.charAt(f.length()) != '_') {
      return -1;
    }
    String suffix = name.substring(f.length());
    return switch (k) {
      case COUNTER -> suffix.equals("_total") ? TOTAL : suffix.equals("_created") ? CREATED : -1;
      case HISTOGRAM, SUMMARY ->
          switch (suffix) {
            case "_bucket" -> k == Family.Kind.HISTOGRAM ? BUCKET : -1;
            case "_count" -> COUNT;
            case "_sum" -> SUM;
            case "_created" -> CREATED;
            default -> -1;
          };
      case GAUGE_HISTOGRAM ->
          switch (suffix) {
            case "_bucket" -> BUCKET;
            case "_gcount" -> COUNT;
            case "_gsum" -> SUM;
            default -> -1;
          };
      case INFO -> suffix.equals("_info") ? INFO : -1;
      default -> -1;
    };
  }

  private void sample(byte[] b, int i, int end) throws ExpositionException {
    nLabels = 0;
    int ne = metricNameEnd(b, i, end);
    if (ne == i) {
      throw error("invalid metric name");
    }
    String name = str(b, i, ne);
    int r = fam == null ? -1 : role(name);
    if (r < 0) {
      newFamily(name);
      fam.kind = Family.Kind.UNKNOWN;
      r = BASE;
    } else if (fam.kind == null) {
      fam.kind = Family.Kind.UNKNOWN;
    }
    String special =
        switch (fam.kind) {
          case HISTOGRAM, GAUGE_HISTOGRAM -> r == BUCKET ? "le" : null;
          case SUMMARY -> r == BASE ? "quantile" : null;
          case STATESET -> fam.name;
          default -> null;
        };
    i = ne;
    specialValue = null;
    if (i < end && b[i] == '{') {
      i = labels(b, i + 1, end, special);
    }
    if (i >= end || b[i] != ' ') {
      throw error("expected value after metric " + goQuote(name));
    }
    i++;
    int ve = tokenEnd(b, i, end);
    double value;
    try {
      value = parseValue(b, i, ve);
    } catch (NumberFormatException e) {
      throw error("expected float as value, got " + goQuote(utf8(b, i, ve)));
    }
    long ts = Long.MIN_VALUE;
    i = ve;
    if (i < end && !(end - i >= 3 && is(b, i, end, " # "))) {
      int t0 = i + 1;
      int te = tokenEnd(b, t0, end);
      try {
        ts = (long) (parseValue(b, t0, te) * 1000.0);
      } catch (NumberFormatException e) {
        throw error("expected timestamp, got " + goQuote(utf8(b, t0, te)));
      }
      i = te;
    }
    if (i < end) {
      exemplar(b, i, end);
    }
    emit(r, special, value, ts);
  }

  private void exemplar(byte[] b, int i, int end) throws ExpositionException {
    if (!(end - i >= 4 && is(b, i, end, " # {"))) {
      throw error("unexpected text after value: " + goQuote(utf8(b, i, end)));
    }
    int saved = nLabels;
    i = labels(b, i + 4, end, null);
    nLabels = saved;
    if (i >= end || b[i] != ' ') {
      throw error("expected exemplar value");
    }
    int ve = tokenEnd(b, i + 1, end);
    try {
      parseValue(b, i + 1, ve);
      if (ve < end) {
        int te = tokenEnd(b, ve + 1, end);
        if (te < end || te == ve + 1) {
          throw new NumberFormatException();
        }
        parseValue(b, ve + 1, te);
      }
    } catch (NumberFormatException e) {
      throw error("invalid exemplar " + goQuote(utf8(b, i, end)));
    }
  }

  private void emit(int r, String special, double value, long ts) throws ExpositionException {
    switch (fam.kind) {
      case COUNTER -> {
        if (r == TOTAL) {
          simple(fam, value, ts);
        }
      }
      case GAUGE, UNKNOWN, UNTYPED -> simple(fam, value, ts);
      default -> {
        if (fam.kind.grouped() && fam.series == null) {
          fam.series = new java.util.LinkedHashMap<>();
        }
        Series s = fam.series(seriesKey(), labels, nLabels);
        if (ts != Long.MIN_VALUE) {
          s.timestampMs = ts;
        }
        switch (r) {
          case COUNT -> s.count = value;
          case SUM -> s.sum = value;
          case CREATED -> created(s, value);
          case BUCKET, BASE -> {
            if (fam.kind == Family.Kind.STATESET) {
              if (specialValue == null) {
                throw error("stateset sample without label " + goQuote(fam.name));
              }
              s.addState(specialValue, value);
            } else if (special != null && specialValue != null) {
              double bound;
              try {
                bound =
                    parseValue(
                        specialValue.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        0,
                        specialValue.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
              } catch (NumberFormatException e) {
                throw error(
                    "expected float as value for '"
                        + special
                        + "' label, got "
                        + goQuote(specialValue));
              }
              s.add(bound, value);
            }
          }
          default -> {}
        }
      }
    }
  }

  private static void created(Series s, double value) {
    BigDecimal d = new BigDecimal(GoFloat.formatG(value).replace("e+", "e"));
    BigDecimal sec = d.setScale(0, RoundingMode.FLOOR);
    s.hasCreated = true;
    s.createdSeconds = sec.longValue();
    s.createdNanos =
        d.subtract(sec).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).intValue();
  }

  /** Reads an OpenMetrics label set after '{'; the label named {@code special} is set aside. */
  private int labels(byte[] b, int i, int end, String special) throws ExpositionException {
    while (true) {
      if (i < end && b[i] == '}') {
        return i + 1;
      }
      int ne = labelNameEnd(b, i, end);
      if (ne == i || ne >= end || b[ne] != '=') {
        throw error("invalid label name for metric " + goQuote(fam.name));
      }
      String name = str(b, i, ne);
      if (ne + 1 >= end || b[ne + 1] != '"') {
        throw error("expected '\"' at start of label value");
      }
      String value;
      int q = quotedEnd(b, ne + 2, end);
      try {
        if (q >= 0) {
          value = cache.get(b, ne + 2, q);
          i = q + 1;
        } else {
          i = readQuoted(b, ne + 2, end, "label value");
          value = cache.get(scratch, 0, scratchLen);
        }
      } catch (java.nio.charset.CharacterCodingException e) {
        throw error("invalid label value");
      }
      if (name.equals(special)) {
        specialValue = value;
      } else {
        for (int k = 0; k < nLabels; k += 2) {
          if (labels[k].equals(name)) {
            throw error("duplicate label names for metric " + goQuote(fam.name));
          }
        }
        addLabel(name, value);
      }
      if (i < end && b[i] == ',') {
        i++;
      } else if (!(i < end && b[i] == '}')) {
        throw error("unexpected end of label value " + goQuote(value));
      }
    }
  }
}
