package io.jagent.spi;

import java.net.http.HttpClient;
import java.util.Optional;
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

  /**
   * Parks a live resource (e.g. a bound socket) for the plugin instance that replaces this one at a
   * configuration reload, so that the reload does not close and reopen it. Call it from {@code
   * stop()}. Succeeds only while the agent is stopping <em>for a reload</em>: then the core owns
   * the resource, and if no new instance {@link #takeOver takes it over} by the time the new
   * configuration is running, the core runs {@code closeIfUnclaimed} (exactly once). Returns false
   * at a final stop, in {@code --test}/{@code --once}, when the key is already parked, or when the
   * core does not support handovers: the plugin then closes the resource itself, as without this
   * method.
   *
   * @param key identifies the resource across configurations, e.g. {@code "statsd:udp:8125"}
   */
  default boolean handOver(String key, Object resource, Runnable closeIfUnclaimed) {
    return false;
  }

  /**
   * The resource a previous instance {@link #handOver handed over} under {@code key} at a reload,
   * now owned by the caller (who must close it in the end); empty when there is none or it is not a
   * {@code type}. Call it from {@code start()}.
   */
  default <T> Optional<T> takeOver(String key, Class<T> type) {
    return Optional.empty();
  }
}
