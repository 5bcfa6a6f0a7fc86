package io.jagent.inputs.mysql;

import io.jagent.spi.Accumulator;
import io.jagent.spi.Input;
import io.jagent.spi.PluginContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Gathers every configured server in turn. Each server has its own reused connection ({@link
 * ServerCollector}); a failing server adds one error to the accumulator and the others are still
 * gathered. Connect and read timeouts bound the time one server can take.
 */
final class MysqlInput implements Input, AutoCloseable {
  private final MysqlConfig config;
  private final PluginContext ctx;
  private final List<ServerCollector> servers;
  private final Set<String> warnedKeys = ConcurrentHashMap.newKeySet();
  private long lastVariablesNanos;
  private boolean variablesGathered;

  MysqlInput(MysqlConfig config, List<JdbcTarget> targets, PluginContext ctx) {
    this.config = config;
    this.ctx = ctx;
    List<ServerCollector> list = new ArrayList<>(targets.size());
    for (JdbcTarget t : targets) {
      list.add(new ServerCollector(config, t, ctx.log()));
    }
    this.servers = Collections.unmodifiableList(list);
  }

  @Override
  public synchronized void gather(Accumulator acc) {
    boolean variablesDue = false;
    long now = ctx.clock().nanoTime();
    if (config.variablesEnabled()) {
      variablesDue =
          !variablesGathered || now - lastVariablesNanos >= config.intervalSlow().toNanos();
    }
    boolean variablesDone = false;
    for (ServerCollector s : servers) {
      List<String> notIntegers = new ArrayList<>();
      Problems problems = problems(acc, s.serverTag(), notIntegers);
      try {
        variablesDone |= s.collect(acc, problems, variablesDue);
      } catch (GatherException e) {
        acc.addError(e);
      } catch (RuntimeException e) {
        acc.addError(
            new GatherException(
                "mysql server " + s.serverTag() + ": " + s.sanitize(String.valueOf(e))));
      }
      if (!notIntegers.isEmpty()) {
        ctx.log()
            .warn(
                "server {}: global status values that are not integers are reported as 0"
                    + " (metric_version 1; warned once per name): {}",
                s.serverTag(),
                String.join(", ", notIntegers));
      }
    }
    if (variablesDone) {
      variablesGathered = true;
      lastVariablesNanos = now;
    }
  }

  private Problems problems(Accumulator acc, String serverTag, List<String> notIntegers) {
    Logger log = ctx.log();
    return new Problems() {
      @Override
      public void error(String message) {
        acc.addError(new GatherException("mysql server " + serverTag + ": " + message));
      }

      @Override
      public void debug(String message) {
        log.debug("server {}: {}", serverTag, message);
      }

      @Override
      public void warnOnce(String key, String message) {
        if (warnedKeys.add(key)) {
          log.debug("server {}: {}", serverTag, message);
          notIntegers.add(key);
        }
      }
    };
  }

  /** Closes every server's connection. */
  @Override
  public synchronized void close() {
    for (ServerCollector s : servers) {
      s.close();
    }
  }

  List<ServerCollector> servers() {
    return servers;
  }
}
