package io.jagent.core.plugins.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.spi.OutputFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOutputTest {
  private final FileOutputFactory factory = new FileOutputFactory();

  private static final List<Metric> BATCH =
      List.of(
          Metric.builder("cpu").tag("host", "a b").field("z", 1.5).field("a", 2L).time(1).build(),
          Metric.builder("empty").time(2).build(),
          Metric.builder("mem").unsignedField("u", -1L).time(3).build());

  @Test
  void sampleParsesToTheDefaults() {
    String body =
        factory
            .sampleConfig()
            .lines()
            .filter(l -> !l.startsWith("[["))
            .collect(Collectors.joining("\n"));
    assertEquals(Support.config(factory, ""), Support.config(factory, body));
    assertEquals(List.of("stdout"), Support.config(factory, "").files());
  }

  @Test
  @SuppressWarnings("rawtypes")
  void registered() {
    assertTrue(
        ServiceLoader.load(OutputFactory.class).stream()
            .anyMatch(p -> p.get().name().equals("file")));
  }

  @Test
  void writesToStdoutCaptured() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (Output o =
        factory.create(Support.config(factory, "files = [\"stdout\"]"), new Support.Ctx())) {
      o.connect();
      o.write(BATCH);
    } finally {
      System.setOut(old);
    }
    assertEquals(
        "cpu,host=a\\ b z=1.5,a=2i 1\nmem u=9223372036854775807i 3\n",
        captured.toString(StandardCharsets.UTF_8));
  }

  @Test
  void writesToSeveralFilesWithSerializerOptions(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.out");
    Path b = dir.resolve("b.out");
    Files.writeString(a, "existing\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FileOutputConfig c =
        Support.config(
            factory,
            "files = [\""
                + a
                + "\", \""
                + b
                + "\", \"stdout\"]\nuse_batch_format = true\n"
                + "influx_sort_fields = true\ninflux_uint_support = true\n");
    try (Output o = new FileOutput(c, new Support.Ctx(), out, out)) {
      o.connect();
      o.write(BATCH);
      o.write(List.of(Metric.builder("x").field("v", true).time(4).build()));
    }
    String expected = "cpu,host=a\\ b a=2i,z=1.5 1\nmem u=18446744073709551615u 3\nx v=true 4\n";
    assertEquals("existing\n" + expected, Files.readString(a));
    assertEquals(expected, Files.readString(b));
    assertEquals(expected, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void maxLineBytesAndOmitTimestamp(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.out");
    FileOutputConfig c =
        Support.config(
            factory,
            "files = [\"" + a + "\"]\ninflux_max_line_bytes = 20\ninflux_omit_timestamp = true");
    try (Output o = new FileOutput(c, new Support.Ctx(), System.out, System.err)) {
      o.connect();
      o.write(
          List.of(
              Metric.builder("m")
                  .field("aaaa", 1L)
                  .field("bbbb", 2L)
                  .field("cccc", 3L)
                  .time(1)
                  .build()));
    }
    assertEquals("m aaaa=1i,bbbb=2i\nm cccc=3i\n", Files.readString(a));
  }

  @Test
  void otherDataFormatsAreRefusedClearly() {
    Support.Parsed<FileOutputConfig> p = Support.parse(factory, "data_format = \"json\"");
    assertTrue(p.errorText().contains("data format \"json\" is not supported"), p.errorText());
    assertTrue(Support.parse(factory, "data_format = \"influx\"").errors().isEmpty());
  }

  @Test
  void rotationIsAcceptedWithAWarning() {
    Support.Parsed<FileOutputConfig> p =
        Support.parse(
            factory,
            "rotation_interval = \"1h\"\nrotation_max_size = \"10MB\"\nrotation_max_archives = 3");
    assertTrue(p.errors().isEmpty(), p.errorText());
    assertEquals(3, p.warnings().size(), p.warnings().toString());
  }
}
