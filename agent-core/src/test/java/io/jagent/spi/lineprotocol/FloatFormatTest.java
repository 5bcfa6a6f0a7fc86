package io.jagent.spi.lineprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatFormatTest {
  @Test
  void formatsLikeGoFormatFloatF() {
    assertEquals("0.30000000000000004", FloatFormat.format(0.1 + 0.2));
    assertEquals("1000000000000000000000", FloatFormat.format(1e21));
    assertEquals("0." + "0".repeat(323) + "5", FloatFormat.format(Double.MIN_VALUE));
    assertEquals("17976931348623157" + "0".repeat(292), FloatFormat.format(Double.MAX_VALUE));
    assertEquals("100", FloatFormat.format(100));
    assertEquals("-0", FloatFormat.format(-0.0));
    assertEquals("0", FloatFormat.format(0.0));
    assertEquals("0.1", FloatFormat.format(0.1));
    assertEquals("-0.5", FloatFormat.format(-0.5));
    assertEquals("0.000047", FloatFormat.format(0.000047));
    assertEquals("0.00000015", FloatFormat.format(1.5e-7));
    assertEquals("3", FloatFormat.format(3.0));
    assertEquals("123456789012345680", FloatFormat.format(123456789012345678.0));
    assertEquals("2.5", FloatFormat.format(2.5));
    assertEquals("0.0000001", FloatFormat.format(1e-7));
    // JDK 17's Double.toString gives 2 digits here ("4.9E-324"), the shortest is 1
    assertEquals("0.00000000000000000000001", FloatFormat.format(1e-23));
    assertEquals("200000000000000000000000", FloatFormat.format(2e23));
  }

  /**
   * Every output parses back, has no exponent, no shorter decimal parses back (floor and ceiling at
   * one digit less, an exact test), and it is the closest decimal of its length.
   */
  @Test
  void randomDoublesAreShortestClosestAndRoundTrip() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 30_000; i++) {
      double v =
          switch (i % 3) {
            case 0 -> Double.longBitsToDouble(r.nextLong());
            case 1 -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(60) - 30);
            default -> r.nextInt(1_000_000) / Math.pow(10, r.nextInt(12));
          };
      if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
        continue;
      }
      String s = FloatFormat.format(v);
      assertTrue(!s.contains("E") && !s.contains("e"), s);
      assertEquals(v, Double.parseDouble(s), s);
      BigDecimal d = new BigDecimal(s).stripTrailingZeros();
      BigDecimal exact = new BigDecimal(v);
      int digits = d.precision();
      if (digits > 1) {
        for (RoundingMode m : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
          BigDecimal shorter = exact.round(new MathContext(digits - 1, m));
          assertTrue(Double.parseDouble(shorter.toString()) != v, "not shortest: " + s);
        }
      }
      BigDecimal closest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (Double.parseDouble(closest.toString()) == v) {
        assertEquals(0, closest.compareTo(d), "not closest: " + s + " vs " + closest);
      }
    }
  }

  @Test
  void jdk17MisprintsAreCorrected() {
    // JDK 17 prints 2.2335734002095264E25: same length, not the closest
    assertEquals("22335734002095265000000000", FloatFormat.format(2.2335734002095264E25));
    // JDK 17 prints 8.3953536840417072E16: one digit too many
    double v = 8.3953536840417072E16;
    String s = FloatFormat.format(v);
    assertEquals(v, Double.parseDouble(s));
    assertTrue(new BigDecimal(s).stripTrailingZeros().precision() <= 16, s);
  }
}
