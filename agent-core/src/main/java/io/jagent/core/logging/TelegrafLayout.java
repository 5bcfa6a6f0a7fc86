package io.jagent.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Telegraf's text log format: {@code 2024-05-01T12:00:00Z I! [inputs.statsd] message}. Loggers
 * named after a plugin id ({@code inputs.statsd}, {@code outputs.file::alias}) print that id; the
 * agent's own classes print {@code [agent]}; libraries print their logger name. An exception prints
 * as {@code : cause} chain; its stack trace only when {@code stackTraces} is on (--debug).
 */
public final class TelegrafLayout extends LayoutBase<ILoggingEvent> {
  private volatile boolean stackTraces;

  public void setStackTraces(boolean on) {
    this.stackTraces = on;
  }

  @Override
  public String doLayout(ILoggingEvent e) {
    StringBuilder sb = new StringBuilder(128);
    appendTime(sb, e.getTimeStamp());
    sb.append(' ')
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

  /**
   * {@code yyyy-MM-ddTHH:mm:ssZ} in UTC. Not a {@code DateTimeFormatter}: its machinery is ~60 more
   * classes loaded at the first log line, ~0.5 MiB of a sidecar's resident class metadata.
   */
  static void appendTime(StringBuilder sb, long epochMillis) {
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 1000 && year >= 0) {
      sb.append(year < 10 ? "000" : year < 100 ? "00" : "0");
    }
    sb.append(year).append('-');
    two(sb, t.getMonthValue()).append('-');
    two(sb, t.getDayOfMonth()).append('T');
    two(sb, t.getHour()).append(':');
    two(sb, t.getMinute()).append(':');
    two(sb, t.getSecond()).append('Z');
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    return (v < 10 ? sb.append('0') : sb).append(v);
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
