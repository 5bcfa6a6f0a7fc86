package io.jagent.spi.lineprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jagent.spi.Metric;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vector cases in {@code testcases/lineprotocol/<case>/}: {@code input.txt} is parsed, every metric
 * serialized as {@code --test} does (sorted fields, {@code u} suffix), compared as sorted lines
 * with {@code expected.lp}; {@code error-lines.txt} (optional) lists the bad lines.
 */
class LineProtocolVectorTest {
  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path root =
        Path.of(LineProtocolVectorTest.class.getResource("/testcases/lineprotocol").toURI());
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    return dirs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void vector(Path dir) throws IOException {
    String input = Files.readString(dir.resolve("input.txt"), StandardCharsets.UTF_8);
    List<Metric> metrics = new ArrayList<>();
    List<Long> errorLines = new ArrayList<>();
    new LineProtocolParser().parse(input, metrics::add, e -> errorLines.add(e.lineNumber()));
    LineProtocolSerializer s = LineProtocolSerializer.forTest();
    List<String> got = metrics.stream().map(s::toLine).sorted().toList();
    List<String> expected =
        Files.readAllLines(dir.resolve("expected.lp"), StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isEmpty())
            .sorted()
            .toList();
    assertEquals(expected, got);
    Path errors = dir.resolve("error-lines.txt");
    if (Files.exists(errors)) {
      List<Long> want =
          Files.readAllLines(errors).stream().filter(l -> !l.isBlank()).map(Long::valueOf).toList();
      assertEquals(want, errorLines);
    } else {
      assertEquals(List.of(), errorLines);
    }
  }
}
