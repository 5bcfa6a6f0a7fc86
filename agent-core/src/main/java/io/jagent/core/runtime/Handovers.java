package io.jagent.core.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources a stopping agent parks for the next one during a reload ({@link
 * io.jagent.spi.PluginContext#handOver}): kept by the {@link AgentRunner} across reloads. Parking
 * is accepted only while {@link #open()} (from the old agent's stop until the new agent, or the
 * previous config started again, is running); {@link #closeUnclaimed()} then closes whatever no
 * plugin took over, each exactly once.
 */
final class Handovers {
  private static final Logger LOG = LoggerFactory.getLogger("agent");

  private record Parked(Object resource, Runnable closeIfUnclaimed, String origin) {}

  private final Map<String, Parked> parked = new LinkedHashMap<>();
  private boolean open;

  /** Starts accepting handovers (a reload begins). */
  synchronized void open() {
    open = true;
  }

  /** Stops accepting handovers; what is parked stays until taken or {@link #closeUnclaimed()}. */
  synchronized void seal() {
    open = false;
  }

  synchronized boolean handOver(String key, Object resource, Runnable closeIfUnclaimed) {
    if (!open || key == null || resource == null || closeIfUnclaimed == null) {
      return false;
    }
    return park(key, new Parked(resource, closeIfUnclaimed, "handed over at the reload"));
  }

  /**
   * Parks a resource the process opened before the first start ({@link io.jagent.spi.EarlyUdpSocket
   * sockets bound early}), whether or not handovers are open; false when the key is taken.
   */
  synchronized boolean seed(String key, Object resource, Runnable closeIfUnclaimed) {
    return park(key, new Parked(resource, closeIfUnclaimed, "bound at process start"));
  }

  private boolean park(String key, Parked p) {
    return parked.putIfAbsent(key, p) == null;
  }

  synchronized <T> Optional<T> takeOver(String key, Class<T> type) {
    Parked p = parked.get(key);
    if (p == null || !type.isInstance(p.resource())) {
      return Optional.empty();
    }
    parked.remove(key);
    return Optional.of(type.cast(p.resource()));
  }

  /** Parked resources not yet taken over; for tests. */
  synchronized int size() {
    return parked.size();
  }

  /** Stops accepting and closes every resource no plugin took over (outside the lock). */
  void closeUnclaimed() {
    List<Map.Entry<String, Parked>> left;
    synchronized (this) {
      open = false;
      left = new ArrayList<>(parked.entrySet());
      parked.clear();
    }
    for (Map.Entry<String, Parked> e : left) {
      LOG.info("Closing {}: {}, not taken over", e.getKey(), e.getValue().origin());
      try {
        e.getValue().closeIfUnclaimed().run();
      } catch (RuntimeException ex) {
        LOG.warn("Closing {} failed: {}", e.getKey(), ex.toString());
      }
    }
  }
}
