package io.jagent.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TicksTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_700_000_000L * S; // a multiple of 10 s

  @Test
  void firstTickIsTheNextMultipleOfTheInterval() {
    assertEquals(T0 + 10 * S, Ticks.firstBase(T0 + 3 * S, 10 * S, true));
    assertEquals(T0 + 10 * S, Ticks.firstBase(T0 + 9 * S, 10 * S, true));
  }

  @Test
  void aStartJustBeforeAMultipleSkipsToTheFollowingOne() {
    // start + interval/100 (100 ms) passes the multiple: avoid an exceptionally short interval
    assertEquals(T0 + 20 * S, Ticks.firstBase(T0 + 10 * S - 50_000_000L, 10 * S, true));
    // exactly on a multiple: start + interval/100 is past it
    assertEquals(T0 + 10 * S, Ticks.firstBase(T0, 10 * S, true));
  }

  @Test
  void withoutRoundingTheFirstTickIsNow() {
    assertEquals(T0 + 3 * S, Ticks.firstBase(T0 + 3 * S, 10 * S, false));
  }

  @Test
  void nextBaseAddsTheIntervalAndSkipsAheadAfterAStall() {
    assertEquals(T0 + 20 * S, Ticks.nextBase(T0 + 10 * S, 10 * S, 0, T0 + 10 * S));
    long next = Ticks.nextBase(T0 + 10 * S, 10 * S, 0, T0 + 95 * S);
    assertEquals(0, Math.floorMod(next, 10 * S));
    assertEquals(T0 + 90 * S, next);
  }

  @Test
  void aWallClockSteppedBackDoesNotPauseGathering() {
    // the last base was T0+3600s but the clock now reads T0+5s
    assertEquals(T0 + 10 * S, Ticks.nextBase(T0 + 3600 * S, 10 * S, 0, T0 + 5 * S));
    // with an offset, multiples stay offset
    assertEquals(T0 + 10 * S, Ticks.nextBase(T0 + 3600 * S, 10 * S, 2 * S, T0 + 5 * S));
  }

  @Test
  void automaticPrecision() {
    assertEquals(S, Ticks.autoPrecision(10 * S));
    assertEquals(S, Ticks.autoPrecision(S));
    assertEquals(1_000_000L, Ticks.autoPrecision(999_999_999L));
    assertEquals(1_000L, Ticks.autoPrecision(999_999L));
    assertEquals(1L, Ticks.autoPrecision(999L));
  }

  @Test
  void roundsToNearestHalfwayUp() {
    assertEquals(T0, Ticks.round(T0 + 499_999_999L, S));
    assertEquals(T0 + S, Ticks.round(T0 + 500_000_000L, S));
    assertEquals(T0 + 7, Ticks.round(T0 + 7, 1));
  }

  @Test
  void jitterStaysInItsBounds() {
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 1000; i++) {
      long j = Ticks.jitter(5 * S, r::nextLong);
      assertEquals(true, j >= 0 && j < 5 * S);
    }
    assertEquals(0, Ticks.jitter(0, b -> 1 / 0));
  }
}
