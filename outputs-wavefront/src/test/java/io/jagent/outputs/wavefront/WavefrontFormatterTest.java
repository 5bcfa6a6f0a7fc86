package io.jagent.outputs.wavefront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.testing.ManualClock;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import wavefront.report.ReportPoint;

class WavefrontFormatterTest {
  private static final long T = 1_700_000_000_000_000_000L;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1.0, 1",
    "99.5, 99.5",
    "0.1, 0.1",
    "1.5E-7, 0.00000015",
    "1.0E21, 1000000000000000000000",
    "123456789.125, 123456789.125",
    "-42.0, -42",
    "1.0E23, 100000000000000000000000",
    // JDK 17's Double.toString prints 2.82879384806159008E17 here (JDK-4511638); Go does not
    "2.82879384806159E17, 282879384806159000",
    "9007199254740993.0, 9007199254740992",
    "NaN, NaN",
  })
  void numbersAsGoFormatFloat(double v, String expected) {
    assertEquals(expected, WavefrontNumbers.format(v));
    if (!Double.isNaN(v)) {
      assertEquals(v, Double.parseDouble(expected));
    }
  }

  @Test
  void extremeNumbersWithoutExponent() {
    // JDK 17 prints 1.18575755001E-316 for this subnormal (JDK-4511638)
    assertEquals("0." + "0".repeat(315) + "118575755", WavefrontNumbers.format(1.18575755E-316));
    assertEquals("17976931348623157" + "0".repeat(292), WavefrontNumbers.format(Double.MAX_VALUE));
    assertEquals("0." + "0".repeat(323) + "5", WavefrontNumbers.format(Double.MIN_VALUE));
  }

  @Test
  void specialNumbers() {
    assertEquals("-0", WavefrontNumbers.format(-0.0));
    assertEquals("0", WavefrontNumbers.format(0.0));
    assertEquals("+Inf", WavefrontNumbers.format(Double.POSITIVE_INFINITY));
    assertEquals("-Inf", WavefrontNumbers.format(Double.NEGATIVE_INFINITY));
    assertEquals(1.8446744073709552E19, WavefrontFormatter.unsignedToDouble(-1L));
    assertEquals(9.223372036854775808E18, WavefrontFormatter.unsignedToDouble(Long.MIN_VALUE));
  }

  @Test
  void shortestFormRoundTripsForManyValues() {
    Random r = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      double v = Double.longBitsToDouble(r.nextLong());
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        continue;
      }
      String s = WavefrontNumbers.format(v);
      assertEquals(v, Double.parseDouble(s), s);
      assertFalse(s.contains("E") || s.endsWith(".0"), s);
    }
  }

  @Test
  void sdkPassEdgeCases() {
    assertEquals("\"\"", Sanitizer.sdkQuoted(""));
    assertEquals("\"\u2206\"", Sanitizer.sdkQuoted("\u2206"));
    assertEquals("\"\u0394~a-b\"", Sanitizer.sdkQuoted("\u0394~a~b"));
    assertEquals("\"-a\"", Sanitizer.sdkQuoted("\ta"));
    assertEquals("\"a-\u2206\"".replace("\u2206", "---"), Sanitizer.sdkQuoted("a-\u2206"));
    assertEquals("\"x----\"", Sanitizer.sdkQuoted("x\uD83D\uDE00"));
  }

  private static List<String> lines(String options, Metric... metrics) throws Exception {
    return WavefrontVectorTest.format(options, List.of(metrics));
  }

  @Test
  void tagValuesAreTrimmedAndEscapedAndAFinalBackslashReplaced() throws Exception {
    Metric m =
        Metric.builder("m")
            .tag("host", "h1")
            .tag("a", "  two\nlines ")
            .tag("b", "C:\\dir\\")
            .tag("c", "\u00a0\t")
            .field("value", 1L)
            .time(T)
            .build();
    assertEquals(
        List.of("\"m\" 1 1700000000 source=\"h1\" \"a\"=\"two\\nlines\" \"b\"=\"C:\\dir-\""),
        lines("", m));
  }

  @Test
  void infinitiesAndStringsAreSkipped() throws Exception {
    Metric m =
        Metric.builder("m")
            .tag("host", "h1")
            .field("inf", Double.POSITIVE_INFINITY)
            .field("ninf", Double.NEGATIVE_INFINITY)
            .field("s", "text")
            .field("ok", 2.5)
            .time(T)
            .build();
    assertEquals(List.of("\"m.ok\" 2.5 1700000000 source=\"h1\""), lines("", m));
  }

  @Test
  void emptyMetricNameIsDropped() throws Exception {
    Metric m = Metric.builder("").tag("host", "h1").field("value", 1L).time(T).build();
    assertEquals(List.of(), lines("", m));
  }

  @Test
  void sanitisedKeyCollisionKeepsOneTag() throws Exception {
    Metric m =
        Metric.builder("m")
            .tag("host", "h1")
            .tag("a b", "1")
            .tag("a#b", "2")
            .field("value", 1L)
            .time(T)
            .build();
    List<String> l = lines("", m);
    assertEquals(1, l.size());
    assertEquals(1, WavefrontParserCheck.read(l.get(0)).tags().size());
  }

  @Test
  void parsedPointHasTheMetricsValues() throws Exception {
    Metric m =
        Metric.builder("cpu")
            .tag("host", "web-1")
            .tag("cpu", "cpu0")
            .field("usage_idle", 97.25)
            .time(T + 999_999_999L)
            .build();
    String line = lines("", m).get(0);
    ReportPoint p = WavefrontParserCheck.check(line);
    assertEquals("cpu.usage.idle", p.getMetric());
    assertEquals(97.25, ((Number) p.getValue()).doubleValue());
    assertEquals(1_700_000_000_000L, p.getTimestamp());
    assertEquals("web-1", p.getHost());
    assertEquals(Map.of("cpu", "cpu0"), p.getAnnotations());
  }

  @Test
  void batchesAreSplitByHttpMaximumBatchSize() throws Exception {
    WavefrontConfig c =
        PluginConfigs.parse(
            new WavefrontOutputFactory(),
            "url = \"http://127.0.0.1:2878\"\nhttp_maximum_batch_size = 4");
    List<Metric> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(
          Metric.builder("m" + i)
              .tag("host", "h")
              .field("a", 1L)
              .field("b", 2L)
              .field("s", "skipped")
              .field("c", 3L)
              .time(T)
              .build());
    }
    CapturingSender sender = new CapturingSender();
    try (TestPluginContext ctx = new TestPluginContext("outputs.wavefront", new ManualClock());
        WavefrontOutput out = new WavefrontOutput(c, ctx, sender, "agent")) {
      out.write(batch);
      assertEquals(List.of(4, 4, 4, 3), sender.lineCounts);
      assertEquals(15, sender.lines().size());
      assertEquals(15, ctx.stat("wavefront", "points_sent", Map.of()));
      assertEquals(5, ctx.stat("wavefront", "fields_skipped", Map.of()));
    }
  }

  @Test
  void emptyBatchSendsNothing() throws Exception {
    assertEquals(List.of(), lines(""));
    Metric onlyStrings = Metric.builder("m").tag("host", "h").field("s", "x").time(T).build();
    assertEquals(List.of(), lines("", onlyStrings));
  }

  @Test
  void tagKeyOfExactly254BytesIsDroppedWithTruncateTags() throws Exception {
    Metric m =
        Metric.builder("m")
            .tag("host", "h1")
            .tag("k".repeat(254), "v")
            .tag("\u00e9".repeat(126), "abc") // 252 bytes: the value is cut to 2 bytes, "ab"
            .field("value", 1L)
            .time(T)
            .build();
    List<String> l = lines("truncate_tags = true", m);
    String key = "-".repeat(252);
    assertEquals(List.of("\"m\" 1 1700000000 source=\"h1\" \"" + key + "\"=\"ab\""), l);
    assertTrue(WavefrontParserCheck.read(l.get(0)).tags().containsKey(key));
  }
}
