package io.jagent.core.runtime;

import io.jagent.spi.Stat;
import java.util.Map;

/** The agent-wide counters of {@code internal_agent}. */
record AgentStats(
    Stat gatherErrors,
    Stat gatherTimeouts,
    Stat metricsDropped,
    Stat metricsGathered,
    Stat metricsRejected,
    Stat metricsWritten,
    Stat writeErrors) {

  static AgentStats register(SelfStatsRegistry r) {
    Map<String, String> none = Map.of();
    return new AgentStats(
        r.register("agent", "gather_errors", none),
        r.register("agent", "gather_timeouts", none),
        r.register("agent", "metrics_dropped", none),
        r.register("agent", "metrics_gathered", none),
        r.register("agent", "metrics_rejected", none),
        r.register("agent", "metrics_written", none),
        r.register("agent", "write_errors", none));
  }
}
