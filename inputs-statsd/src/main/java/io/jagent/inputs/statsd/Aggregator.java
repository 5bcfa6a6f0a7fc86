package io.jagent.inputs.statsd;

import io.jagent.spi.Accumulator;
import io.jagent.spi.Metric;
import io.jagent.spi.MetricType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-interval statsd state (reference §6, §7): series keyed by measurement + tag set + type, each
 * with mutable per-field state. Raw keys (as received) are mapped to their field slot once, so the
 * hot path is a byte-wise hash lookup plus an update. Not thread-safe: {@link StatsdEngine} guards
 * it with a lock.
 */
final class Aggregator {
  static final byte COUNTER = 1;
  static final byte GAUGE = 2;
  static final byte SET = 3;
  static final byte TIMING = 4;
  static final byte HISTOGRAM = 5;
  static final byte DISTRIBUTION = 6;

  /** Emission order of Telegraf: distributions, timings, gauges, counters, sets. */
  private static final byte[] EMIT_ORDER = {DISTRIBUTION, TIMING, HISTOGRAM, GAUGE, COUNTER, SET};

  /**
   * {@code start_time}'s format, in a holder: a {@code DateTimeFormatter} loads ~40 classes, ~0.3
   * MiB of resident class metadata that most configs (no {@code enable_aggregation_temporality})
   * never use.
   */
  private static final class Rfc3339 {
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  }

  /** What a lookup found. */
  enum Miss {
    NONE,
    EMPTY_NAME,
    CAPPED
  }

  /** Drops and approximations the engine turns into self-stats and warnings. */
  interface Listener {
    void seriesDropped(String what);

    void samplesApproximated();

    void samplesDropped(String what);
  }

  private final StatsdConfig cfg;
  private final Templates templates;
  private final Listener listener;
  private final String[] percentileNames;
  private final double[] percentileValues;
  private final KeyTable<Field> keys;
  private final Map<String, Series> series = new HashMap<>();
  private final List<Series> order = new ArrayList<>();
  private final Budget budget;
  private final long maxTtlNanos;
  private double[] scratch = new double[64];
  private long previousGatherEpochNanos;
  Miss lastMiss = Miss.NONE;

  Aggregator(StatsdConfig cfg, Listener listener, long startEpochNanos) {
    this.cfg = cfg;
    this.listener = listener;
    this.templates = new Templates(cfg.templates(), cfg.metricSeparator());
    LinkedHashSet<String> names = new LinkedHashSet<>();
    List<Double> values = new ArrayList<>();
    for (double p : cfg.percentiles()) {
      if (names.add(GoNumbers.formatGo(p) + "_percentile")) {
        values.add(p);
      }
    }
    this.percentileNames = names.toArray(new String[0]);
    this.percentileValues = values.stream().mapToDouble(Double::doubleValue).toArray();
    this.keys = new KeyTable<>(1024);
    this.budget = new Budget(cfg.maxSamples(), listener);
    this.maxTtlNanos = cfg.maxTtl().toNanos();
    this.previousGatherEpochNanos = startEpochNanos;
  }

  int seriesCount() {
    return series.size();
  }

  long samplesReserved() {
    return budget.reserved;
  }

  // ------------------------------------------------------------------ lookup (hot path)

  /**
   * The field slot for a raw key {@code [kind][bucket]('|' ddSegment)*}, creating it on first
   * sight; null when the name is empty or a cap is reached ({@link #lastMiss} says which).
   */
  Field lookup(byte[] key, int len) {
    return lookup(key, len, KeyTable.hash(key, 0, len));
  }

  /**
   * The known series of the key {@code [kind] + b[off, off+len)} (no DataDog segments), compared in
   * place; null when it is not known yet (then {@link #lookup(byte[], int, int)} resolves it).
   */
  Field find(byte kind, byte[] b, int off, int len, int h) {
    return keys.get(kind, b, off, len, h);
  }

  /** As {@link #lookup(byte[], int)}, with the key's {@link KeyTable#hash} already computed. */
  Field lookup(byte[] key, int len, int h) {
    Field f = keys.get(key, 0, len, h);
    if (f != null) {
      return f;
    }
    return resolve(key, len, h);
  }

  void counter(Field f, long v, long now) {
    CounterField c = (CounterField) f;
    c.value += v;
    c.touch(now);
  }

  void gauge(Field f, double v, boolean additive, long now) {
    GaugeField g = (GaugeField) f;
    if (additive) {
      g.value = (g.active ? g.value : 0) + v;
    } else {
      g.value = v;
    }
    g.touch(now);
  }

