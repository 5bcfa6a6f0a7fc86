package io.jagent.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TelegrafLayoutTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @Test
  void theTimestampIsTelegrafsUtcSecondsForAnyInstant() {
    long[] fixed = {
      0L,
      -1L,
      999L,
      1000L,
      951_782_400_000L /* 2000-02-29 */,
      1_709_251_199_999L,
      4_102_444_799_000L /* 2099-12-31T23:59:59 */,
      -62_135_596_800_000L /* 0001-01-01 */
    };
    for (long ms : fixed) {
      assertEquals(REFERENCE.format(Instant.ofEpochMilli(ms)), time(ms), "epoch ms " + ms);
    }
    SplittableRandom r = new SplittableRandom(8);
    for (int i = 0; i < 10_000; i++) {
      long ms = r.nextLong(-62_135_596_800_000L, 253_402_300_799_999L); // years 1..9999
      assertEquals(REFERENCE.format(Instant.ofEpochMilli(ms)), time(ms), "epoch ms " + ms);
    }
  }

  @Test
  void aLineIsTimeLevelLetterPluginAndMessage() {
    LoggerContext ctx = new LoggerContext();
    Logger log = ctx.getLogger("inputs.statsd");
    LoggingEvent e =
        new LoggingEvent("x", log, Level.WARN, "dropped {} lines", null, new Object[] {3});
    e.setTimeStamp(1_700_000_000_123L);
    TelegrafLayout layout = new TelegrafLayout();
    assertEquals("2023-11-14T22:13:20Z W! [inputs.statsd] dropped 3 lines\n", layout.doLayout(e));
  }

  private static String time(long ms) {
    StringBuilder sb = new StringBuilder();
    TelegrafLayout.appendTime(sb, ms);
    return sb.toString();
  }
}
