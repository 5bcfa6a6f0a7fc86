package io.jagent.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.LoggerFactory;

/**
 * Configures logback in code (fast start, no XML): one appender to stderr or {@code logfile},
 * Telegraf's format, level from {@code debug}/{@code quiet}. Libraries are capped at WARN unless
 * debugging.
 */
public final class AgentLogging {
  private static final String[] NOISY = {
    "io.netty",
    "org.mariadb",
    "jdk.internal.httpclient",
    "org.testcontainers",
    "com.github.dockerjava"
  };

  private AgentLogging() {}

  /** Installs the default: stderr, INFO. Called by the logback configurator at first use. */
  static void installDefault(LoggerContext ctx) {
    configure(ctx, false, false, null);
    StatusToStderr.install(ctx);
  }

  /**
   * Prints logback's own warnings and errors (an appender that cannot write, say) to stderr as
   * {@code E! [logback] ...}. A context without a status listener gets logback's StatusPrinter
   * instead, whose class initialisation builds a {@code DateTimeFormatter} for its timestamps even
   * when there is nothing to print: ~60 java.time classes in every process (BENCHMARKS.md
   * "Footprint").
   */
  static final class StatusToStderr implements StatusListener {
    private final PrintStream err;

    StatusToStderr(PrintStream err) {
      this.err = err;
    }

    static void install(LoggerContext ctx) {
      StatusToStderr l = new StatusToStderr(System.err);
      for (Status s : ctx.getStatusManager().getCopyOfStatusList()) {
        l.addStatusEvent(s); // what the configuration reported before the listener was there
      }
      ctx.getStatusManager().add(l);
    }

    @Override
    public void addStatusEvent(Status s) {
      if (s.getEffectiveLevel() < Status.WARN) {
        return;
      }
      StringBuilder sb = new StringBuilder(s.getEffectiveLevel() >= Status.ERROR ? "E! " : "W! ");
      sb.append("[logback] ").append(s.getMessage());
      for (Throwable t = s.getThrowable(); t != null; t = t.getCause()) {
        sb.append(": ").append(t);
      }
      err.println(sb);
    }

    @Override
    public boolean isResetResistant() {
      return true;
    }
  }

  /**
   * Applies the agent's logging options. {@code quiet} wins over {@code debug} (errors only);
   * {@code logfile} empty or null means stderr. The logfile's directory is created (0700).
   *
   * @throws IOException when the log file cannot be created
   */
  public static void apply(boolean debug, boolean quiet, String logfile) throws IOException {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return; // another slf4j binding in tests: leave it alone
    }
    if (logfile != null && !logfile.isEmpty()) {
      Path p = Path.of(logfile).toAbsolutePath();
      Path dir = p.getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        try {
          Files.createDirectories(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
          Files.createDirectories(dir);
        }
      }
      if (Files.exists(p) && !Files.isWritable(p)) {
        throw new IOException("log file " + p + " is not writable");
      }
    }
    configure(ctx, debug, quiet, logfile);
  }

  private static void configure(LoggerContext ctx, boolean debug, boolean quiet, String logfile) {
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    TelegrafLayout layout = new TelegrafLayout();
    layout.setContext(ctx);
    layout.setStackTraces(debug && !quiet);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> enc = new LayoutWrappingEncoder<>();
    enc.setContext(ctx);
    enc.setLayout(layout);
    enc.start();
    OutputStreamAppender<ILoggingEvent> app;
    if (logfile != null && !logfile.isEmpty()) {
      FileAppender<ILoggingEvent> f = new FileAppender<>();
      f.setFile(new File(logfile).getAbsolutePath());
      f.setAppend(true);
      app = f;
    } else {
      ConsoleAppender<ILoggingEvent> c = new ConsoleAppender<>();
      c.setTarget("System.err");
      app = c;
    }
    app.setContext(ctx);
    app.setName("agent");
    app.setEncoder(enc);
    app.start();
    root.addAppender(app);
    Level level = quiet ? Level.ERROR : debug ? Level.DEBUG : Level.INFO;
    root.setLevel(level);
    for (String n : NOISY) {
      ctx.getLogger(n).setLevel(quiet ? Level.ERROR : debug ? Level.INFO : Level.WARN);
    }
    // the driver warns with user@host on every failed login, unthrottled; inputs.mysql reports
    // the failure itself (once per gather, password removed)
    ctx.getLogger("org.mariadb").setLevel(debug && !quiet ? Level.INFO : Level.ERROR);
  }
}