  /**
   * Adds the member {@code b[off, off+len)} to a set. Members are compared as bytes, where they
   * were received (Go compares strings as bytes too); only a new member is copied.
   */
  void set(Field f, byte[] b, int off, int len, long now) {
    SetField s = (SetField) f;
    int hash = KeyTable.hash(SetField.MARK, b, off, len);
    if (s.members.get(SetField.MARK, b, off, len, hash) == null) {
      if (!budget.reserve(1)) {
        listener.samplesDropped("set member of " + s.series.name);
        s.touch(now);
        return;
      }
      byte[] member = new byte[len + 1];
      member[0] = SetField.MARK;
      System.arraycopy(b, off, member, 1, len);
      s.members.put(member, hash, Boolean.TRUE);
    }
    s.touch(now);
  }

  void timing(Field f, double v, long weight, long now) {
    TimingField t = (TimingField) f;
    t.stats.add(v, weight, budget, cfg.percentileLimit(), percentileNames.length > 0);
    t.touch(now);
  }

  void distribution(Field f, double v, long now) {
    DistributionField d = (DistributionField) f;
    if (!budget.reserve(1)) {
      listener.samplesDropped("distribution value of " + d.series.name);
      return;
    }
    if (d.len == d.values.length) {
      d.values = java.util.Arrays.copyOf(d.values, d.values.length * 2);
    }
    d.values[d.len++] = v;
    d.touch(now);
  }

  // ------------------------------------------------------------------ resolution (cold path)

  /**
   * Where the bucket of {@code key} ({@code [kind][bucket][DataDog segments]}) ends. A bucket may
   * hold {@code |} ({@code a|b:1|c} is measurement {@code a|b} in Telegraf); the DataDog segments
   * the parser appended each start with {@code |#} or {@code |c:}, which a bucket cannot hold: with
   * the extensions on, every {@code |}-separated segment starting with {@code #} or {@code c:} was
   * taken out of the line before the bucket was cut from it. Without them nothing was appended.
   */
  static int bucketEnd(byte[] key, int len, boolean datadog) {
    if (!datadog) {
      return len;
    }
    for (int i = 1; i + 1 < len; i++) {
      if (key[i] == '|'
          && (key[i + 1] == '#' || (key[i + 1] == 'c' && i + 2 < len && key[i + 2] == ':'))) {
        return i;
      }
    }
    return len;
  }

  private Field resolve(byte[] key, int len, int hash) {
    byte kind = key[0];
    int end = bucketEnd(key, len, cfg.datadogExtensions());
    String bucket = new String(key, 1, end - 1, StandardCharsets.UTF_8);
    String[] bucketParts = bucket.split(",", -1);
    String name = bucketParts[0];
    if (cfg.sanitizeNameMethod().equals("upstream")) {
      name = sanitizeUpstream(name);
    }
    name = firstWord(name);
    if (name.isEmpty()) {
      lastMiss = Miss.EMPTY_NAME;
      return null;
    }
    Templates.Result r = templates.apply(name);
    String measurement = r.measurement();
    if (measurement.isEmpty()) {
      lastMiss = Miss.EMPTY_NAME;
      return null;
    }
    if (cfg.convertNames()) {
      measurement = measurement.replace(".", "_").replace("-", "__");
    }
    String fieldName = r.field().isEmpty() ? "value" : r.field();
    TreeMap<String, String> tags = new TreeMap<>(r.tags());
    for (int i = 1; i < bucketParts.length; i++) {
      String part = bucketParts[i];
      int eq = part.indexOf('=');
      String k = eq < 0 ? "" : part.substring(0, eq);
      if (!k.isEmpty()) {
        tags.putIfAbsent(k, part.substring(eq + 1));
      }
    }
    tags.put("metric_type", typeName(kind));
    if (kind == COUNTER && cfg.enableAggregationTemporality()) {
      tags.put("temporality", cfg.deleteCounters() ? "delta" : "cumulative");
    }
    int s = end;
    while (s < len) {
      int e = s + 1;
      while (e < len && key[e] != '|') {
        e++;
      }
      String seg = new String(key, s + 1, e - s - 1, StandardCharsets.UTF_8);
      if (seg.startsWith("#")) {
        parseDataDogTags(tags, seg.substring(1));
      } else if (seg.startsWith("c:")) {
        tags.put("container", seg.substring(2));
      }
      s = e;
    }
    StringBuilder canon = new StringBuilder().append((char) ('0' + kind)).append(measurement);
    tags.forEach((k, v) -> canon.append('\0').append(k).append('=').append(v));
    String canonical = canon.toString();
    Series se = series.get(canonical);
    if (se == null) {
      if (series.size() >= cfg.maxSeries()) {
        lastMiss = Miss.CAPPED;
        listener.seriesDropped(measurement);
        return null;
      }
      String[] tagArray = new String[tags.size() * 2];
      int i = 0;
      for (Map.Entry<String, String> t : tags.entrySet()) {
        tagArray[i++] = t.getKey();
        tagArray[i++] = t.getValue();
      }
      se = new Series(kind, measurement, tagArray, canonical);
      series.put(canonical, se);
      order.add(se);
    }
    Field f = se.field(fieldName);
    if (f == null) {
      f = newField(se, fieldName);
      se.fields.add(f);
    }
    if (keys.size() >= 4L * cfg.maxSeries()) {
      // too many raw spellings (tag order, DataDog tags) of the known series: stay correct but
      // resolve again next time instead of growing the table
      return f;
    }
    keys.put(java.util.Arrays.copyOf(key, len), hash, f);
    return f;
  }

