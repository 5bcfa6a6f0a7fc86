package io.jagent.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Telegraf's text log format: {@code 2024-05-01T12:00:00Z I! [inputs.statsd] message}. Loggers
 * named after a plugin id ({@code inputs.statsd}, {@code outputs.file::alias}) print that id; the
 * agent's own classes print {@code [agent]}; libraries print their logger name. An exception prints
 * as {@code : cause} chain; its stack trace only when {@code stackTraces} is on (--debug).
 */
public final class TelegrafLayout extends LayoutBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private volatile boolean stackTraces;

  public void setStackTraces(boolean on) {
    this.stackTraces = on;
  }

  @Override
  public String doLayout(ILoggingEvent e) {
    StringBuilder sb = new StringBuilder(128);
    sb.append(TIME.format(Instant.ofEpochMilli(e.getTimeStamp()).truncatedTo(ChronoUnit.SECONDS)))
        .append(' ')
        .append(letter(e.getLevel()))
        .append("! [")
        .append(prefix(e.getLoggerName()))
        .append("] ")
        .append(e.getFormattedMessage());
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      if (stackTraces) {
        appendStack(sb, t, "\n");
      } else {
        for (IThrowableProxy c = t; c != null; c = c.getCause()) {
          String m = c.getMessage();
          sb.append(": ").append(m == null ? shortName(c.getClassName()) : m);
        }
      }
    }
    return sb.append('\n').toString();
  }

  private static void appendStack(StringBuilder sb, IThrowableProxy t, String sep) {
    sb.append(sep).append(t.getClassName()).append(": ").append(t.getMessage());
    for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) {
      sb.append("\n\tat ").append(s.getStackTraceElement());
    }
    if (t.getCause() != null) {
      appendStack(sb, t.getCause(), "\nCaused by: ");
    }
  }

  private static String shortName(String cls) {
    return cls.substring(cls.lastIndexOf('.') + 1);
  }

  static char letter(Level l) {
    return switch (l.toInt()) {
      case Level.ERROR_INT -> 'E';
      case Level.WARN_INT -> 'W';
      case Level.INFO_INT -> 'I';
      case Level.DEBUG_INT -> 'D';
      default -> 'T';
    };
  }

  static String prefix(String logger) {
    if (logger.startsWith("inputs.")
        || logger.startsWith("outputs.")
        || logger.startsWith("processors.")
        || logger.startsWith("aggregators.")) {
      return logger;
    }
    if (logger.startsWith("io.jagent.") || logger.equals("agent")) {
      return "agent";
    }
    return logger;
  }
}
