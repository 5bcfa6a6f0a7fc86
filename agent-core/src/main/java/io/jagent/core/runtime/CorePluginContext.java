package io.jagent.core.runtime;

import io.jagent.spi.Clock;
import io.jagent.spi.PluginContext;
import io.jagent.spi.RateLimitedLogger;
import io.jagent.spi.SelfStats;
import java.net.http.HttpClient;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link PluginContext} the core hands each plugin instance. */
final class CorePluginContext implements PluginContext {
  private final String pluginId;
  private final Logger log;
  private final RateLimitedLogger rateLimited;
  private final Clock clock;
  private final SelfStatsRegistry stats;
  private final SharedResources shared;

  CorePluginContext(String pluginId, Clock clock, SelfStatsRegistry stats, SharedResources shared) {
    this.pluginId = pluginId;
    this.log = LoggerFactory.getLogger(pluginId);
    this.rateLimited = new RateLimitedLogger(log, clock);
    this.clock = clock;
    this.stats = stats;
    this.shared = shared;
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
}
