package io.jagent.outputs.wavefront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.wavefront.api.agent.ValidationConfiguration;
import com.wavefront.data.Validation;
import com.wavefront.ingester.ReportPointDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import wavefront.report.ReportPoint;

/**
 * Every line our tests capture goes through here: it is read by Wavefront's own parser ({@code
 * com.wavefront:java-lib}: {@link ReportPointDecoder} + {@link Validation#validatePoint}), which
 * must accept it, and by a small independent reader of the line; both must agree on name, value,
 * timestamp, source and point tags.
 */
final class WavefrontParserCheck {
  private WavefrontParserCheck() {}

  /** A line as read by {@link #read}. */
  record Point(String name, double value, Long seconds, String source, Map<String, String> tags) {}

  /** Checks every line of {@code text} (newline-terminated lines); returns them. */
  static List<String> checkAll(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    assertTrue(text.endsWith("\n"), "output must end with a newline: " + text);
    List<String> lines = List.of(text.substring(0, text.length() - 1).split("\n", -1));
    for (String l : lines) {
      check(l);
    }
    return lines;
  }

  /** Parses one line with Wavefront's decoder and validation; fails the test on any mismatch. */
  static ReportPoint check(String line) {
    Point p = read(line);
    List<ReportPoint> out = new ArrayList<>();
    try {
      new ReportPointDecoder(() -> "no-source-given", List.of())
          .decode(line, out, "customer", null);
    } catch (RuntimeException e) {
      throw new AssertionError("Wavefront's parser refuses <" + line + ">: " + e, e);
    }
    assertEquals(1, out.size(), line);
    ReportPoint rp = out.get(0);
    try {
      Validation.validatePoint(rp, new ValidationConfiguration());
    } catch (RuntimeException e) {
      throw new AssertionError("Wavefront's validation refuses <" + line + ">: " + e, e);
    }
    assertEquals(p.name(), rp.getMetric(), "name of " + line);
    assertEquals(
        Double.valueOf(p.value()),
        Double.valueOf(((Number) rp.getValue()).doubleValue()),
        "value of " + line);
    if (p.seconds() != null) {
      assertEquals(p.seconds() * 1000, rp.getTimestamp(), "timestamp of " + line);
    }
    assertEquals(p.source(), rp.getHost(), "source of " + line);
    // Wavefront stores a point tag named "tag" as "_tag" (it is reserved); same for Telegraf
    Map<String, String> tags = new LinkedHashMap<>();
    p.tags().forEach((k, v) -> tags.put(k.equals("tag") ? "_tag" : k, v));
    assertEquals(tags, rp.getAnnotations(), "tags of " + line);
    return rp;
  }

  /**
   * An independent reading of a line as the SDK writes it: {@code "name" value [seconds]
   * source="..." "k"="v"...}; inside quotes only {@code \"} is an escape.
   */
  static Point read(String line) {
    int[] pos = {0};
    String name = quoted(line, pos, "name");
    expect(line, pos, ' ');
    String value = bare(line, pos);
    Long seconds = null;
    String source = null;
    Map<String, String> tags = new LinkedHashMap<>();
    while (pos[0] < line.length()) {
      expect(line, pos, ' ');
      if (line.startsWith("source=", pos[0])) {
        pos[0] += "source=".length();
        source = quoted(line, pos, "source");
      } else if (line.charAt(pos[0]) == '"') {
        String k = quoted(line, pos, "tag key");
        expect(line, pos, '=');
        String v = quoted(line, pos, "tag value");
        if (tags.put(k, v) != null) {
          fail("tag " + k + " twice in " + line);
        }
      } else if (seconds == null && source == null) {
        seconds = Long.parseLong(bare(line, pos));
      } else {
        fail("unexpected token at " + pos[0] + " in " + line);
      }
    }
    if (source == null) {
      fail("no source in " + line);
    }
    return new Point(name, Double.parseDouble(value), seconds, source, tags);
  }

  private static void expect(String line, int[] pos, char c) {
    if (pos[0] >= line.length() || line.charAt(pos[0]) != c) {
      fail("expected '" + c + "' at " + pos[0] + " in " + line);
    }
    pos[0]++;
  }

  private static String bare(String line, int[] pos) {
    int s = pos[0];
    while (pos[0] < line.length() && line.charAt(pos[0]) != ' ') {
      pos[0]++;
    }
    return line.substring(s, pos[0]);
  }

  private static String quoted(String line, int[] pos, String what) {
    expect(line, pos, '"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos[0] >= line.length()) {
        fail("unterminated " + what + " in " + line);
      }
      char c = line.charAt(pos[0]++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\' && pos[0] < line.length() && line.charAt(pos[0]) == '"') {
        sb.append('"');
        pos[0]++;
      } else {
        sb.append(c);
      }
    }
  }
}
