package io.jagent.core.runtime;

import io.jagent.spi.Clock;
import io.jagent.spi.PluginContext;
import io.jagent.spi.RateLimitedLogger;
import io.jagent.spi.SelfStats;
import io.jagent.spi.Stat;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link PluginContext} the core hands each plugin instance. */
final class CorePluginContext implements PluginContext {
  private final String pluginId;
  private final Logger log;
  private final RateLimitedLogger rateLimited;
  private final RateLimitedLogger coreRateLimited;
  private final Clock clock;
  private final SelfStatsRegistry stats;
  private final SharedResources shared;
  private final Handovers handovers;

  /**
   * @param errors the plugin's {@code errors} self-stat: every ERROR line the plugin logs counts
   */
  CorePluginContext(
      String pluginId, Clock clock, SelfStatsRegistry stats, SharedResources shared, Stat errors) {
    this(pluginId, clock, stats, shared, null, errors);
  }

  /**
   * @param handovers the runner's handover slots (null: none, as in {@code --test}/{@code --once})
   */
  CorePluginContext(
      String pluginId,
      Clock clock,
      SelfStatsRegistry stats,
      SharedResources shared,
      Handovers handovers,
      Stat errors) {
    this.pluginId = pluginId;
    Logger plain = LoggerFactory.getLogger(pluginId);
    this.log = new CountingLogger(plain, errors);
    this.rateLimited = new RateLimitedLogger(log, clock);
    // for what the core logs on the plugin's behalf; the core counts those errors itself
    this.coreRateLimited = new RateLimitedLogger(plain, clock);
    this.clock = clock;
    this.stats = stats;
    this.shared = shared;
    this.handovers = handovers;
  }

  @Override
  public String pluginId() {
    return pluginId;
  }

  @Override
  public Logger log() {
    return log;
  }

  @Override
  public RateLimitedLogger rateLimitedLog() {
    return rateLimited;
  }

  /** Rate-limited logging by the core on behalf of the plugin; does not count errors. */
  RateLimitedLogger coreRateLimitedLog() {
    return coreRateLimited;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public SelfStats stats() {
    return stats;
  }

  @Override
  public HttpClient httpClient() {
    return shared.httpClient();
  }

  @Override
  public <T> T shared(String key, Supplier<T> create, Consumer<? super T> close) {
    return shared.get(key, create, close);
  }

  @Override
  public boolean handOver(String key, Object resource, Runnable closeIfUnclaimed) {
    return handovers != null && handovers.handOver(key, resource, closeIfUnclaimed);
  }

  @Override
  public <T> Optional<T> takeOver(String key, Class<T> type) {
    return handovers == null ? Optional.empty() : handovers.takeOver(key, type);
  }
}
