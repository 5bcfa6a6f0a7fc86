package io.jagent.core.plugins.health;

import static io.jagent.core.plugins.health.TestSupport.metric;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksTest {
  private static CompareCheck compare(String op, double bound) {
    return switch (op) {
      case "gt" -> new CompareCheck("v", bound, null, null, null, null, null);
      case "ge" -> new CompareCheck("v", null, bound, null, null, null, null);
      case "lt" -> new CompareCheck("v", null, null, bound, null, null, null);
      case "le" -> new CompareCheck("v", null, null, null, bound, null, null);
      case "eq" -> new CompareCheck("v", null, null, null, null, bound, null);
      case "ne" -> new CompareCheck("v", null, null, null, null, null, bound);
      default -> throw new IllegalArgumentException(op);
    };
  }

  private static boolean check(CompareCheck c, Object value) {
    return c.test(List.of(metric("m", "v", value)));
  }

  @Test
  void greaterThan() {
    assertTrue(check(compare("gt", 5), 6L));
    assertFalse(check(compare("gt", 5), 5L));
  }

  @Test
  void greaterOrEqual() {
    assertTrue(check(compare("ge", 5), 5.0));
    assertFalse(check(compare("ge", 5), 4.99));
  }

  @Test
  void lessThan() {
    assertTrue(check(compare("lt", 5000), 4999L));
    assertFalse(check(compare("lt", 5000), 5000L));
  }

  @Test
  void lessOrEqual() {
    assertTrue(check(compare("le", 5), 5L));
    assertFalse(check(compare("le", 5), 5.01));
  }

  @Test
  void equal() {
    assertTrue(check(compare("eq", 0), 0L));
    assertFalse(check(compare("eq", 0), 1L));
  }

  @Test
  void notEqual() {
    assertTrue(check(compare("ne", 0), 2.5));
    assertFalse(check(compare("ne", 0), 0.0));
  }

  @Test
  void everyGivenBoundMustHold() {
    CompareCheck range = new CompareCheck("v", null, 10.0, 20.0, null, null, null);
    assertTrue(check(range, 10L));
    assertFalse(check(range, 9L));
    assertFalse(check(range, 20L));
  }

  @Test
  void booleansCountAsOneAndZeroUnsignedAsNumbers() {
    assertTrue(check(compare("eq", 1), true));
    assertTrue(check(compare("eq", 0), false));
    assertTrue(check(compare("gt", 1e19), new Unsigned(-1L))); // 2^64-1
    assertTrue(check(compare("eq", 7), new Unsigned(7L)));
  }

  @Test
  void stringFieldFailsTheCompare() {
    assertFalse(check(compare("lt", 5), "3"));
  }

  @Test
  void metricsWithoutTheFieldAreSkipped() {
    CompareCheck lt = compare("lt", 5);
    assertTrue(lt.test(List.of(metric("m", "other", 100L))));
    assertTrue(lt.test(List.of()));
  }

  @Test
  void compareMustHoldOnEveryMetricOfTheBatch() {
    CompareCheck lt = compare("lt", 5);
    List<Metric> batch = List.of(metric("m", "v", 1L), metric("m", "v", 9L), metric("m", "v", 2L));
    assertFalse(lt.test(batch));
  }

  @Test
  void containsNeedsTheFieldOnAtLeastOneMetric() {
    ContainsCheck c = new ContainsCheck("buffer_size");
    assertTrue(c.test(List.of(metric("m", "x", 1L), metric("m", "buffer_size", 0L))));
    assertFalse(c.test(List.of(metric("m", "x", 1L))));
    assertFalse(c.test(List.of()));
  }
}
