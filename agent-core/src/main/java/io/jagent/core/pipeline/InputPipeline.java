package io.jagent.core.pipeline;

import io.jagent.core.config.InputOptions;
import io.jagent.core.schedule.Ticks;
import io.jagent.spi.Accumulator;
import io.jagent.spi.Clock;
import io.jagent.spi.Metric;
import io.jagent.spi.RateLimitedLogger;
import io.jagent.spi.Stat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * What happens to every metric one input emits (reference agent.md §9.3, §11.3): time stamped and
 * rounded, selectors on the raw metric, name_override/prefix/suffix, input tags then global tags
 * (only where absent), modifiers, metrics without fields dropped, counted, handed to every sink.
 * Thread-safe and non-blocking: called from worker threads and from event-loop threads of service
 * inputs.
 */
public final class InputPipeline {
  private final MetricFilter filter;
  private final String nameOverride;
  private final String namePrefix;
  private final String nameSuffix;
  private final String[] extraTags; // input tags first, then global tags: k0, v0, ...
  private final MetricSink[] sinks;
  private final Stats stats;
  private final Logger log;
  private final RateLimitedLogger errLog;
  private final Clock clock;
  private final long gatherPrecision;
  private final long pushPrecision;

  /** Counters of one input and the agent-wide totals. */
  public record Stats(
      Stat gathered, Stat gatherErrors, Stat errors, Stat agentGathered, Stat agentGatherErrors) {}

  /**
   * @param globalTags {@code [global_tags]} including {@code host}
   */
  public InputPipeline(
      InputOptions opts,
      Map<String, String> globalTags,
      List<? extends MetricSink> sinks,
      Stats stats,
      Logger log,
      RateLimitedLogger errLog,
      Clock clock) {
    this.filter = opts.filter() == null ? MetricFilter.NONE : opts.filter();
    this.nameOverride = emptyToNull(opts.nameOverride());
    this.namePrefix = emptyToNull(opts.namePrefix());
    this.nameSuffix = emptyToNull(opts.nameSuffix());
    Map<String, String> own = opts.tags() == null ? Map.of() : opts.tags();
    String[] t = new String[(own.size() + globalTags.size()) * 2];
    int i = 0;
    for (Map.Entry<String, String> e : own.entrySet()) {
      t[i++] = e.getKey();
      t[i++] = e.getValue();
    }
    for (Map.Entry<String, String> e : globalTags.entrySet()) {
      t[i++] = e.getKey();
      t[i++] = e.getValue();
    }
    this.extraTags = t;
    this.sinks = sinks.toArray(new MetricSink[0]);
    this.stats = stats;
    this.log = log;
    this.errLog = errLog;
    this.clock = clock;
    long p = opts.precision() == null ? 0 : opts.precision().toNanos();
    this.gatherPrecision = p > 0 ? p : Ticks.autoPrecision(opts.interval().toNanos());
    // Telegraf: pushes outside Gather use only the plugin's own precision, default 1 ns. The
    // resolved options cannot tell a plugin precision from the agent's, so the resolved value is
    // used (see report).
    this.pushPrecision = p > 0 ? p : 1;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** An accumulator for one gather: metrics without time get {@code now}, rounded. */
  public GatherAccumulator gatherAccumulator() {
    return new GatherAccumulator(clock.epochNanos());
  }

  /** The accumulator a service input gets in {@code start}: pushes at any time. */
  public Accumulator serviceAccumulator() {
    return new Accumulator() {
      @Override
      public void add(Metric metric) {
        process(metric, metric.hasTime() ? 0 : clock.epochNanos(), pushPrecision);
      }

      @Override
      public void addError(Throwable error) {
        error(error);
      }
    };
  }

  void process(Metric m, long defaultTime, long precision) {
    if (!filter.selects(m)) {
      return;
    }
    String name = m.name();
    if (nameOverride != null) {
      name = nameOverride;
    }
    if (namePrefix != null) {
      name = namePrefix + name;
    }
    if (nameSuffix != null) {
      name = name + nameSuffix;
    }
    long t = Ticks.round(m.hasTime() ? m.timeNanos() : defaultTime, precision);
    boolean missingTag = false;
    for (int i = 0; i < extraTags.length; i += 2) {
      if (!m.hasTag(extraTags[i])) {
        missingTag = true;
        break;
      }
    }
    if (missingTag) {
      Metric.Builder b = m.toBuilder().name(name).time(t);
      for (int i = 0; i < extraTags.length; i += 2) {
        b.tagIfAbsent(extraTags[i], extraTags[i + 1]);
      }
      m = b.build();
    } else {
      if (!name.equals(m.name())) {
        m = m.withName(name);
      }
      if (t != m.timeNanos()) {
        m = m.withTime(t);
      }
    }
    if (!filter.isEmpty()) {
      m = filter.modify(m);
      if (m == null) {
        return;
      }
    }
    if (m.fieldCount() == 0) {
      return;
    }
    stats.gathered().incr(1);
    stats.agentGathered().incr(1);
    for (MetricSink s : sinks) {
      try {
        s.accept(m);
      } catch (RuntimeException e) {
        log.error("Dropped a metric: unexpected error in the pipeline: {}", e.toString(), e);
      }
    }
  }

  /** Counts and logs (rate-limited) an input failure. */
  public void error(Throwable t) {
    stats.gatherErrors().incr(1);
    stats.agentGatherErrors().incr(1);
    stats.errors().incr(1);
    String msg = t.getMessage() == null ? t.toString() : t.getMessage();
    if (t instanceof RuntimeException || t instanceof Error) {
      errLog.error("Error in plugin: {}", msg, t);
    } else {
      errLog.error("Error in plugin: {}", msg);
    }
  }

  /** The accumulator of one gather; knows how many errors the gather reported. */
  public final class GatherAccumulator implements Accumulator {
    private final long time;
    private final AtomicInteger errors = new AtomicInteger();

    GatherAccumulator(long time) {
      this.time = time;
    }

    /** The gather time stamped on metrics without time (before rounding). */
    public long time() {
      return time;
    }

    @Override
    public void add(Metric metric) {
      process(metric, time, gatherPrecision);
    }

    @Override
    public void addError(Throwable error) {
      errors.incrementAndGet();
      error(error);
    }

    public int errorCount() {
      return errors.get();
    }
  }
}
