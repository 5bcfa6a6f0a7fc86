package io.jagent.outputs.wavefront;

import io.jagent.spi.Metric;
import io.jagent.spi.Unsigned;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns metrics into Wavefront point lines exactly as Telegraf's {@code outputs.wavefront} and the
 * Wavefront Go SDK do (reference wavefront.md §2–§6.1): one line per numeric field, {@code "<name>"
 * <value>[ <seconds>] source="<source>"[ "<key>"="<value>"]...\n}.
 *
 * <p>Use: {@link #prepare} a metric (source and point tags are rendered once), then {@link
 * #appendField} for each of its fields. Names and tag keys are sanitised once and cached. Not
 * thread-safe: one instance per output, used by the writing thread.
 */
final class WavefrontFormatter {
  static final int MAX_TAG_BYTES = 254;
  private static final int CACHE_LIMIT = 20_000;

  private final String prefix;
  private final boolean simpleFields;
  private final String separator;
  private final boolean convertPaths;
  private final Sanitizer.Mode mode;
  private final String[] sourceOverride;
  private final boolean convertBool;
  private final boolean truncateTags;
  private final String defaultSource;

  /** measurement → field → quoted final name ("" quoted = empty name). */
  private final Map<String, Map<String, String>> names = new HashMap<>();

  private int namesCached;

  /** tag key → quoted sanitised key. */
  private final Map<String, String> tagKeys = new HashMap<>();

  // per-metric scratch
  private final StringBuilder suffix = new StringBuilder(256);
  private String[] quotedKeys = new String[16];
  private String[] values = new String[16];
  private int tagCount;
  private long seconds;
  private Map<String, String> fieldNames;

  // counters since the last call of takeCounts (read by the output for its self-stats / logs)
  private long skippedFields;
  private long droppedTags;

  WavefrontFormatter(WavefrontConfig c, String defaultSource) {
    this(
        c.prefix(),
        c.simpleFields(),
        c.metricSeparator(),
        c.effectiveConvertPaths(),
        c.sanitizeMode(),
        c.sourceOverride(),
        c.convertBool(),
        c.truncateTags(),
        defaultSource);
  }

  WavefrontFormatter(
      String prefix,
      boolean simpleFields,
      String separator,
      boolean convertPaths,
      Sanitizer.Mode mode,
      List<String> sourceOverride,
      boolean convertBool,
      boolean truncateTags,
      String defaultSource) {
    this.prefix = prefix;
    this.simpleFields = simpleFields;
    this.separator = separator;
    this.convertPaths = convertPaths && !"_".equals(separator);
    this.mode = mode;
    this.sourceOverride = sourceOverride.toArray(new String[0]);
    this.convertBool = convertBool;
    this.truncateTags = truncateTags;
    this.defaultSource = defaultSource;
  }

  /** Fields skipped since the last call (strings, unsupported types, empty names). */
  long takeSkippedFields() {
    long n = skippedFields;
    skippedFields = 0;
    return n;
  }

  /** Tags dropped since the last call (too long with truncate_tags, or blank values). */
  long takeDroppedTags() {
    long n = droppedTags;
    droppedTags = 0;
    return n;
  }

  /** Computes source, point tags and timestamp of {@code m} for the following appendField calls. */
  void prepare(Metric m) {
    Map<String, String> fn = names.get(m.name());
    if (fn == null) {
      if (namesCached > CACHE_LIMIT) {
        names.clear();
        namesCached = 0;
      }
      fn = new HashMap<>();
      names.put(m.name(), fn);
    }
    fieldNames = fn;
    seconds = m.hasTime() ? Math.floorDiv(m.timeNanos(), 1_000_000_000L) : 0;

    // §4: 1. empty tag values are ignored; 2. source; 3. '*' -> '-'; 4. host removed
    String host = m.tag("host");
    if (host != null && host.isEmpty()) {
      host = null;
    }
    String source = null;
    String consumed = null;
    boolean telegrafHost = false;
    String s = m.tag("source");
    if (s != null && !s.isEmpty()) {
      source = s;
      consumed = "source";
    } else {
      for (String o : sourceOverride) {
        String v = m.tag(o);
        if (v != null && !v.isEmpty()) {
          source = v;
          consumed = o;
          telegrafHost = host != null;
          break;
        }
      }
      if (source == null) {
        source = host == null ? "" : host;
      }
    }
    tagCount = 0;
    for (int i = 0, n = m.tagCount(); i < n; i++) {
      String k = m.tagKey(i);
      String v = m.tagValue(i);
      if (v.isEmpty()
          || k.equals("host")
          || k.equals(consumed)
          || (telegrafHost && k.equals("telegraf_host"))) {
        continue;
      }
      addTag(k, v);
    }
    if (telegrafHost) {
      addTag("telegraf_host", host);
    }

    suffix.setLength(0);
    suffix.append(" source=");
    source = source.replace('*', '-');
    if (Sanitizer.blankAfterTrim(source)) {
      source = defaultSource;
    }
    Sanitizer.appendQuotedValue(suffix, source);
    for (int i = 0; i < tagCount; i++) {
      suffix.append(' ').append(quotedKeys[i]).append('=');
      Sanitizer.appendQuotedValue(suffix, values[i]);
    }
    suffix.append('\n');
  }

  private void addTag(String key, String value) {
    String quoted = tagKeys.get(key);
    if (quoted == null) {
      if (tagKeys.size() > CACHE_LIMIT) {
        tagKeys.clear();
      }
      quoted = Sanitizer.sdkQuoted(Sanitizer.telegraf(key, mode));
      tagKeys.put(key, quoted);
    }
    String v = value.replace('*', '-');
    if (truncateTags) {
      // lengths of the key as the SDK writes it (its pass only replaces bytes one for one)
      int keyBytes = Sanitizer.utf8Length(quoted) - 2;
      if (keyBytes > MAX_TAG_BYTES) {
        droppedTags++;
        return;
      }
      if (keyBytes + Sanitizer.utf8Length(v) > MAX_TAG_BYTES) {
        v = Sanitizer.truncateUtf8(v, MAX_TAG_BYTES - keyBytes);
      }
    }
    if (Sanitizer.blankAfterTrim(v)) {
      // the SDK would write "k"="" (or refuse the point); Wavefront rejects such a point
      droppedTags++;
      return;
    }
    // insert sorted by the quoted key; equal keys (after sanitising): the later one wins
    int pos = tagCount;
    while (pos > 0) {
      int c = quotedKeys[pos - 1].compareTo(quoted);
      if (c == 0) {
        values[pos - 1] = v;
        return;
      }
      if (c < 0) {
        break;
      }
      pos--;
    }
    if (tagCount == quotedKeys.length) {
      quotedKeys = Arrays.copyOf(quotedKeys, tagCount * 2);
      values = Arrays.copyOf(values, tagCount * 2);
    }
    System.arraycopy(quotedKeys, pos, quotedKeys, pos + 1, tagCount - pos);
    System.arraycopy(values, pos, values, pos + 1, tagCount - pos);
    quotedKeys[pos] = quoted;
    values[pos] = v;
    tagCount++;
  }

  /**
   * Appends the line of field {@code i} of the prepared metric {@code m}; false (nothing appended)
   * when the field has no Wavefront value (string, bool with convert_bool off, empty name).
   */
  boolean appendField(Metric m, int i, StringBuilder out) {
    Object v = m.fieldValue(i);
    double d;
    if (v instanceof Double x) {
      d = x;
    } else if (v instanceof Long x) {
      d = x;
    } else if (v instanceof Unsigned u) {
      d = unsignedToDouble(u.bits());
    } else if (v instanceof Boolean b && convertBool) {
      d = b ? 1 : 0;
    } else {
      skippedFields++;
      return false;
    }
    if (Double.isInfinite(d)) {
      skippedFields++; // Wavefront cannot parse +Inf/-Inf (deviation: Telegraf sends them)
      return false;
    }
    String field = m.fieldKey(i);
    String name = fieldNames.get(field);
    if (name == null) {
      name = name(m.name(), field);
      fieldNames.put(field, name);
      namesCached++;
    }
    if (name.length() == 2) {
      skippedFields++; // "empty metric name": dropped, not retryable
      return false;
    }
    out.append(name).append(' ');
    WavefrontNumbers.append(out, d);
    if (seconds != 0) {
      out.append(' ').append(seconds);
    }
    out.append(suffix);
    return true;
  }

  /** The quoted final metric name of a measurement's field (§2 steps 1–3 and the SDK pass). */
  String name(String measurement, String field) {
    String raw =
        !simpleFields && field.equals("value")
            ? prefix + measurement
            : prefix + measurement + separator + field;
    String s = Sanitizer.telegraf(raw, mode);
    if (convertPaths) {
      s = s.replace("_", separator);
    }
    return Sanitizer.sdkQuoted(s);
  }

  /** Go's float64(uint64): round to nearest, ties to even. */
  static double unsignedToDouble(long bits) {
    if (bits >= 0) {
      return bits;
    }
    return ((bits >>> 1) | (bits & 1)) * 2.0;
  }
}
