package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jagent.testing.ManualClock;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every {@code testcases/<case>/}: {@code agent.toml} is the plugin body, {@code input.txt}
 * the traffic, {@code expected.lp} the sorted lines of each gather.
 *
 * <p>input.txt: each line is one datagram, except between {@code #! packet} and {@code #! end} (one
 * datagram of those lines). Directives: {@code #! gather}, {@code #! advance <duration>}. {@code
 * <CR>} and {@code <TAB>} stand for those bytes; {@code ##} lines are comments. A final gather is
 * implied. expected.lp: one section per gather, separated by {@code #! gather}; {@code #! errors N}
 * checks the number of parse errors over the whole case.
 */
class StatsdVectorTest {
  private static final Path ROOT = Paths.get("src/test/resources/testcases");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(ROOT)) {
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
    Path dir = ROOT.resolve(name);
    String toml =
        Files.exists(dir.resolve("agent.toml")) ? Files.readString(dir.resolve("agent.toml")) : "";
    StatsdConfig cfg = PluginConfigs.parse(new StatsdInputFactory(), toml);
    ManualClock clock = new ManualClock(1_700_000_000_300_000_000L);
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", clock)) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      TestAccumulator acc = new TestAccumulator();
      engine.setLive(acc);
      InetSocketAddress sender = new InetSocketAddress("127.0.0.1", 40000);
      List<List<String>> actual = new ArrayList<>();
      List<String> lines = Files.readAllLines(dir.resolve("input.txt"), StandardCharsets.UTF_8);
      StringBuilder packet = null;
      boolean pendingGather = false;
      for (String raw : lines) {
        String line = raw.replace("<CR>", "\r").replace("<TAB>", "\t");
        if (line.startsWith("##")) {
          continue;
        }
        if (line.startsWith("#! ")) {
          String[] d = line.substring(3).trim().split("\\s+");
          switch (d[0]) {
            case "packet" -> packet = new StringBuilder();
            case "end" -> {
              send(engine, packet.toString(), sender);
              packet = null;
              pendingGather = true;
            }
            case "gather" -> {
              actual.add(gather(engine, acc));
              pendingGather = false;
            }
            case "advance" -> clock.advance(io.jagent.spi.Durations.parseGo(d[1], true));
            default -> throw new IllegalArgumentException("unknown directive " + line);
          }
          continue;
        }
        if (packet != null) {
          packet.append(line).append('\n');
          continue;
        }
        if (line.isEmpty()) {
          continue;
        }
        send(engine, line, sender);
        pendingGather = true;
      }
      if (pendingGather || actual.isEmpty()) {
        actual.add(gather(engine, acc));
      }
      List<List<String>> expected = new ArrayList<>();
      expected.add(new ArrayList<>());
      long expectedErrors = -1;
      for (String l : Files.readAllLines(dir.resolve("expected.lp"), StandardCharsets.UTF_8)) {
        if (l.startsWith("##") || l.isBlank()) {
          continue;
        }
        if (l.startsWith("#! gather")) {
          expected.add(new ArrayList<>());
        } else if (l.startsWith("#! errors")) {
          expectedErrors = Long.parseLong(l.substring(9).trim());
        } else {
          expected.get(expected.size() - 1).add(l);
        }
      }
      expected.forEach(s -> s.sort(null));
      assertEquals(render(expected), render(actual), name);
      if (expectedErrors >= 0) {
        assertEquals(
            expectedErrors,
            ctx.stat("statsd", "parse_errors", Map.of("address", cfg.serviceAddress())),
            name + ": parse errors " + acc.errors());
      }
    }
  }

  private static String render(List<List<String>> sections) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sections.size(); i++) {
      if (i > 0) {
        sb.append("#! gather\n");
      }
      sections.get(i).forEach(l -> sb.append(l).append('\n'));
    }
    return sb.toString();
  }

  private static void send(StatsdEngine engine, String s, InetSocketAddress sender) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    engine.offer(b, 0, b.length, sender, true);
  }

  private static List<String> gather(StatsdEngine engine, TestAccumulator acc) {
    engine.gather(acc);
    List<String> out = LineFormat.lines(acc.metrics());
    acc.clear();
    return out;
  }
}
