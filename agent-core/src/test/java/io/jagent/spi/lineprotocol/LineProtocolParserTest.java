package io.jagent.spi.lineprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineProtocolParserTest {
  private final LineProtocolParser p = new LineProtocolParser();

  @Test
  void parsesAllValueTypes() throws Exception {
    Metric m =
        p.parseLine(
            "cpu,host=a,region=eu i=-42i,u=18446744073709551615u,f=1.5,e=1e3,g=-.5E-2,"
                + "s=\"x\",b=true,c=F 1700000000000000000");
    Metric expected =
        Metric.builder("cpu")
            .tag("host", "a")
            .tag("region", "eu")
            .field("i", -42L)
            .field("u", new Unsigned(-1L))
            .field("f", 1.5)
            .field("e", 1000.0)
            .field("g", -0.005)
            .field("s", "x")
            .field("b", true)
            .field("c", false)
            .time(1_700_000_000_000_000_000L)
            .build();
    assertEquals(expected, m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"t", "T", "true", "True", "TRUE"})
  void trueSpellings(String s) throws Exception {
    assertEquals(Boolean.TRUE, p.parseLine("m v=" + s).field("v"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"f", "F", "false", "False", "FALSE"})
  void falseSpellings(String s) throws Exception {
    assertEquals(Boolean.FALSE, p.parseLine("m v=" + s).field("v"));
  }

  @Test
  void integersAndFloats() throws Exception {
    assertEquals(3.0, p.parseLine("m v=3").field("v"));
    assertEquals(3.0, p.parseLine("m v=3.").field("v"));
    assertEquals(Long.MAX_VALUE, p.parseLine("m v=9223372036854775807i").field("v"));
    assertEquals(Long.MIN_VALUE, p.parseLine("m v=-9223372036854775808i").field("v"));
    assertEquals(-0.0, p.parseLine("m v=-0").field("v"));
    assertEquals(1e-7, p.parseLine("m v=1E-7").field("v"));
    assertThrows(LineProtocolParseException.class, () -> p.parseLine("m v=9223372036854775808i"));
    assertEquals(0L, p.parseLine("m v=-0i").field("v"));
    assertEquals(7.5, p.parseLine("m v=007.5").field("v"));
    assertEquals(0.5, p.parseLine("m v=.5").field("v"));
    assertThrows(LineProtocolParseException.class, () -> p.parseLine("m v=-1u"));
    assertThrows(LineProtocolParseException.class, () -> p.parseLine("m v=1e400"));
    assertThrows(LineProtocolParseException.class, () -> p.parseLine("m v=abc"));
    assertThrows(LineProtocolParseException.class, () -> p.parseLine("m v=1.2.3"));
  }

  @Test
  void escapes() throws Exception {
    Metric m =
        p.parseLine(
            "my\\ cpu\\,x=y,tag\\ key\\=1=val\\ ue\\,2\\=3 f\\=k=\"say \\\"hi\\\" \\\\ bye\" 1");
    assertEquals("my cpu,x=y", m.name());
    assertEquals("val ue,2=3", m.tag("tag key=1"));
    assertEquals("say \"hi\" \\ bye", m.field("f=k"));
    // other backslashes are kept, \n in a name is not unescaped (as Telegraf)
    assertEquals("c\\npu", p.parseLine("c\\npu v=1i").name());
    assertEquals("a\\b", p.parseLine("m,t=a\\b v=1i").tag("t"));
    assertEquals("a\\,b", p.parseLine("m,t=a\\\\,b v=1i").tag("t"));
    // inside strings only \" and \\ may follow a backslash
    assertThrows(LineProtocolParseException.class, () -> p.parseLine("m s=\"a\\nb\""));
    // a measurement pairs any backslash with the next character: "\\," ends the name
    assertThrows(LineProtocolParseException.class, () -> p.parseLine("a\\\\,b v=1i"));
    assertEquals("a\\\\b", p.parseLine("a\\\\b v=1i").name());
    // field keys use Go's Replacer over the raw token
    assertEquals("k\\\"", p.parseLine("m k\\\\\"=1i").fieldKey(0));
  }

  @Test
  void stringsMaySpanLines() throws Exception {
    List<Metric> ms = p.parseAll("m s=\"a\nb\" 1\nn v=1i 2\n");
    assertEquals(2, ms.size());
    assertEquals("a\nb", ms.get(0).field("s"));
  }

  @Test
  void timestampIsOptionalAndScaledByPrecision() throws Exception {
    assertEquals(Metric.NO_TIME, p.parseLine("m v=1i").timeNanos());
    assertEquals(Metric.NO_TIME, p.parseLine("m v=1i  ").timeNanos());
    assertEquals(
        1_700_000_000_000_000_000L,
        new LineProtocolParser(Duration.ofSeconds(1)).parseLine("m v=1i 1700000000").timeNanos());
    assertEquals(
        1_700_000_000_000_000_000L,
        new LineProtocolParser(Duration.ofMillis(1)).parseLine("m v=1i 1700000000000").timeNanos());
    assertEquals(-5L, p.parseLine("m v=1i -5").timeNanos());
    assertThrows(LineProtocolParseException.class, () -> p.parseLine("m v=1i 12x"));
  }

  @Test
  void skipsCommentsBlankLinesAndCrLf() throws Exception {
    List<Metric> ms =
        p.parseAll("# comment\n\n   \n  # indented comment\r\nm v=1i 1\r\n\n  n v=2i 2");
    assertEquals(2, ms.size());
    assertEquals("n", ms.get(1).name());
  }

  @Test
  void badLinesAreReportedWithLineNumberAndTheRestIsKept() throws Exception {
    String text = "m v=1i 1\ncpu a\nm v=2i 2\nbad line here\n# x\nm,t= v=1\nm v=3i 3\n";
    List<Metric> ok = new ArrayList<>();
    List<LineProtocolParseException> errors = new ArrayList<>();
    p.parse(new StringReader(text), ok::add, errors::add);
    assertEquals(3, ok.size());
    assertEquals(3, errors.size());
    assertEquals(2, errors.get(0).lineNumber());
    assertEquals(4, errors.get(1).lineNumber());
    assertEquals(6, errors.get(2).lineNumber());
    assertTrue(
        errors.get(0).getMessage().startsWith("metric parse error: "), errors.get(0).getMessage());
    assertTrue(
        errors.get(0).getMessage().endsWith(" at 2:6: \"cpu a\""), errors.get(0).getMessage());
    assertTrue(
        errors.get(1).getMessage().contains("\"bad line here\""), errors.get(1).getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "m",
        "m ",
        "m v",
        "m v=",
        ",t=1 v=1",
        "m,t v=1",
        "m,=x v=1",
        "m v=\"unterminated",
        "m v=1 2 3",
        "m =1",
        "m,t=a=b v=1",
        "m v=01i",
        "m v=+1",
        "m v=1i 12345678901234567890",
        "m v=\"a\fb\"",
      })
  void rejects(String line) {
    assertThrows(LineProtocolParseException.class, () -> p.parseLine(line));
  }

  @Test
  void unicode() throws Exception {
    Metric m = p.parseLine("温度,地点=東京 値=21.5,s=\"😀\" 1");
    assertEquals("温度", m.name());
    assertEquals("東京", m.tag("地点"));
    assertEquals(21.5, m.field("値"));
    assertEquals("😀", m.field("s"));
  }

  @Test
  void readsLongInputInChunks() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      sb.append("m,host=h").append(i).append(" v=").append(i).append("i ").append(i).append('\n');
    }
    List<Metric> ms = new ArrayList<>();
    p.parse(
        new StringReader(sb.toString()),
        ms::add,
        e -> {
          throw new AssertionError(e);
        });
    assertEquals(5000, ms.size());
    assertEquals(4999L, ms.get(4999).field("v"));
  }
}
