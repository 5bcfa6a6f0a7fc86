package io.jagent.inputs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Status/variable rows → fields, one directory per case under {@code testcases/}: {@code input.tsv}
 * (name TAB value), {@code case.properties} (kind = status|variables, metric_version) and {@code
 * expected.txt} (sorted lines: {@code field=value} with i/u suffixes or quoted strings, {@code tag:
 * k=v}, {@code error: message}, {@code warn: key}).
 */
class ConversionVectorTest {

  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path root = Path.of(ConversionVectorTest.class.getResource("/testcases").toURI());
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    return dirs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void convertsRowsAsTelegraf(Path dir) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve("case.properties"))) {
      p.load(r);
    }
    int version = Integer.parseInt(p.getProperty("metric_version"));
    boolean status = p.getProperty("kind").equals("status");
    List<String> out = new ArrayList<>();
    Problems problems =
        new Problems() {
          @Override
          public void error(String message) {
            out.add("error: " + message);
          }

          @Override
          public void debug(String message) {}

          @Override
          public void warnOnce(String key, String message) {
            out.add("warn: " + key);
          }
        };
    Metric.Builder b = Metric.builder(status ? "mysql" : "mysql_variables");
    for (String line : Files.readAllLines(dir.resolve("input.tsv"), StandardCharsets.UTF_8)) {
      if (line.isEmpty()) {
        continue;
      }
      int tab = line.indexOf('\t');
      String name = line.substring(0, tab);
      String value = line.substring(tab + 1);
      if (status) {
        Conversions.globalStatus(version, name, value, b, problems);
      } else {
        Conversions.globalVariable(version, name, value, b, problems);
      }
    }
    Metric m = b.build();
    for (int i = 0; i < m.fieldCount(); i++) {
      out.add(m.fieldKey(i) + "=" + format(m.fieldValue(i)));
    }
    for (int i = 0; i < m.tagCount(); i++) {
      out.add("tag: " + m.tagKey(i) + "=" + m.tagValue(i));
    }
    List<String> expected =
        Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isEmpty())
            .sorted()
            .toList();
    assertEquals(String.join("\n", expected), String.join("\n", out.stream().sorted().toList()));
  }

  static String format(Object v) {
    if (v instanceof Long) {
      return v + "i";
    }
    if (v instanceof Unsigned) {
      return v + "u";
    }
    if (v instanceof String) {
      return "\"" + v + "\"";
    }
    return String.valueOf(v);
  }
}
