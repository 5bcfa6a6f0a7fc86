package io.jagent.spi.lineprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LineProtocolSerializerTest {
  private static final LineProtocolSerializer DEF = LineProtocolSerializer.defaults();

  private static Metric.Builder m(String name) {
    return Metric.builder(name).time(0);
  }

  /** Escaping table (reference §3 / agent.md §16): raw → escaped, per position. */
  static Stream<Arguments> escapingTable() {
    return Stream.of(
        Arguments.of("measurement", "a,b", "a\\,b"),
        Arguments.of("measurement", "a b", "a\\ b"),
        Arguments.of("measurement", "a=b", "a=b"),
        Arguments.of("measurement", "a\\b", "a\\b"),
        Arguments.of("measurement", "a\tb", "a\\tb"),
        Arguments.of("measurement", "a\nb", "a\\nb"),
        Arguments.of("measurement", "a\fb", "a\\fb"),
        Arguments.of("measurement", "a\rb", "a\\rb"),
        Arguments.of("measurement", "a\"b", "a\"b"),
        Arguments.of("measurement", "ü€😀", "ü€😀"),
        Arguments.of("tag", "a,b", "a\\,b"),
        Arguments.of("tag", "a b", "a\\ b"),
        Arguments.of("tag", "a=b", "a\\=b"),
        Arguments.of("tag", "a\\b", "a\\b"),
        Arguments.of("tag", "a\tb", "a\\tb"),
        Arguments.of("tag", "a\nb", "a\\nb"),
        Arguments.of("tag", "a\"b", "a\"b"),
        Arguments.of("tag", "C:\\", "C:"),
        Arguments.of("tag", "x\\\\\\", "x"),
        Arguments.of("field", "a,b", "a\\,b"),
        Arguments.of("field", "a b", "a\\ b"),
        Arguments.of("field", "a=b", "a\\=b"),
        Arguments.of("field", "a\nb", "a\\nb"),
        Arguments.of("string", "a\"b", "\"a\\\"b\""),
        Arguments.of("string", "a\\b", "\"a\\\\b\""),
        Arguments.of("string", "a\nb\tc", "\"a\nb\tc\""),
        Arguments.of("string", "ü😀", "\"ü😀\""));
  }

  @ParameterizedTest(name = "{0}: [{1}] -> [{2}]")
  @MethodSource("escapingTable")
  void escapes(String where, String raw, String escaped) {
    String line =
        switch (where) {
          case "measurement" -> DEF.toLine(m(raw).field("v", 1L).build());
          case "tag" -> DEF.toLine(m("m").tag("k", raw).tag(raw, "v").field("v", 1L).build());
          case "field" -> DEF.toLine(m("m").field(raw, 1L).build());
          default -> DEF.toLine(m("m").field("s", raw).build());
        };
    String expected =
        switch (where) {
          case "measurement" -> escaped + " v=1i 0";
          case "tag" -> "m," + sortedTags(escaped) + " v=1i 0";
          case "field" -> "m " + escaped + "=1i 0";
          default -> "m s=" + escaped + " 0";
        };
    assertEquals(expected, line);
  }

  private static String sortedTags(String escaped) {
    // tags "k"=raw and raw="v" — sorted by raw key; only the order depends on raw
    String a = "k=" + escaped;
    String b = escaped + "=v";
    return escaped.compareTo("k") < 0 ? b + "," + a : a + "," + b;
  }

  @Test
  void referenceExamples() {
    assertEquals("cpu value=42 0", DEF.toLine(m("cpu").field("value", 42.0).build()));
    assertEquals(
        "cpu,cpu=CPU0,host=localhost value=42 0",
        DEF.toLine(
            m("cpu").tag("host", "localhost").tag("cpu", "CPU0").field("value", 42.0).build()));
    assertEquals(
        "cpu value=123456789012345i 0",
        DEF.toLine(m("cpu").field("value", 123456789012345L).build()));
    assertEquals(
        "cpu value=18446744073709551615u 0",
        new LineProtocolSerializer(false, true, false)
            .toLine(m("cpu").unsignedField("value", -1L).build()));
    assertEquals(
        "cpu value=9223372036854775807i 0",
        DEF.toLine(m("cpu").unsignedField("value", -1L).build()));
    assertEquals("cpu value=5i 0", DEF.toLine(m("cpu").unsignedField("value", 5L).build()));
    assertEquals("cpu value=\"howdy\" 0", DEF.toLine(m("cpu").field("value", "howdy").build()));
    assertEquals(
        "cpu value=42 1519194109000000042",
        DEF.toLine(m("cpu").field("value", 42.0).time(1519194109000000042L).build()));
    assertEquals("c\\npu value=42i 0", DEF.toLine(m("c\npu").field("value", 42L).build()));
    assertEquals(
        "my\\ cpu\\,x=y v=1i 1",
        DEF.toLine(Metric.builder("my cpu,x=y").field("v", 1L).time(1).build()));
    assertEquals(
        "m,tag\\ key\\=1=val\\ ue\\,2\\=3 v=1i 1",
        DEF.toLine(
            Metric.builder("m").tag("tag key=1", "val ue,2=3").field("v", 1L).time(1).build()));
    assertEquals(
        "m s=\"say \\\"hi\\\" \\\\ bye\" 1",
        DEF.toLine(Metric.builder("m").field("s", "say \"hi\" \\ bye").time(1).build()));
    assertEquals(
        "statsd_x,host=a\\ b,metric_type=timing count=3i,mean=2.5,name=\"q\\\"x\""
            + " 1700000000000000000",
        LineProtocolSerializer.forTest()
            .toLine(
                Metric.builder("statsd_x")
                    .tag("metric_type", "timing")
                    .tag("host", "a b")
                    .field("name", "q\"x")
                    .field("mean", 2.5)
                    .field("count", 3L)
                    .time(1_700_000_000_000_000_000L)
                    .build()));
    assertEquals(
        "m b=true,c=false 0", DEF.toLine(m("m").field("b", true).field("c", false).build()));
    assertEquals("m v=-42i 0", DEF.toLine(m("m").field("v", -42L).build()));
    assertEquals(
        "m v=-9223372036854775808i 0", DEF.toLine(m("m").field("v", Long.MIN_VALUE).build()));
  }

  @Test
  void floatsNeverUseExponent() {
    assertEquals("m v=1000000000000000000000 0", DEF.toLine(m("m").field("v", 1e21).build()));
    assertEquals("m v=0.30000000000000004 0", DEF.toLine(m("m").field("v", 0.1 + 0.2).build()));
    assertEquals("m v=-0 0", DEF.toLine(m("m").field("v", -0.0).build()));
    assertEquals("m v=100 0", DEF.toLine(m("m").field("v", 100.0).build()));
    assertEquals("m v=0.00000015 0", DEF.toLine(m("m").field("v", 1.5e-7).build()));
  }

  @Test
  void fieldOrderIsInsertionOrderUnlessSorted() {
    Metric x = m("m").field("b", 1L).field("a", 2L).build();
    assertEquals("m b=1i,a=2i 0", DEF.toLine(x));
    assertEquals("m a=2i,b=1i 0", new LineProtocolSerializer(true, false, false).toLine(x));
  }

  @Test
  void nanAndInfinityAreDroppedAndEmptyMetricsSkipped() {
    assertEquals(
        "m ok=1 0",
        DEF.toLine(
            m("m")
                .field("nan", Double.NaN)
                .field("ok", 1.0)
                .field("inf", Double.POSITIVE_INFINITY)
                .field("ninf", Double.NEGATIVE_INFINITY)
                .build()));
    assertNull(DEF.toLine(m("m").field("nan", Double.NaN).build()));
    assertEquals("no serializable fields", DEF.skipReason(m("m").field("nan", Double.NaN).build()));
    assertNull(DEF.toLine(m("m").build()));
    assertNull(DEF.toLine(m("").field("v", 1L).build()));
    assertEquals("invalid name", DEF.skipReason(m("").field("v", 1L).build()));
  }

  @Test
  void emptyKeysAndEmptyTagValuesAreOmitted() {
    assertEquals(
        "m,b=x v=1i 0",
        DEF.toLine(
            m("m")
                .tag("a", "")
                .tag("", "z")
                .tag("b", "x")
                .tag("\\\\", "y")
                .field("v", 1L)
                .field("", 2L)
                .build()));
    assertNull(DEF.toLine(m("m").field("", 2L).build()));
  }

  @Test
  void omitsTimestampWhenAsked() {
    assertEquals(
        "m v=1i",
        new LineProtocolSerializer(false, false, true)
            .toLine(m("m").field("v", 1L).time(5).build()));
  }

  @Test
  void writeAppendsNewlineAndReportsSkips() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(DEF.write(m("m").field("v", 1L).build(), out));
    assertFalse(DEF.write(m("m").build(), out));
    assertTrue(DEF.write(m("n").field("s", "é").build(), out));
    assertEquals("m v=1i 0\nn s=\"é\" 0\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void appendIntoReusedBufferConcatenatesLines() {
    LineBuffer b = new LineBuffer(16);
    for (int i = 0; i < 100; i++) {
      assertTrue(DEF.append(m("m").field("v", (long) i).build(), b));
    }
    assertFalse(DEF.append(m("").field("v", 1L).build(), b));
    String s = b.toString();
    assertEquals(100, s.lines().count());
    assertTrue(s.startsWith("m v=0i 0\nm v=1i 0\n"));
    b.reset();
    assertEquals(0, b.size());
  }

  @Test
  void splitsLinesAtMaxLineBytes() {
    Metric x =
        Metric.builder("cpu")
            .field("abc", 123L)
            .field("def", 456L)
            .field("ghi", 789L)
            .field("jkl", 123L)
            .time(1519194109000000042L)
            .build();
    LineBuffer b = new LineBuffer();
    assertTrue(new LineProtocolSerializer(false, false, false, 43).append(x, b));
    assertEquals(
        "cpu abc=123i,def=456i 1519194109000000042\ncpu ghi=789i,jkl=123i 1519194109000000042\n",
        b.toString());
    Metric y =
        Metric.builder("cpu")
            .field("abc", 123L)
            .field("def", 456L)
            .time(1519194109000000042L)
            .build();
    LineProtocolSerializer small = new LineProtocolSerializer(false, false, false, 32);
    b.reset();
    assertFalse(small.append(y, b));
    assertEquals(0, b.size());
    assertEquals("need more space", small.skipReason(y));
  }
}
