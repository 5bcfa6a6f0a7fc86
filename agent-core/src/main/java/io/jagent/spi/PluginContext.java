package io.jagent.spi;

import java.net.http.HttpClient;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;

/** What the core gives a plugin instance. */
public interface PluginContext {
  /** {@code inputs.statsd} or {@code inputs.statsd::alias}: use it in messages. */
  String pluginId();

  /** Logger named after the plugin id. */
  Logger log();

  /**
   * A logger for repeated warnings: the first at WARN, then at most one a minute with the number
   * suppressed meanwhile.
   */
  RateLimitedLogger rateLimitedLog();

  Clock clock();

  /** The agent's own metrics ({@code inputs.internal}). */
  SelfStats stats();

  /** The agent-wide HTTP client (no custom TLS); plugins with TLS options build their own. */
  HttpClient httpClient();

  /**
   * An agent-wide resource shared by all plugins (e.g. the one Netty event loop), created on first
   * use and closed by the core at shutdown with {@code close}.
   */
  <T> T shared(String key, Supplier<T> create, Consumer<? super T> close);
}
