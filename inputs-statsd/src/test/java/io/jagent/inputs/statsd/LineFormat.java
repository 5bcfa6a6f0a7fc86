package io.jagent.inputs.statsd;

import io.jagent.spi.Metric;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Test-side line format: {@code name,tags fields} with sorted fields, no timestamp; tags with empty
 * values and non-finite floats omitted as the influx serializer does; a metric with no field left
 * yields null.
 */
final class LineFormat {
  private LineFormat() {}

  static String format(Metric m) {
    StringBuilder sb = new StringBuilder(m.name());
    for (int i = 0; i < m.tagCount(); i++) {
      if (!m.tagValue(i).isEmpty()) {
        sb.append(',').append(m.tagKey(i)).append('=').append(m.tagValue(i));
      }
    }
    TreeMap<String, Object> fields = new TreeMap<>(m.fields());
    List<String> parts = new ArrayList<>();
    fields.forEach(
        (k, v) -> {
          if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
              return;
            }
            parts.add(k + "=" + formatDouble(d));
          } else if (v instanceof Long l) {
            parts.add(k + "=" + l + "i");
          } else if (v instanceof String s) {
            parts.add(
                k
                    + "=\""
                    + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                    + "\"");
          } else {
            parts.add(k + "=" + v);
          }
        });
    if (parts.isEmpty()) {
      return null;
    }
    return sb.append(' ').append(String.join(",", parts)).toString();
  }

  static String formatDouble(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  static List<String> lines(List<Metric> metrics) {
    List<String> out = new ArrayList<>();
    for (Metric m : metrics) {
      String l = format(m);
      if (l != null) {
        out.add(l);
      }
    }
    out.sort(null);
    return out;
  }
}
