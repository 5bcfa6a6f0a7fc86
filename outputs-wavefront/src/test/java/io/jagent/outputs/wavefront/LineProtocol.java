package io.jagent.outputs.wavefront;

import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import java.util.ArrayList;
import java.util.List;

/**
 * A small Influx line-protocol reader for test inputs: escapes {@code \,} {@code \ } {@code \=} in
 * names, keys and tag values (any other backslash is literal), fields {@code 1i}, {@code 1u},
 * floats, {@code true}/{@code false}, {@code "strings"}; optional timestamp in ns. Lines starting
 * with {@code #} are comments.
 */
final class LineProtocol {
  private LineProtocol() {}

  static List<Metric> parse(String text) {
    List<Metric> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      out.add(parseLine(line));
    }
    return out;
  }

  static Metric parseLine(String line) {
    int[] p = {0};
    String name = token(line, p, ", ");
    Metric.Builder b = Metric.builder(name);
    while (p[0] < line.length() && line.charAt(p[0]) == ',') {
      p[0]++;
      String k = token(line, p, "=");
      p[0]++;
      String v = token(line, p, ", ");
      b.tag(k, v);
    }
    p[0]++; // space
    while (true) {
      String k = token(line, p, "=");
      p[0]++;
      b.field(k, value(line, p));
      if (p[0] < line.length() && line.charAt(p[0]) == ',') {
        p[0]++;
        continue;
      }
      break;
    }
    if (p[0] < line.length()) {
      b.time(Long.parseLong(line.substring(p[0] + 1).trim()));
    }
    return b.build();
  }

  private static String token(String line, int[] p, String stops) {
    StringBuilder sb = new StringBuilder();
    while (p[0] < line.length()) {
      char c = line.charAt(p[0]);
      if (c == '\\' && p[0] + 1 < line.length() && ", =".indexOf(line.charAt(p[0] + 1)) >= 0) {
        sb.append(line.charAt(p[0] + 1));
        p[0] += 2;
        continue;
      }
      if (stops.indexOf(c) >= 0) {
        break;
      }
      sb.append(c);
      p[0]++;
    }
    return sb.toString();
  }

  private static Object value(String line, int[] p) {
    if (line.charAt(p[0]) == '"') {
      StringBuilder sb = new StringBuilder();
      p[0]++;
      while (line.charAt(p[0]) != '"') {
        char c = line.charAt(p[0]);
        if (c == '\\' && "\"\\".indexOf(line.charAt(p[0] + 1)) >= 0) {
          c = line.charAt(++p[0]);
        }
        sb.append(c);
        p[0]++;
      }
      p[0]++;
      return sb.toString();
    }
    int s = p[0];
    while (p[0] < line.length() && line.charAt(p[0]) != ',' && line.charAt(p[0]) != ' ') {
      p[0]++;
    }
    String v = line.substring(s, p[0]);
    switch (v) {
      case "t", "T", "true", "True", "TRUE":
        return Boolean.TRUE;
      case "f", "F", "false", "False", "FALSE":
        return Boolean.FALSE;
      default:
        break;
    }
    if (v.endsWith("i")) {
      return Long.parseLong(v.substring(0, v.length() - 1));
    }
    if (v.endsWith("u")) {
      return new Unsigned(Long.parseUnsignedLong(v.substring(0, v.length() - 1)));
    }
    return Double.parseDouble(v);
  }
}
