package io.jagent.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.status.WarnStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentLoggingTest {
  @Test
  void theDefaultSetupHasAStatusListenerSoLogbackSkipsItsStatusPrinter() {
    LoggerContext ctx = new LoggerContext();
    AgentLogging.installDefault(ctx);
    assertTrue(StatusUtil.contextHasStatusListener(ctx));
  }

  @Test
  void logbacksWarningsAndErrorsReachStderrInTelegrafsFormatAndInfoDoesNot() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    AgentLogging.StatusToStderr l =
        new AgentLogging.StatusToStderr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    l.addStatusEvent(new InfoStatus("started", this));
    l.addStatusEvent(new WarnStatus("odd setting", this));
    l.addStatusEvent(
        new ErrorStatus("openFile(/x/y.log) failed", this, new IOException("No such file")));
    assertEquals(
        "W! [logback] odd setting\n"
            + "E! [logback] openFile(/x/y.log) failed: java.io.IOException: No such file\n",
        buf.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }
}
