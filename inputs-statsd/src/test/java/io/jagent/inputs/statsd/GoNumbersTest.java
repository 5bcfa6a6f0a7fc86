package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GoNumbersTest {
  /** Go's strconv.ParseInt(s, 10, 64) accepts what Long.parseLong accepts, with the same value. */
  private static void assertLikeLongParseLong(String s) {
    byte[] b = ("x" + s + "y").getBytes(StandardCharsets.US_ASCII);
    boolean[] ok = new boolean[1];
    long v = GoNumbers.parseLong(b, 1, b.length - 1, ok);
    Long expected;
    try {
      expected = Long.parseLong(s);
    } catch (NumberFormatException e) {
      expected = null;
    }
    assertEquals(expected != null, ok[0], s);
    if (expected != null) {
      assertEquals(expected.longValue(), v, s);
    }
  }

  @Test
  void parseLongAtTheLimits() {
    for (String s :
        new String[] {
          "0",
          "-0",
          "+0",
          "7",
          "-7",
          "+7",
          "",
          "+",
          "-",
          "1-",
          "1.0",
          "1e3",
          " 1",
          "0x10",
          "9223372036854775807",
          "+9223372036854775807",
          "9223372036854775808",
          "-9223372036854775808",
          "-9223372036854775809",
          "922337203685477580",
          "-922337203685477580",
          "9223372036854775799",
          "-9223372036854775799",
          "92233720368547758070",
          "00000000000000000000009223372036854775807",
          "18446744073709551616"
        }) {
      assertLikeLongParseLong(s);
    }
  }

  @Test
  void parseLongOverRandomDigitStrings() {
    Random r = new Random(42);
    String alphabet = "0123456789+-.";
    for (int i = 0; i < 100_000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(22);
      for (int j = 0; j < n; j++) {
        sb.append(
            j == 0 || r.nextInt(30) == 0
                ? alphabet.charAt(r.nextInt(13))
                : (char) ('0' + r.nextInt(10)));
      }
      assertLikeLongParseLong(sb.toString());
      // values around the int64 limits, one digit either way
      long near =
          r.nextBoolean() ? Long.MAX_VALUE - r.nextInt(100) : Long.MIN_VALUE + r.nextInt(100);
      assertLikeLongParseLong(Long.toString(near));
      assertLikeLongParseLong(Long.toString(near) + r.nextInt(10));
    }
  }
}
