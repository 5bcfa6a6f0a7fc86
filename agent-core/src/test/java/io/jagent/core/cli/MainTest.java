package io.jagent.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path home;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    Main m =
        new Main(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            home,
            home.resolve("etc-telegraf"));
    return m.run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void versionFlagAndCommandPrintTheVersion() {
    assertEquals(0, run("--version"));
    assertTrue(out().startsWith("jagent "), out());
    out.reset();
    assertEquals(0, run("version"));
    assertTrue(out().startsWith("jagent "), out());
  }

  @Test
  void unknownCommandAndUnknownFlagExitOne() {
    assertEquals(1, run("frobnicate"));
    assertTrue(err().contains("unknown command \"frobnicate\""), err());
    assertEquals(1, run("--no-such-flag"));
  }

  @Test
  void singleDashFormsAreAccepted() {
    assertEquals(0, run("-version"));
  }

  @Test
  void usagePrintsTheSampleOfABuiltInPluginAndRefusesAnUnknownOne() {
    assertEquals(0, run("--usage", "file"));
    assertTrue(out().contains("[[outputs.file]]"), out());
    assertTrue(out().contains("[[inputs.file]]"), out());
    out.reset();
    assertEquals(1, run("--usage", "nope"));
    assertTrue(err().contains("input nope not found and output nope not found"), err());
  }

  @Test
  void configPrintsAgentDefaultsAndFiltersPlugins() {
    assertEquals(0, run("config", "--input-filter", "internal", "--output-filter", "file"));
    String s = out();
    assertTrue(s.contains("[agent]"), s);
    assertTrue(s.contains("interval = \"10s\""), s);
    assertTrue(s.contains("metric_buffer_limit = 10000"), s);
    assertTrue(s.contains("\n[[inputs.internal]]"), s);
    assertTrue(s.contains("\n[[outputs.file]]"), s);
    assertFalse(s.contains("outputs.health"), s);
  }

  @Test
  void configWithoutFiltersCommentsOutPluginsOutsideTheDefault() {
    assertEquals(0, run("config"));
    String s = out();
    assertTrue(s.contains("\n[[outputs.file]]"), s);
    assertTrue(s.contains("# [[outputs.health]]"), s);
  }

  @Test
  void nonStrictEnvHandlingIsRefused() {
    assertEquals(1, run("--non-strict-env-handling", "--test"));
    assertTrue(err().contains("not supported"), err());
  }

  @Test
  void testModeRunsAConfigAndPrintsLineProtocol() throws Exception {
    Path conf = home.resolve("t.conf");
    Files.writeString(
        conf, "[agent]\n  hostname = \"h1\"\n[[inputs.internal]]\n  collect_memstats = false\n");
    assertEquals(0, run("--config", conf.toString(), "--test"));
    assertTrue(out().lines().allMatch(l -> l.startsWith("> ")), out());
    assertTrue(out().contains("> internal_agent,host=h1,"), out());
  }

  @Test
  void aBrokenConfigExitsOneWithoutRunning() throws Exception {
    Path conf = home.resolve("b.conf");
    Files.writeString(conf, "[[inputs.internal]]\n  collect_memstat = false\n");
    assertEquals(1, run("--config", conf.toString(), "--test"));
    assertEquals("", out());
  }

  @Test
  void pidfileIsWrittenAndRemoved() throws Exception {
    Path conf = home.resolve("p.conf");
    Files.writeString(conf, "[[inputs.internal]]\n");
    Path pid = home.resolve("agent.pid");
    assertEquals(0, run("--config", conf.toString(), "--test", "--pidfile", pid.toString()));
    assertFalse(Files.exists(pid));
  }

  @Test
  void theEmbeddedDefaultParses() throws Exception {
    String text = Main.embeddedDefault();
    assertTrue(text.contains("[[inputs.statsd]]"));
    assertTrue(text.contains("[[outputs.file]]"));
  }
}
