package io.jagent.core.runtime;

import java.time.Duration;
import java.util.Random;

/**
 * Run-time knobs of the core that are not in the TOML: tests shorten the connect retry delay and
 * fix the random source.
 *
 * @param connectRetryDelay wait before the one retry of a failed output connect (Telegraf: 15 s)
 * @param workerThreads size of the {@code agent-worker} pool
 * @param stopDeadline how long an orderly stop (final gather + flush) may take
 * @param random source of collection and flush jitter
 */
public record AgentOptions(
    Duration connectRetryDelay, int workerThreads, Duration stopDeadline, Random random) {
  public static final Duration DEFAULT_CONNECT_RETRY_DELAY = Duration.ofSeconds(15);
  public static final int DEFAULT_WORKER_THREADS = 2;

  /** Below Kubernetes' default 30 s termination grace period. */
  public static final Duration DEFAULT_STOP_DEADLINE = Duration.ofSeconds(25);

  public static AgentOptions defaults() {
    return new AgentOptions(
        DEFAULT_CONNECT_RETRY_DELAY, DEFAULT_WORKER_THREADS, DEFAULT_STOP_DEADLINE, new Random());
  }

  public AgentOptions withConnectRetryDelay(Duration d) {
    return new AgentOptions(d, workerThreads, stopDeadline, random);
  }

  public AgentOptions withStopDeadline(Duration d) {
    return new AgentOptions(connectRetryDelay, workerThreads, d, random);
  }

  public AgentOptions withRandom(Random r) {
    return new AgentOptions(connectRetryDelay, workerThreads, stopDeadline, r);
  }
}
