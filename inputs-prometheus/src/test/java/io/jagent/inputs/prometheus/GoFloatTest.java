package io.jagent.inputs.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoFloatTest {
  @ParameterizedTest
  @CsvSource({
    "0.5, 0.5",
    "0.99, 0.99",
    "1, 1",
    "125000, 125000",
    "999999, 999999",
    "1000000, 1e+06",
    "1234567, 1.234567e+06",
    "0.000025, 2.5e-05",
    "0.0001, 0.0001",
    "1e100, 1e+100",
    "-3.5, -3.5",
    "100000.5, 100000.5",
    "0.1, 0.1",
    "2e23, 2e+23",
    "5e-324, 5e-324",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "Infinity, +Inf",
    "-Infinity, -Inf",
    "NaN, NaN"
  })
  void formatsAsGoPercentG(double v, String want) {
    assertEquals(want, GoFloat.formatG(v));
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1",
    "-2.5E-3, -0.0025",
    ".5, 0.5",
    "5., 5",
    "1e3, 1000",
    "+Inf, Infinity",
    "-inf, -Infinity",
    "infinity, Infinity",
    "NaN, NaN",
    "nan, NaN",
    "0.1, 0.1",
    "123456789012345678901234, 1.2345678901234568E23",
    "1e-400, 0",
    "0.000000000000000000000000001, 1e-27"
  })
  void parsesGoSyntax(String text, double want) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    assertEquals(want, GoFloat.parse(b, 0, b.length));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "+", ".", "1d", "1f", "0x10", " 1", "1 ", "+nan", "1e", "1e+", "1e400", "--1",
        "Infinit", "1.2.3"
      })
  void rejectsWhatGoRejects(String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    assertThrows(NumberFormatException.class, () -> GoFloat.parse(b, 0, b.length));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1_000", "0x1p3", "1P3"})
  void exposotionValueRejectsSeparatorsAndHex(String text) {
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    assertThrows(NumberFormatException.class, () -> ExpositionParser.parseValue(b, 0, b.length));
  }

  @ParameterizedTest
  @CsvSource({"3.7, 3", "0, 0", "-1, 18446744073709551615", "NaN, 0"})
  void truncatesToUint64AsGo(double v, String want) {
    assertEquals(want, Long.toUnsignedString(GoFloat.toUint64(v)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"0", "1601830800000", "-5", "+7", "9223372036854775807", "-9223372036854775808"})
  void parsesInt64(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    assertEquals(Long.parseLong(s), ExpositionParser.parseInt64(b, 0, b.length));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "1.5", "9223372036854775808", "1e3", "0x1"})
  void rejectsBadInt64(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    assertThrows(NumberFormatException.class, () -> ExpositionParser.parseInt64(b, 0, b.length));
  }

  @org.junit.jupiter.api.Test
  void shortestRoundTripsRandomDoubles() {
    java.util.Random r = new java.util.Random(42);
    for (int i = 0; i < 2000; i++) {
      double v = Double.longBitsToDouble(r.nextLong());
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        continue;
      }
      String s = GoFloat.formatG(v);
      assertEquals(v, Double.parseDouble(s.replace("e+", "e")), s);
      assertTrue(s.length() <= 24, s);
    }
  }
}
