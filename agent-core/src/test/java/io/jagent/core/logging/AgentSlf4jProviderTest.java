package io.jagent.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.StatusUtil;
import org.junit.jupiter.api.Test;

/** The process's SLF4J binding sets logback up as the configurator does, with nothing around it. */
class AgentSlf4jProviderTest {
  @Test
  void initializeGivesAStartedContextWithTheAgentsAppenderLevelsAndStatusListener() {
    AgentSlf4jProvider p = new AgentSlf4jProvider();
    p.initialize();
    LoggerContext ctx = assertInstanceOf(LoggerContext.class, p.getLoggerFactory());
    try {
      assertTrue(ctx.isStarted());
      assertEquals("default", ctx.getName());
      Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
      assertEquals(Level.INFO, root.getLevel());
      ConsoleAppender<?> app = assertInstanceOf(ConsoleAppender.class, root.getAppender("agent"));
      assertEquals("System.err", app.getTarget());
      assertTrue(app.isStarted());
      // logback's warnings reach stderr in Telegraf's format, and its StatusPrinter stays unloaded
      assertTrue(StatusUtil.contextHasStatusListener(ctx));
      LogbackMDCAdapter mdc = assertInstanceOf(LogbackMDCAdapter.class, p.getMDCAdapter());
      assertSame(mdc, ctx.getMDCAdapter());
      assertTrue(p.getMarkerFactory().getMarker("m").getName().equals("m"));
      assertEquals("2.0.99", p.getRequestedApiVersion());
    } finally {
      ctx.stop();
    }
  }
}
