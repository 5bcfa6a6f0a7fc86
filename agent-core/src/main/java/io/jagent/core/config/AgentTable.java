package io.jagent.core.config;

import io.jagent.spi.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code [agent]} tables of every source merged (reference agent.md §2, §6): a key given in a
 * later table overwrites the earlier value, keys not mentioned keep theirs. Validation runs once on
 * the merged values, reporting the file and line of the value at fault.
 */
final class AgentTable {
  private enum Type {
    DURATION,
    BOOL,
    INT,
    STRING,
    SIZE
  }

  /** Options the agent acts on, with their types (defaults: {@link AgentSettings#defaults()}). */
  private static final Map<String, Type> ESSENTIAL;

  /** [R] options: accepted, type-checked, and ignored with a warning unless at their default. */
  private static final Map<String, Object[]> RARE;

  static {
    Map<String, Type> essential = new LinkedHashMap<>();
    Map<String, Object[]> rare = new LinkedHashMap<>();
    essential.put("interval", Type.DURATION);
    essential.put("round_interval", Type.BOOL);
    essential.put("metric_batch_size", Type.INT);
    essential.put("metric_buffer_limit", Type.INT);
    essential.put("collection_jitter", Type.DURATION);
    essential.put("collection_offset", Type.DURATION);
    essential.put("flush_interval", Type.DURATION);
    essential.put("flush_jitter", Type.DURATION);
    essential.put("precision", Type.DURATION);
    essential.put("debug", Type.BOOL);
    essential.put("quiet", Type.BOOL);
    essential.put("logfile", Type.STRING);
    essential.put("hostname", Type.STRING);
    essential.put("omit_hostname", Type.BOOL);

    rare(rare, "logformat", Type.STRING, "text");
    rare(rare, "structured_log_message_key", Type.STRING, "msg");
    rare(rare, "logtarget", Type.STRING, "");
    rare(rare, "logfile_rotation_interval", Type.DURATION, Duration.ZERO);
    rare(rare, "logfile_rotation_max_size", Type.SIZE, 0L);
    rare(rare, "logfile_rotation_max_archives", Type.INT, 5);
    rare(rare, "log_with_timezone", Type.STRING, "");
    rare(rare, "snmp_translator", Type.STRING, "netsnmp");
    rare(rare, "statefile", Type.STRING, "");
    rare(rare, "always_include_local_tags", Type.BOOL, false);
    rare(rare, "always_include_global_tags", Type.BOOL, false);
    rare(rare, "skip_processors_after_aggregators", Type.BOOL, false);
    rare(rare, "skip_processors_before_aggregators", Type.BOOL, false);
    rare(rare, "config_url_retry_attempts", Type.INT, 0);
    rare(rare, "buffer_strategy", Type.STRING, "memory");
    rare(rare, "buffer_directory", Type.STRING, "");
    rare(rare, "buffer_disk_sync", Type.BOOL, true);
    ESSENTIAL = Collections.unmodifiableMap(essential);
    RARE = Collections.unmodifiableMap(rare);
  }

  private static void rare(Map<String, Object[]> m, String key, Type type, Object def) {
    m.put(key, new Object[] {type, def});
  }

  /** Every option name of {@code [agent]}, for did-you-mean. */
  static List<String> knownKeys() {
    List<String> out = new ArrayList<>(ESSENTIAL.keySet());
    out.addAll(RARE.keySet());
    return out;
  }

  private record Located(Object value, String file, int line) {}

  private final ConfigProblems problems;
  private final Map<String, Located> values = new HashMap<>();

  AgentTable(ConfigProblems problems) {
    this.problems = problems;
  }

