package io.jagent.core.runtime;

import io.jagent.spi.Stat;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The logger a plugin gets: delegates to the slf4j logger named by the plugin id and counts each
 * ERROR line in the plugin's {@code errors} self-stat (reference §14: every error-level line of a
 * plugin increments its {@code errors} counter).
 */
final class CountingLogger extends AbstractLogger {
  private static final long serialVersionUID = 1L;
  private final transient Logger delegate;
  private final transient Stat errors;

  CountingLogger(Logger delegate, Stat errors) {
    this.delegate = delegate;
    this.errors = errors;
    this.name = delegate.getName();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return CountingLogger.class.getName();
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] args, Throwable t) {
    if (level == Level.ERROR) {
      errors.incr(1);
    }
    LoggingEventBuilder b = delegate.makeLoggingEventBuilder(level);
    if (marker != null) {
      b.addMarker(marker);
    }
    if (args != null) {
      for (Object a : args) {
        b.addArgument(a);
      }
    }
    if (t != null) {
      b.setCause(t);
    }
    b.log(pattern);
  }

  @Override
  public boolean isTraceEnabled() {
    return delegate.isTraceEnabled();
  }

  @Override
  public boolean isTraceEnabled(Marker marker) {
    return delegate.isTraceEnabled(marker);
  }

  @Override
  public boolean isDebugEnabled() {
    return delegate.isDebugEnabled();
  }

  @Override
  public boolean isDebugEnabled(Marker marker) {
    return delegate.isDebugEnabled(marker);
  }

  @Override
  public boolean isInfoEnabled() {
    return delegate.isInfoEnabled();
  }

  @Override
  public boolean isInfoEnabled(Marker marker) {
    return delegate.isInfoEnabled(marker);
  }

  @Override
  public boolean isWarnEnabled() {
    return delegate.isWarnEnabled();
  }

  @Override
  public boolean isWarnEnabled(Marker marker) {
    return delegate.isWarnEnabled(marker);
  }

  @Override
  public boolean isErrorEnabled() {
    return delegate.isErrorEnabled();
  }

  @Override
  public boolean isErrorEnabled(Marker marker) {
    return delegate.isErrorEnabled(marker);
  }
}
