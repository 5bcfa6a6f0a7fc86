package io.jagent.core.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The agent process's SLF4J binding: logback's {@link LoggerContext}, set up as {@link
 * AgentLogConfigurator} sets it up, without logback's auto-configuration around it. {@code Main}
 * names it in the {@code slf4j.provider} system property (unless the user set one), so SLF4J takes
 * it without its {@code ServiceLoader} lookup; elsewhere (tests, embedding) logback's own provider
 * is found as usual and runs {@link AgentLogConfigurator}, with the same result.
 *
 * <p>Why: logback's {@code ContextInitializer} looks its configurators up through {@code
 * ServiceLoader} and reports what it did in four messages built with {@code invokedynamic} string
 * concatenation: the process's first such concatenations, whose bootstrap spun 13 method-handle
 * classes and had C1 compile the class-file writer that spins them, on the main thread at every
 * start (BENCHMARKS.md "inputs.statsd", seventh session).
 */
public final class AgentSlf4jProvider implements SLF4JServiceProvider {
  /** The SLF4J API version this binding is written against (the one logback 1.5 declares). */
  static final String API_VERSION = "2.0.99";

  private final LoggerContext context = new LoggerContext();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

  @Override
  public void initialize() {
    context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
    context.setMDCAdapter(mdc);
    AgentLogging.installDefault(context);
    context.start();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return context;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return API_VERSION;
  }
}
