package io.jagent.inputs.prometheus;

import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import java.math.BigDecimal;
import java.util.Arrays;

/** Line protocol for test expectations: sorted tags and fields, NaN/Inf printed as such. */
final class Lp {
  private Lp() {}

  static String format(Metric m) {
    StringBuilder sb = new StringBuilder(escape(m.name(), ", "));
    for (int i = 0; i < m.tagCount(); i++) {
      sb.append(',')
          .append(escape(m.tagKey(i), ",= "))
          .append('=')
          .append(escape(m.tagValue(i), ",= "));
    }
    String[] keys = new String[m.fieldCount()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = m.fieldKey(i);
    }
    Arrays.sort(keys);
    sb.append(' ');
    for (int i = 0; i < keys.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(escape(keys[i], ",= ")).append('=').append(value(m.field(keys[i])));
    }
    if (m.hasTime()) {
      sb.append(' ').append(m.timeNanos());
    }
    return sb.toString();
  }

  static String value(Object v) {
    if (v instanceof Double d) {
      if (d.isNaN()) {
        return "NaN";
      }
      if (d.isInfinite()) {
        return d > 0 ? "+Inf" : "-Inf";
      }
      if (d == 0) {
        return "0";
      }
      return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
    if (v instanceof Long l) {
      return l + "i";
    }
    if (v instanceof Unsigned u) {
      return u + "u";
    }
    if (v instanceof String s) {
      return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
    return String.valueOf(v);
  }

  private static String escape(String s, String chars) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (chars.indexOf(c) >= 0) {
        sb.append('\\');
      }
      if (c == '\n') {
        sb.append("\\n");
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
