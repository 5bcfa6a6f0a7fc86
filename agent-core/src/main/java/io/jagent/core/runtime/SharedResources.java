package io.jagent.core.runtime;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent-wide resources shared by plugins ({@link io.jagent.spi.PluginContext#shared}), created on
 * first use and closed at shutdown in reverse order of creation; plus the one lazily created {@link
 * HttpClient}.
 */
final class SharedResources {
  static final Duration HTTP_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger("agent");

  private final Map<String, Object> byKey = new HashMap<>();
  private final List<Runnable> closers = new ArrayList<>();
  private HttpClient http;
  private boolean closed;

  @SuppressWarnings("unchecked")
  synchronized <T> T get(String key, Supplier<T> create, Consumer<? super T> close) {
    if (closed) {
      throw new IllegalStateException("agent is shut down");
    }
    Object o = byKey.get(key);
    if (o != null) {
      return (T) o;
    }
    T t = create.get();
    byKey.put(key, t);
    closers.add(
        () -> {
          try {
            close.accept(t);
          } catch (RuntimeException e) {
            LOG.warn("Closing shared resource {} failed: {}", key, e.toString());
          }
        });
    return t;
  }

  synchronized HttpClient httpClient() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(HTTP_CONNECT_TIMEOUT).build();
    }
    return http;
  }

  /** Closes everything in reverse order of creation; idempotent. */
  synchronized void close() {
    closed = true;
    for (int i = closers.size() - 1; i >= 0; i--) {
      closers.get(i).run();
    }
    closers.clear();
    byKey.clear();
    http = null; // java.net.http.HttpClient has no close() before JDK 21; its threads idle out
  }
}