  /** Reads one {@code [agent]} table over the values read so far; reports unknown keys. */
  void read(TomlConfigTable t) {
    for (Map.Entry<String, Type> e : ESSENTIAL.entrySet()) {
      String k = e.getKey();
      if (t.contains(k)) {
        values.put(k, new Located(get(t, k, e.getValue()), t.file(), t.lineOf(k)));
      }
    }
    for (Map.Entry<String, Object[]> e : RARE.entrySet()) {
      String k = e.getKey();
      if (t.contains(k)) {
        Object v = get(t, k, (Type) e.getValue()[0]);
        if (v != null && !v.equals(e.getValue()[1])) {
          t.warn(k, "is not supported by jagent yet and is ignored");
        }
      }
    }
    // [Q] Telegraf accepts the generic plugin option names inside [agent] too
    t.finish(knownKeys(), ConfigLoader.GENERIC_NAMES);
  }

  private static Object get(TomlConfigTable t, String k, Type type) {
    return switch (type) {
      case DURATION -> t.getDuration(k, null);
      case BOOL -> t.getBoolean(k, false);
      case INT -> t.getInt(k, 0);
      case STRING -> t.getString(k).orElse(null);
      case SIZE -> t.getSize(k, 0L);
    };
  }

  private Duration duration(String key, Duration def) {
    Located l = values.get(key);
    return l == null || l.value() == null ? def : (Duration) l.value();
  }

  private boolean bool(String key, boolean def) {
    Located l = values.get(key);
    return l == null || l.value() == null ? def : (Boolean) l.value();
  }

  private int integer(String key, int def) {
    Located l = values.get(key);
    return l == null || l.value() == null ? def : (Integer) l.value();
  }

  private String string(String key, String def) {
    Located l = values.get(key);
    return l == null || l.value() == null ? def : (String) l.value();
  }

  private void error(String key, String message) {
    Located l = values.get(key);
    problems.error(
        new ConfigProblem(
            l == null ? null : l.file(), l == null ? 0 : l.line(), "agent", key, message));
  }

  /** The merged, validated settings; problems are reported to the shared sink. */
  AgentSettings settings(Supplier<String> osHostname) {
    AgentSettings d = AgentSettings.defaults();
    Duration interval = duration("interval", d.interval());
    if (interval.isNegative() || interval.isZero()) {
      error("interval", "agent interval must be positive, found " + Durations.format(interval));
      interval = d.interval();
    }
    Duration flushInterval = duration("flush_interval", d.flushInterval());
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      error(
          "flush_interval",
          "agent flush_interval must be positive, found " + Durations.format(flushInterval));
      flushInterval = d.flushInterval();
    }
    Duration offset = duration("collection_offset", d.collectionOffset());
    if (offset.isNegative()) {
      error(
          "collection_offset",
          "agent collection_offset must not be negative, found " + Durations.format(offset));
      offset = Duration.ZERO;
    }
    Duration jitter = nonNegative("collection_jitter", d.collectionJitter());
    Duration flushJitter = nonNegative("flush_jitter", d.flushJitter());
    Duration precision = nonNegative("precision", d.precision());
    int batch = integer("metric_batch_size", 0);
    if (batch < 0) {
      error("metric_batch_size", "agent metric_batch_size must not be negative, found " + batch);
    }
    int limit = integer("metric_buffer_limit", 0);
    if (limit < 0) {
      error(
          "metric_buffer_limit", "agent metric_buffer_limit must not be negative, found " + limit);
    }
    boolean omit = bool("omit_hostname", d.omitHostname());
    String hostname = string("hostname", "");
    if (!omit && hostname.isEmpty()) {
      String os = osHostname.get();
      hostname = os == null ? "" : os;
    }
    return new AgentSettings(
        interval,
        bool("round_interval", d.roundInterval()),
        batch > 0 ? batch : d.metricBatchSize(),
        limit > 0 ? limit : d.metricBufferLimit(),
        jitter,
        offset,
        flushInterval,
        flushJitter,
        precision,
        bool("debug", d.debug()),
        bool("quiet", d.quiet()),
        string("logfile", d.logfile()),
        hostname,
        omit);
  }

  private Duration nonNegative(String key, Duration def) {
    Duration v = duration(key, def);
    if (v.isNegative()) {
      error(key, "agent " + key + " must not be negative, found " + Durations.format(v));
      return def;
    }
    return v;
  }
}