  private Field newField(Series se, String fieldName) {
    return switch (se.kind) {
      case COUNTER -> new CounterField(se, fieldName);
      case GAUGE -> new GaugeField(se, fieldName);
      case SET -> new SetField(se, fieldName);
      case DISTRIBUTION -> new DistributionField(se, fieldName);
      default -> new TimingField(se, fieldName, percentileNames);
    };
  }

  static String typeName(byte kind) {
    return switch (kind) {
      case COUNTER -> "counter";
      case GAUGE -> "gauge";
      case SET -> "set";
      case TIMING -> "timing";
      case HISTOGRAM -> "histogram";
      default -> "distribution";
    };
  }

  /** Go's strings.Fields(s)[0], or "" when there is none. */
  static String firstWord(String s) {
    int i = 0;
    int n = s.length();
    while (i < n && isSpace(s.charAt(i))) {
      i++;
    }
    int j = i;
    while (j < n && !isSpace(s.charAt(j))) {
      j++;
    }
    return s.substring(i, j);
  }

  private static boolean isSpace(char c) {
    return c == ' '
        || c == '\t'
        || c == '\n'
        || c == '\r'
        || c == '\u000b'
        || c == '\f'
        || c == '\u0085'
        || c == '\u00a0'
        || Character.isSpaceChar(c);
  }

