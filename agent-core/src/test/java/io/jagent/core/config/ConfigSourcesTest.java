package io.jagent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.ConfigLoader.LoadOptions;
import io.jagent.core.config.ConfigLoader.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {
  @TempDir Path tmp;

  private Path write(String rel, String text) throws Exception {
    Path p = tmp.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private Path etc() {
    return tmp.resolve("etc-telegraf");
  }

  private List<Path> resolve(List<String> files, List<String> dirs, Map<String, String> env)
      throws ConfigException {
    return ConfigLoader.resolveSources(files, dirs, env, tmp.resolve("home"), etc());
  }

  @Test
  void configFilesThenDirectoriesWalkedRecursivelyInLexicalOrder() throws Exception {
    Path a = write("a.conf", "");
    Path b = write("b.toml", "");
    write("d/z.conf", "");
    write("d/b/y.conf", "");
    write("d/a.conf", "");
    write("d/.conf", ""); // just ".conf": skipped
    write("d/notes.txt", "");
    write("d/..2024_01_01/x.conf", ""); // Kubernetes ConfigMap mount: skipped
    write("d/..data/x.conf", "");
    write("d/c.conf.bak", "");
    List<Path> got = resolve(List.of(a + "," + b), List.of(tmp.resolve("d").toString()), Map.of());
    assertEquals(
        List.of(a, b, tmp.resolve("d/a.conf"), tmp.resolve("d/b/y.conf"), tmp.resolve("d/z.conf")),
        got);
  }

  @Test
  void kubernetesConfigMapMountIsReadOnce() throws Exception {
    // kubelet: ..2024_01_01/agent.conf, ..data -> ..2024_01_01, agent.conf -> ..data/agent.conf
    Path mount = tmp.resolve("cm");
    write("cm/..2024_01_01/agent.conf", "");
    Files.createSymbolicLink(mount.resolve("..data"), Path.of("..2024_01_01"));
    Files.createSymbolicLink(mount.resolve("agent.conf"), Path.of("..data/agent.conf"));
    assertEquals(
        List.of(mount.resolve("agent.conf")),
        resolve(List.of(), List.of(mount.toString()), Map.of()));
  }

  @Test
  void repeatedFlagsKeepTheirOrder() throws Exception {
    Path x = write("x.conf", "");
    Path y = write("y.conf", "");
    assertEquals(List.of(y, x), resolve(List.of(y.toString(), x.toString()), List.of(), Map.of()));
  }

  @Test
  void defaultLocationsInTelegrafOrder() throws Exception {
    // nothing anywhere: empty, the caller runs its embedded default
    assertEquals(List.of(), resolve(List.of(), List.of(), Map.of()));

    Path etcFile = write("etc-telegraf/telegraf.conf", "");
    Path d1 = write("etc-telegraf/telegraf.d/10-in.conf", "");
    Path d2 = write("etc-telegraf/telegraf.d/sub/20-out.conf", "");
    assertEquals(List.of(etcFile, d1, d2), resolve(List.of(), List.of(), Map.of()));

    Path home = write("home/.telegraf/telegraf.conf", "");
    assertEquals(List.of(home), resolve(List.of(), List.of(), Map.of()));

    Path env = write("env.conf", "");
    assertEquals(
        List.of(env),
        resolve(List.of(), List.of(), Map.of("TELEGRAF_CONFIG_PATH", env.toString())));
    // a TELEGRAF_CONFIG_PATH that does not exist falls through to the next location
    assertEquals(
        List.of(home),
        resolve(List.of(), List.of(), Map.of("TELEGRAF_CONFIG_PATH", tmp + "/missing.conf")));
    // flags win over every default
    Path flag = write("flag.conf", "");
    assertEquals(List.of(flag), resolve(List.of(flag.toString()), List.of(), Map.of()));
  }

  @Test
  void etcDirectoryAloneIsUsed() throws Exception {
    Path d1 = write("etc-telegraf/telegraf.d/only.conf", "");
    assertEquals(List.of(d1), resolve(List.of(), List.of(), Map.of()));
  }

  @Test
  void remoteConfigsAreRefusedWithoutShowingCredentials() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> resolve(List.of("https://user:s3cret@example.com/c.toml"), List.of(), Map.of()));
    assertTrue(e.getMessage().contains("not supported yet"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    assertThrows(
        ConfigException.class,
        () ->
            resolve(List.of(), List.of(), Map.of("TELEGRAF_CONFIG_PATH", "http://example.com/x")));
  }

  @Test
  void missingConfigDirectoryIsAnError() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> resolve(List.of(), List.of(tmp.resolve("nope").toString()), Map.of()));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void readingReportsMissingAndBinaryFiles() throws Exception {
    Path bin = tmp.resolve("bin.conf");
    Files.write(bin, new byte[] {'a', 0, 'b'});
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.read(List.of(tmp.resolve("missing.conf"), bin)));
    assertEquals(2, e.problems().size());
    assertEquals(tmp.resolve("missing.conf") + ": no such file", e.problems().get(0).format());
    assertEquals(bin + ": provided config is not a TOML file", e.problems().get(1).format());
  }

  @Test
  void twoFilesAndADirectoryMerge() throws Exception {
    Path one =
        write(
            "one.conf",
            "\uFEFF[global_tags]\n  dc = \"eu\"\n[agent]\n  interval = \"5s\"\n[[inputs.mem]]\n");
    Path two =
        write(
            "two.conf",
            "[global_tags]\n  dc = \"us\"\n  rack = \"r1\"\n[[outputs.file]]\n"
                + "  files = [\"stdout\"]\n");
    write("conf.d/10-statsd.conf", "[[inputs.statsd]]\n  service_address = \":8125\"\n");
    write("conf.d/20-agent.conf", "[agent]\n  flush_interval = \"3s\"\n");
    List<Path> paths =
        resolve(
            List.of(one.toString(), two.toString()),
            List.of(tmp.resolve("conf.d").toString()),
            Map.of());
    AgentConfig c =
        ConfigLoader.load(
            ConfigLoader.read(paths),
            new LoadOptions(
                Map.of(), () -> "h", Set.of(), Set.of(), false, StubFactories.registry()));
    assertEquals(Map.of("dc", "us", "rack", "r1", "host", "h"), c.globalTags());
    assertEquals(Duration.ofSeconds(5), c.agent().interval());
    assertEquals(Duration.ofSeconds(3), c.agent().flushInterval());
    assertEquals(List.of("mem", "statsd"), c.inputs().stream().map(InputSpec::name).toList());
    assertEquals(tmp.resolve("conf.d/10-statsd.conf").toString(), c.inputs().get(1).file());
    assertEquals(4, c.sources().size());
    assertEquals(1, c.warnings().size(), c.warnings()::toString);
    assertEquals(Duration.ofSeconds(3), c.outputs().get(0).options().flushInterval());
  }

  @Test
  void sourceReadKeepsTheText() throws Exception {
    Path p = write("s.conf", "[[inputs.mem]]\n");
    assertEquals(new Source(p.toString(), "[[inputs.mem]]\n"), Source.read(p));
  }
}
