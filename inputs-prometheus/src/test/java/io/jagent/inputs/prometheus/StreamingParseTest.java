package io.jagent.inputs.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.spi.MetricType;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser over chunk boundaries, buffer sizes and trickling streams. */
class StreamingParseTest {
  private static final long NOW = 1_700_000_000_000_000_000L;

  static String body() {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP kube_pod_info Information about pod.\n# TYPE kube_pod_info gauge\n");
    for (int i = 0; i < 300; i++) {
      sb.append("kube_pod_info{namespace=\"ns-")
          .append(i % 7)
          .append("\",pod=\"pod-")
          .append(i)
          .append("\",uid=\"")
          .append(Integer.toHexString(i * 7919))
          .append("\",node=\"node-")
          .append(i % 3)
          .append("\",created_by_kind=\"ReplicaSet\"} ")
          .append(i % 2)
          .append('\n');
    }
    sb.append("# TYPE lat histogram\n");
    for (int s = 0; s < 20; s++) {
      for (String le : new String[] {"0.005", "0.1", "1", "+Inf"}) {
        sb.append("lat_bucket{svc=\"s").append(s).append("\",le=\"").append(le).append("\"} ");
        sb.append(s).append('\n');
      }
      sb.append("lat_sum{svc=\"s").append(s).append("\"} 1.5\n");
      sb.append("lat_count{svc=\"s").append(s).append("\"} ").append(s).append('\n');
    }
    sb.append("# TYPE c counter\nc{v=\"").append("x".repeat(5000)).append("\"} 3\n");
    return sb.toString();
  }

  static List<String> parse(InputStream in, int buffer, int version) throws Exception {
    List<String> out = new ArrayList<>();
    Exposition.parse(
        in,
        Exposition.Format.TEXT,
        version,
        false,
        NOW,
        new String[0],
        buffer,
        m -> out.add(Lp.format(m)));
    out.sort(null);
    return out;
  }

  /** Returns at most {@code n} bytes per read, as a slow network would. */
  static InputStream trickle(byte[] b, int n) {
    return new FilterInputStream(new ByteArrayInputStream(b)) {
      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        return super.read(buf, off, Math.min(len, n));
      }
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 16, 100, 4096})
  void sameMetricsWhateverTheBufferSize(int size) throws Exception {
    byte[] b = body().getBytes(StandardCharsets.UTF_8);
    List<String> reference = parse(new ByteArrayInputStream(b), 64 * 1024, 2);
    assertEquals(300 + 20 * 5 + 1, reference.size());
    assertEquals(reference, parse(new ByteArrayInputStream(b), size, 2));
    assertEquals(reference, parse(trickle(b, 3), Math.max(size, 8), 2));
  }

  @Test
  void metricTypesFollowTheFamilyType() throws Exception {
    String text =
        "# TYPE c counter\nc 1\n# TYPE g gauge\ng 1\nu 1\n# TYPE s summary\ns_sum 1\ns_count 1\n"
            + "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n";
    List<Metric> out = new ArrayList<>();
    Exposition.parse(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        Exposition.Format.TEXT,
        1,
        false,
        NOW,
        new String[0],
        64,
        out::add);
    for (Metric m : out) {
      MetricType want =
          switch (m.name()) {
            case "c" -> MetricType.COUNTER;
            case "g" -> MetricType.GAUGE;
            case "s" -> MetricType.SUMMARY;
            case "h" -> MetricType.HISTOGRAM;
            default -> MetricType.UNTYPED;
          };
      assertEquals(want, m.type(), m.name());
    }
    assertEquals(5, out.size());
  }

  @Test
  void errorNamesTheLineAcrossChunks() {
    String text = "a 1\n".repeat(1000) + "b{x=\"1\" 2\n";
    ExpositionException e =
        assertThrows(
            ExpositionException.class,
            () -> parse(trickle(text.getBytes(StandardCharsets.UTF_8), 5), 16, 1));
    assertEquals(1001, e.line());
    assertTrue(e.getMessage().startsWith("text format parsing error in line 1001: "));
  }

  @Test
  void invalidUtf8LabelValueIsRejected() {
    byte[] b = {'m', '{', 'a', '=', '"', (byte) 0xff, '"', '}', ' ', '1', '\n'};
    ExpositionException e =
        assertThrows(ExpositionException.class, () -> parse(new ByteArrayInputStream(b), 64, 1));
    assertTrue(e.getMessage().contains("invalid label value"), e.getMessage());
  }

  @Test
  void publicHookParses() throws Exception {
    List<Metric> out = new ArrayList<>();
    PrometheusParseHook.parse(
        new ByteArrayInputStream("# TYPE x gauge\nx{a=\"b\"} 2\n".getBytes(StandardCharsets.UTF_8)),
        false,
        2,
        NOW,
        out::add);
    assertEquals(1, out.size());
    assertEquals("prometheus", out.get(0).name());
    assertEquals(2.0, out.get(0).field("x"));
  }

  @Test
  void aFailingBodyHandsOutNothing() {
    List<Metric> out = new ArrayList<>();
    String text = "a 1\n".repeat(5000) + "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nbad line\n";
    assertThrows(
        ExpositionException.class,
        () ->
            Exposition.parse(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                Exposition.Format.TEXT,
                1,
                false,
                NOW,
                new String[0],
                64,
                out::add));
    assertEquals(List.of(), out);
  }

  @Test
  void arenaKeepsValuesExactly() throws Exception {
    SampleArena arena = new SampleArena();
    Family f = new Family("f");
    String big = "v".repeat(SampleArena.CHUNK + 10);
    String[][] sets = {
      {"a", "plain"}, {"a", "ünïcödé ✓", "b", ""}, {"big", big}, {}, {"a", "x\ny\"z"}
    };
    for (int i = 0; i < 3000; i++) {
      String[] l = sets[i % sets.length];
      arena.add(f, l, l.length, i, i % 2 == 0 ? Long.MIN_VALUE : i);
    }
    assertEquals(3000, arena.count());
    int[] seen = {0};
    arena.replay(
        new StringCache(64),
        (fam, labels, n, value, ts) -> {
          int i = seen[0]++;
          String[] want = sets[i % sets.length];
          assertEquals(f, fam);
          assertEquals(want.length, n);
          for (int k = 0; k < n; k++) {
            assertEquals(want[k], labels[k]);
          }
          assertEquals(i, value);
          assertEquals(i % 2 == 0 ? Long.MIN_VALUE : i, ts);
        });
    assertEquals(3000, seen[0]);
    assertEquals(0, arena.bytes());
  }

  @Test
  void newlineSearchMatchesANaiveScan() {
    java.util.Random r = new java.util.Random(7);
    for (int round = 0; round < 2000; round++) {
      byte[] b = new byte[r.nextInt(40)];
      for (int k = 0; k < b.length; k++) {
        int pick = r.nextInt(6);
        b[k] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x8a : pick == 2 ? 0x0b : r.nextInt(256));
      }
      int from = b.length == 0 ? 0 : r.nextInt(b.length);
      int want = -1;
      for (int k = from; k < b.length; k++) {
        if (b[k] == '\n') {
          want = k;
          break;
        }
      }
      assertEquals(want, LineReader.indexOfNewline(b, from, b.length));
    }
  }
}
