package io.jagent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {
  @TempDir Path dir;

  private ClassLoader servicesLoader(String inputs, String outputs) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve("io.jagent.spi.InputFactory"), inputs);
    Files.writeString(services.resolve("io.jagent.spi.OutputFactory"), outputs);
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  @Test
  void loadsFactoriesThroughServiceLoader() throws Exception {
    ClassLoader cl =
        servicesLoader(
            ServiceLoadedFactories.Alpha.class.getName() + "\n",
            "# comment\n" + ServiceLoadedFactories.Zulu.class.getName() + "\n");
    PluginRegistry r = PluginRegistry.load(cl);
    // built-in plugins of agent-core (internal, file, health) are on the class path too
    assertTrue(r.inputNames().contains("alpha"), r.inputNames().toString());
    assertTrue(r.outputNames().contains("zulu"), r.outputNames().toString());
    assertFalse(r.outputNames().contains("alpha"));
    assertTrue(r.input("alpha").isPresent());
    assertTrue(r.input("zulu").isEmpty());
    assertTrue(r.output("zulu").isPresent());
  }

  @Test
  void duplicateNamesAreAnErrorAtLoad() throws Exception {
    ClassLoader cl =
        servicesLoader(
            ServiceLoadedFactories.Alpha.class.getName()
                + "\n"
                + ServiceLoadedFactories.AlphaAgain.class.getName()
                + "\n",
            "");
    ConfigException e = assertThrows(ConfigException.class, () -> PluginRegistry.load(cl));
    assertEquals(1, e.problems().size());
    assertTrue(e.getMessage().startsWith("inputs.alpha: two plugins claim this name"));
    assertTrue(e.getMessage().contains("AlphaAgain"));
  }

  @Test
  void aBrokenServiceEntryIsAConfigError() throws Exception {
    ClassLoader cl = servicesLoader("io.jagent.NoSuchFactory\n", "");
    ConfigException e = assertThrows(ConfigException.class, () -> PluginRegistry.load(cl));
    assertTrue(e.getMessage().startsWith("cannot load a plugin: "), e.getMessage());
  }

  @Test
  void namesAreSorted() throws Exception {
    PluginRegistry r = StubFactories.registry();
    assertEquals(List.of("mem", "prometheus", "statsd"), r.inputNames());
    assertEquals(List.of("file", "influxdb", "wavefront"), r.outputNames());
    assertEquals("mem", r.inputs().get(0).name());
    assertEquals("file", r.outputs().get(0).name());
    assertSame(r.input("statsd").orElseThrow(), r.inputs().get(2));
    assertEquals(List.of(), PluginRegistry.empty().inputNames());
  }

  @Test
  void ofRejectsDuplicates() {
    assertThrows(
        ConfigException.class,
        () -> PluginRegistry.of(List.of(StubFactories.mem(), StubFactories.mem()), List.of()));
  }
}