  /** Upstream statsd cleaning (reference §5.2). */
  static String sanitizeUpstream(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean inSpace = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      // Go's regexp \s is ASCII [\t\n\f\r ]: other spaces (\v, U+00A0...) are removed below
      if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
        if (!inSpace) {
          sb.append('_');
        }
        inSpace = true;
        continue;
      }
      inSpace = false;
      if (c == '/') {
        c = '-';
      }
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-'
          || c == '.'
          || c == ';'
          || c == '=') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * DataDog {@code #k:v,k2} tags with Telegraf's quirks (reference §4.5), its algorithm step for
   * step: an empty key means "no key yet", so {@code #,a} gives {@code a=true}, {@code #:v} gives
   * {@code v=true} and {@code #,a,b} gives {@code a=b}, as in Telegraf ({@code ""} tags it sets are
   * dropped, as its serializers drop them).
   */
  static void parseDataDogTags(Map<String, String> tags, String message) {
    if (message.isEmpty()) {
      return;
    }
    int start = 0;
    String k = "";
    boolean inVal = false;
    int n = message.length();
    for (int i = 0; i < n; i++) {
      char c = message.charAt(i);
      if (c == ',') {
        if (k.isEmpty()) {
          k = message.substring(start, i);
          putTag(tags, k, "true");
          start = i + 1;
          continue;
        }
        String v = message.substring(start, i);
        putTag(tags, k, v.isEmpty() ? "true" : v);
        start = i + 1;
        k = "";
        inVal = false;
      } else if (c == ':' && !inVal) {
        k = message.substring(start, i);
        start = i + 1;
        inVal = true;
      }
    }
    if (k.isEmpty() && start < n) {
      putTag(tags, message.substring(start), "true");
    }
    if (!k.isEmpty()) {
      putTag(tags, k, start < n ? message.substring(start) : "true");
    }
  }

  private static void putTag(Map<String, String> tags, String k, String v) {
    if (!k.isEmpty()) {
      tags.put(k, v);
    }
  }

  // ------------------------------------------------------------------ gather

  /** Emits every series of the interval stamped {@code timeNanos}, then clears per delete_*. */
  void gather(Accumulator acc, long timeNanos, long nowMono) {
    String startTime = null;
    if (cfg.enableAggregationTemporality()) {
      startTime =
          Rfc3339.FORMAT.format(
              Instant.ofEpochSecond(0, previousGatherEpochNanos).atZone(ZoneId.systemDefault()));
    }
    previousGatherEpochNanos = timeNanos;
    for (byte kind : EMIT_ORDER) {
      for (Series se : order) {
        if (se.kind == kind && se.active) {
          emit(acc, se, timeNanos, startTime);
        }
      }
    }
    boolean evicted = false;
    for (Series se : order) {
      boolean delete = deletes(se.kind);
      if (delete && !se.active) {
        se.evicted = true;
      } else if (maxTtlNanos > 0 && nowMono - se.lastUpdate > maxTtlNanos) {
        se.evicted = true;
      } else if (delete) {
        for (Field f : se.fields) {
          f.reset(budget);
        }
        se.active = false;
      }
      evicted |= se.evicted;
    }
    if (evicted) {
      order.removeIf(
          se -> {
            if (se.evicted) {
              series.remove(se.canonical);
              for (Field f : se.fields) {
                f.release(budget);
              }
              return true;
            }
            return false;
          });
      keys.removeIf(f -> f.series.evicted);
    }
  }

  private boolean deletes(byte kind) {
    return switch (kind) {
      case COUNTER -> cfg.deleteCounters();
      case GAUGE -> cfg.deleteGauges();
      case SET -> cfg.deleteSets();
      case TIMING, HISTOGRAM -> cfg.deleteTimings();
      default -> true;
    };
  }

  private void emit(Accumulator acc, Series se, long time, String startTime) {
    if (se.kind == DISTRIBUTION) {
      for (Field f : se.fields) {
        if (!f.active) {
          continue;
        }
        DistributionField d = (DistributionField) f;
        for (int i = 0; i < d.len; i++) {
          Metric.Builder b = builder(se, time, MetricType.UNTYPED);
          b.field("value", d.values[i]);
          if (startTime != null) {
            b.field("start_time", startTime);
          }
          acc.add(b.build());
        }
      }
      return;
    }
    MetricType type =
        switch (se.kind) {
          case COUNTER -> MetricType.COUNTER;
          case GAUGE -> MetricType.GAUGE;
          default -> MetricType.UNTYPED;
        };
    Metric.Builder b = builder(se, time, type);
    for (Field f : se.fields) {
      if (f.active) {
        f.emit(b, this);
      }
    }
    if (startTime != null) {
      b.field("start_time", startTime);
    }
    acc.add(b.build());
  }

  private static Metric.Builder builder(Series se, long time, MetricType type) {
    Metric.Builder b = Metric.builder(se.name).type(type).time(time);
    for (int i = 0; i < se.tags.length; i += 2) {
      b.tag(se.tags[i], se.tags[i + 1]);
    }
    return b;
  }

  private double[] scratch(int n) {
    if (scratch.length < n) {
      scratch = new double[Math.max(n, scratch.length * 2)];
    }
    return scratch;
  }

  // ------------------------------------------------------------------ model

  /** Sample budget shared by all series (our {@code max_samples}). */
  static final class Budget {
    private final long max;
    private final Listener listener;
    long reserved;
    private long rnd = 0x9E3779B97F4A7C15L;

    Budget(long max, Listener listener) {
      this.max = max;
      this.listener = listener;
    }

    boolean reserve(int n) {
      if (reserved + n > max) {
        return false;
      }
      reserved += n;
      return true;
    }

    void release(int n) {
      reserved -= n;
    }

    void approximated() {
      listener.samplesApproximated();
    }

    int randomIndex(int bound) {
      rnd ^= rnd << 13;
      rnd ^= rnd >>> 7;
      rnd ^= rnd << 17;
      return (int) ((rnd >>> 1) % bound);
    }
  }

  static final class Series {
    final byte kind;
    final String name;
    final String[] tags;
    final String canonical;
    final List<Field> fields = new ArrayList<>(1);
    long lastUpdate;
    boolean active;
    boolean evicted;

    Series(byte kind, String name, String[] tags, String canonical) {
      this.kind = kind;
      this.name = name;
      this.tags = tags;
      this.canonical = canonical;
    }

    Field field(String name) {
      for (Field f : fields) {
        if (f.name.equals(name)) {
          return f;
        }
      }
      return null;
    }
  }

  abstract static class Field {
    final Series series;
    final String name;
    boolean active;

    Field(Series series, String name) {
      this.series = series;
      this.name = name;
    }

    final void touch(long now) {
      active = true;
      series.active = true;
      series.lastUpdate = now;
    }

    void reset(Budget budget) {
      active = false;
    }

    void release(Budget budget) {}

    abstract void emit(Metric.Builder b, Aggregator agg);
  }

  static final class CounterField extends Field {
    long value;

    CounterField(Series s, String n) {
      super(s, n);
    }

    @Override
    void reset(Budget budget) {
      super.reset(budget);
      value = 0;
    }

    @Override
    void emit(Metric.Builder b, Aggregator agg) {
      if (agg.cfg.floatCounters()) {
        b.field(name, (double) value);
      } else {
        b.field(name, value);
      }
    }
  }

  static final class GaugeField extends Field {
    double value;

    GaugeField(Series s, String n) {
      super(s, n);
    }

    @Override
    void reset(Budget budget) {
      super.reset(budget);
      value = 0;
    }

    @Override
    void emit(Metric.Builder b, Aggregator agg) {
      b.field(name, value);
    }
  }

  static final class SetField extends Field {
    /**
     * The first byte of each member's key ({@link KeyTable} keys are a first byte and the rest; an
     * empty member is a key too).
     */
    static final byte MARK = 's';

    final KeyTable<Boolean> members = new KeyTable<>(4); // most sets are small

    SetField(Series s, String n) {
      super(s, n);
    }

    @Override
    void reset(Budget budget) {
      super.reset(budget);
      budget.release(members.size());
      members.clear();
    }

    @Override
    void release(Budget budget) {
      budget.release(members.size());
    }

    @Override
    void emit(Metric.Builder b, Aggregator agg) {
      if (agg.cfg.floatSets()) {
        b.field(name, (double) members.size());
      } else {
        b.field(name, (long) members.size());
      }
    }
  }

  static final class DistributionField extends Field {
    double[] values = new double[4];
    int len;

    DistributionField(Series s, String n) {
      super(s, n);
    }

    @Override
    void reset(Budget budget) {
      super.reset(budget);
      budget.release(len);
      len = 0;
      if (values.length > 64) {
        values = new double[4];
      }
    }

    @Override
    void release(Budget budget) {
      budget.release(len);
    }

    @Override
    void emit(Metric.Builder b, Aggregator agg) {}
  }

  static final class TimingField extends Field {
    final Timing stats = new Timing();
    final String mean;
    final String median;
    final String stddev;
    final String sum;
    final String upper;
    final String lower;
    final String count;
    final String[] percentiles;

    TimingField(Series s, String n, String[] percentileNames) {
      super(s, n);
      if (n.equals("value")) {
        // the common case shares the names (no Strings per series)
        mean = "mean";
        median = "median";
        stddev = "stddev";
        sum = "sum";
        upper = "upper";
        lower = "lower";
        count = "count";
        percentiles = percentileNames;
      } else {
        String prefix = n + "_";
        mean = prefix + "mean";
        median = prefix + "median";
        stddev = prefix + "stddev";
        sum = prefix + "sum";
        upper = prefix + "upper";
        lower = prefix + "lower";
        count = prefix + "count";
        percentiles = new String[percentileNames.length];
        for (int i = 0; i < percentileNames.length; i++) {
          percentiles[i] = prefix + percentileNames[i];
        }
      }
    }

    @Override
    void reset(Budget budget) {
      super.reset(budget);
      stats.reset();
    }

    @Override
    void release(Budget budget) {
      budget.release(stats.reserved());
    }

    @Override
    void emit(Metric.Builder b, Aggregator agg) {
      Timing t = stats;
      b.field(mean, t.mean());
      double[] sc = agg.scratch(Math.max(t.medLen, t.pctLen));
      b.field(median, t.median(sc));
      b.field(stddev, t.stddev());
      b.field(sum, t.sum);
      b.field(upper, t.upper);
      b.field(lower, t.lower);
      if (agg.cfg.floatTimings()) {
        b.field(count, (double) t.n);
      } else {
        b.field(count, t.n);
      }
      if (percentiles.length > 0) {
        int size = t.sortPercentiles(sc);
        for (int i = 0; i < percentiles.length; i++) {
          b.field(percentiles[i], Timing.percentile(sc, size, agg.percentileValues[i]));
        }
      }
    }
  }
}
