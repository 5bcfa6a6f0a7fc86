package io.jagent.outputs.wavefront;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jagent.spi.Metric;
import io.jagent.testing.ManualClock;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vectors of {@code src/test/resources/testcases/<case>/}: {@code options.toml} (the body of
 * {@code [[outputs.wavefront]]}; a proxy url is added when it has neither url nor host), {@code
 * input.lp} (metrics in line protocol) → {@code expected.txt} (the exact lines, compared sorted).
 * Every line written is also checked by Wavefront's own parser (see {@link CapturingSender}).
 */
class WavefrontVectorTest {
  static final String DEFAULT_SOURCE = "agent-host";
  private static final Path CASES = Path.of("src/test/resources/testcases");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(CASES)) {
      return s
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void vector(String name) throws Exception {
    Path dir = CASES.resolve(name);
    String options = Files.readString(dir.resolve("options.toml"), StandardCharsets.UTF_8);
    List<Metric> metrics =
        LineProtocol.parse(Files.readString(dir.resolve("input.lp"), StandardCharsets.UTF_8));
    List<String> expected =
        Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isEmpty())
            .sorted()
            .toList();

    List<String> got = format(options, metrics);
    assertEquals(expected, got.stream().sorted().toList());
  }

  /** Writes {@code metrics} through an output configured by {@code options}; returns the lines. */
  static List<String> format(String options, List<Metric> metrics) throws IOException {
    if (!hasKey(options)) {
      options = "url = \"http://127.0.0.1:2878\"\n" + options;
    }
    WavefrontConfig c = PluginConfigs.parse(new WavefrontOutputFactory(), options);
    CapturingSender sender = new CapturingSender();
    try (TestPluginContext ctx = new TestPluginContext("outputs.wavefront", new ManualClock());
        WavefrontOutput out = new WavefrontOutput(c, ctx, sender, DEFAULT_SOURCE)) {
      out.write(metrics);
    }
    return sender.lines();
  }

  private static boolean hasKey(String options) {
    return options
        .lines()
        .map(String::trim)
        .anyMatch(l -> l.startsWith("url") || l.startsWith("host"));
  }
}
