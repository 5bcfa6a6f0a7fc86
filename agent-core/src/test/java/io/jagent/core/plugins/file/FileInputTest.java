package io.jagent.core.plugins.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.InputFactory;
import io.jagent.spi.Metric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileInputTest {
  private final FileInputFactory factory = new FileInputFactory();

  private List<Metric> gather(String toml, Support.Acc acc) throws Exception {
    new FileInput(Support.config(factory, toml)).gather(acc);
    return acc.metrics;
  }

  @Test
  void sampleParses() {
    String body =
        factory
            .sampleConfig()
            .lines()
            .filter(l -> !l.startsWith("[["))
            .collect(Collectors.joining("\n"));
    FileInputConfig c = Support.config(factory, body);
    assertEquals(List.of("/tmp/metrics.out"), c.files());
    assertEquals(StandardCharsets.UTF_8, c.characterEncoding());
    assertEquals("", c.fileTag());
  }

  @Test
  @SuppressWarnings("rawtypes")
  void registered() {
    assertTrue(
        ServiceLoader.load(InputFactory.class).stream()
            .anyMatch(p -> p.get().name().equals("file")));
  }

  @Test
  void parsesFilesReportsBadLinesWithFileAndLineAndKeepsTheRest(@TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("m.lp");
    Files.writeString(f, "# header\ncpu,host=a v=1i 1\ncpu a\n\nmem free=2.5 2\nbad line here\n");
    Support.Acc acc = new Support.Acc();
    List<Metric> ms = gather("files = [\"" + f + "\"]\nfile_tag = \"source\"", acc);
    assertEquals(2, ms.size());
    assertEquals("m.lp", ms.get(0).tag("source"));
    assertEquals(1L, ms.get(0).field("v"));
    assertEquals(2.5, ms.get(1).field("free"));
    assertEquals(2, acc.errors.size());
    String e0 = acc.errors.get(0).getMessage();
    assertTrue(e0.contains(f.toString()) && e0.contains(" at 3:"), e0);
    assertTrue(acc.errors.get(1).getMessage().contains(" at 6:"), acc.errors.get(1).getMessage());
  }

  @Test
  void globsIncludingRecursive(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("x.lp"), "m v=1i 1\n");
    Files.writeString(dir.resolve("y.txt"), "m v=9i 1\n");
    Files.writeString(dir.resolve("a/z.lp"), "m v=2i 2\n");
    Files.writeString(dir.resolve("a/b/w.lp"), "m v=3i 3\n");
    Support.Acc acc = new Support.Acc();
    assertEquals(1, gather("files = [\"" + dir + "/*.lp\"]", acc).size());
    acc = new Support.Acc();
    List<Metric> all = gather("files = [\"" + dir + "/**/*.lp\"]", acc);
    assertEquals(3, all.size(), all.toString());
    assertTrue(acc.errors.isEmpty());
  }

  @Test
  void missingFilesAreAnError(@TempDir Path dir) throws Exception {
    Support.Acc acc = new Support.Acc();
    gather("files = [\"" + dir + "/nothing*.lp\"]", acc);
    assertEquals(1, acc.errors.size());
    assertTrue(acc.errors.get(0).getMessage().startsWith("could not find file(s)"));
  }

  @Test
  void utf16AndPrecision(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("u.lp");
    byte[] text = "温度 v=1i 1700000000\n".getBytes(StandardCharsets.UTF_16LE);
    byte[] bom = {(byte) 0xff, (byte) 0xfe};
    byte[] all = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, all, 0, 2);
    System.arraycopy(text, 0, all, 2, text.length);
    Files.write(f, all);
    Support.Acc acc = new Support.Acc();
    List<Metric> ms =
        gather(
            "files = [\""
                + f
                + "\"]\ncharacter_encoding = \"utf-16le\"\ninflux_timestamp_precision = \"1s\"",
            acc);
    assertTrue(acc.errors.isEmpty(), acc.errors.toString());
    assertEquals("温度", ms.get(0).name());
    assertEquals(1_700_000_000_000_000_000L, ms.get(0).timeNanos());
  }

  @Test
  void badOptions() {
    assertTrue(
        Support.parse(factory, "files = [\"x\"]\ndata_format = \"csv\"")
            .errorText()
            .contains("not supported"));
    assertTrue(
        Support.parse(factory, "files = [\"x\"]\ncharacter_encoding = \"latin1\"")
            .errorText()
            .contains("unsupported encoding"));
    assertTrue(Support.parse(factory, "").errorText().contains("files"));
  }
}
