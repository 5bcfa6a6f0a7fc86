package io.jagent.spi;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One metric: a measurement name, tags sorted by key, typed fields in insertion order, a timestamp
 * in nanoseconds since the epoch and a value type.
 *
 * <p>Immutable: the same instance is handed to every output. Cheap to build: tags and fields are
 * kept in flat arrays; {@link #tags()} and {@link #fields()} build map views and are meant for
 * tests and cold paths only. Field values are {@link Long}, {@link Unsigned}, {@link Double},
 * {@link Boolean} or {@link String}.
 */
public final class Metric {
  /** Timestamp of a metric whose time the accumulator has to set ("now"). */
  public static final long NO_TIME = Long.MIN_VALUE;

  private static final String[] NO_STRINGS = new String[0];
  private static final Object[] NO_OBJECTS = new Object[0];

  private final String name;
  private final String[] tags; // k0, v0, k1, v1, ... sorted by key, keys unique
  private final String[] fieldKeys; // insertion order, keys unique
  private final Object[] fieldValues;
  private final long timeNanos;
  private final MetricType type;

  private Metric(
      String name,
      String[] tags,
      String[] fieldKeys,
      Object[] fieldValues,
      long timeNanos,
      MetricType type) {
    this.name = name;
    this.tags = tags;
    this.fieldKeys = fieldKeys;
    this.fieldValues = fieldValues;
    this.timeNanos = timeNanos;
    this.type = type;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.tags = Arrays.copyOf(tags, Math.max(tags.length, 8));
    b.tagLen = tags.length;
    b.fieldKeys = Arrays.copyOf(fieldKeys, Math.max(fieldKeys.length, 4));
    b.fieldValues = Arrays.copyOf(fieldValues, Math.max(fieldValues.length, 4));
    b.fieldLen = fieldKeys.length;
    b.timeNanos = timeNanos;
    b.type = type;
    return b;
  }

  public String name() {
    return name;
  }

  public long timeNanos() {
    return timeNanos;
  }

  public boolean hasTime() {
    return timeNanos != NO_TIME;
  }

  public MetricType type() {
    return type;
  }

  public int tagCount() {
    return tags.length >> 1;
  }

  public String tagKey(int i) {
    return tags[i << 1];
  }

  public String tagValue(int i) {
    return tags[(i << 1) + 1];
  }

  /** The value of tag {@code key}, or null. */
  public String tag(String key) {
    int i = tagIndex(tags, tags.length, key);
    return i >= 0 ? tags[i + 1] : null;
  }

  public boolean hasTag(String key) {
    return tagIndex(tags, tags.length, key) >= 0;
  }

  public int fieldCount() {
    return fieldKeys.length;
  }

  public String fieldKey(int i) {
    return fieldKeys[i];
  }

  public Object fieldValue(int i) {
    return fieldValues[i];
  }

  /** The value of field {@code key}, or null. */
  public Object field(String key) {
    for (int i = 0; i < fieldKeys.length; i++) {
      if (fieldKeys[i].equals(key)) {
        return fieldValues[i];
      }
    }
    return null;
  }

  /** A sorted copy of the tags (cold path). */
  public SortedMap<String, String> tags() {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < tags.length; i += 2) {
      m.put(tags[i], tags[i + 1]);
    }
    return Collections.unmodifiableSortedMap(m);
  }

  /** An insertion-ordered copy of the fields (cold path). */
  public Map<String, Object> fields() {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < fieldKeys.length; i++) {
      m.put(fieldKeys[i], fieldValues[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  public Metric withName(String newName) {
    return new Metric(
        Objects.requireNonNull(newName), tags, fieldKeys, fieldValues, timeNanos, type);
  }

  public Metric withTime(long newTimeNanos) {
    return new Metric(name, tags, fieldKeys, fieldValues, newTimeNanos, type);
  }

  /** This metric with tag {@code key} set to {@code value}, replacing an existing value. */
  public Metric withTag(String key, String value) {
    return toBuilder().tag(key, value).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Metric m)) {
      return false;
    }
    return timeNanos == m.timeNanos
        && type == m.type
        && name.equals(m.name)
        && Arrays.equals(tags, m.tags)
        && fields().equals(m.fields());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(tags), timeNanos);
  }

  /** Debug form, close to line protocol with sorted fields; not an exchange format. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name);
    for (int i = 0; i < tags.length; i += 2) {
      sb.append(',').append(tags[i]).append('=').append(tags[i + 1]);
    }
    sb.append(' ');
    String[] keys = fieldKeys.clone();
    Arrays.sort(keys);
    for (int i = 0; i < keys.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object v = field(keys[i]);
      sb.append(keys[i]).append('=');
      if (v instanceof String s) {
        sb.append('"').append(s).append('"');
      } else if (v instanceof Long) {
        sb.append(v).append('i');
      } else if (v instanceof Unsigned) {
        sb.append(v).append('u');
      } else {
        sb.append(v);
      }
    }
    if (timeNanos != NO_TIME) {
      sb.append(' ').append(timeNanos);
    }
    if (type != MetricType.UNTYPED) {
      sb.append(" (").append(type.name().toLowerCase(java.util.Locale.ROOT)).append(')');
    }
    return sb.toString();
  }

  private static int tagIndex(String[] tags, int len, String key) {
    // binary search over the even slots
    int lo = 0;
    int hi = (len >> 1) - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = tags[mid << 1].compareTo(key);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid << 1;
      }
    }
    return -1;
  }

  /** Builds a {@link Metric}; not thread-safe, not reusable after {@link #build()}. */
  public static final class Builder {
    private String name;
    private String[] tags = NO_STRINGS;
    private int tagLen;
    private String[] fieldKeys = NO_STRINGS;
    private Object[] fieldValues = NO_OBJECTS;
    private int fieldLen;
    private long timeNanos = NO_TIME;
    private MetricType type = MetricType.UNTYPED;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder name(String newName) {
      this.name = Objects.requireNonNull(newName, "name");
      return this;
    }

    public String name() {
      return name;
    }

    public Builder time(long nanos) {
      this.timeNanos = nanos;
      return this;
    }

    public Builder type(MetricType t) {
      this.type = Objects.requireNonNull(t);
      return this;
    }

    /** Sets tag {@code key}; a later call with the same key replaces the value. */
    public Builder tag(String key, String value) {
      Objects.requireNonNull(key, "tag key");
      Objects.requireNonNull(value, "tag value");
      int i = tagIndex(tags, tagLen, key);
      if (i >= 0) {
        tags[i + 1] = value;
        return this;
      }
      if (tagLen + 2 > tags.length) {
        tags = Arrays.copyOf(tags, Math.max(8, tags.length * 2));
      }
      // insertion into the sorted position
      int pos = tagLen;
      while (pos > 0 && tags[pos - 2].compareTo(key) > 0) {
        tags[pos] = tags[pos - 2];
        tags[pos + 1] = tags[pos - 1];
        pos -= 2;
      }
      tags[pos] = key;
      tags[pos + 1] = value;
      tagLen += 2;
      return this;
    }

    /** Sets tag {@code key} only when it is not present yet. */
    public Builder tagIfAbsent(String key, String value) {
      if (tagIndex(tags, tagLen, key) < 0) {
        tag(key, value);
      }
      return this;
    }

    public Builder removeTag(String key) {
      int i = tagIndex(tags, tagLen, key);
      if (i >= 0) {
        System.arraycopy(tags, i + 2, tags, i, tagLen - i - 2);
        tagLen -= 2;
        tags[tagLen] = null;
        tags[tagLen + 1] = null;
      }
      return this;
    }

    public String tag(String key) {
      int i = tagIndex(tags, tagLen, key);
      return i >= 0 ? tags[i + 1] : null;
    }

    public int tagCount() {
      return tagLen >> 1;
    }

    public String tagKey(int i) {
      return tags[i << 1];
    }

    public String tagValue(int i) {
      return tags[(i << 1) + 1];
    }

    public Builder field(String key, long value) {
      return putField(key, value);
    }

    public Builder field(String key, double value) {
      return putField(key, value);
    }

    public Builder field(String key, boolean value) {
      return putField(key, value);
    }

    public Builder field(String key, String value) {
      return putField(key, Objects.requireNonNull(value));
    }

    public Builder unsignedField(String key, long bits) {
      return putField(key, new Unsigned(bits));
    }

    /**
     * Sets a field from a boxed value: Long, Unsigned, Double, Boolean and String are kept;
     * Integer, Short and Byte become Long; Float becomes Double. Anything else is rejected.
     */
    public Builder field(String key, Object value) {
      return putField(key, normalize(value));
    }

    public Builder removeField(String key) {
      for (int i = 0; i < fieldLen; i++) {
        if (fieldKeys[i].equals(key)) {
          System.arraycopy(fieldKeys, i + 1, fieldKeys, i, fieldLen - i - 1);
          System.arraycopy(fieldValues, i + 1, fieldValues, i, fieldLen - i - 1);
          fieldLen--;
          fieldKeys[fieldLen] = null;
          fieldValues[fieldLen] = null;
          return this;
        }
      }
      return this;
    }

    public int fieldCount() {
      return fieldLen;
    }

    public String fieldKey(int i) {
      return fieldKeys[i];
    }

    public Object fieldValue(int i) {
      return fieldValues[i];
    }

    private Builder putField(String key, Object value) {
      Objects.requireNonNull(key, "field key");
      for (int i = 0; i < fieldLen; i++) {
        if (fieldKeys[i].equals(key)) {
          fieldValues[i] = value;
          return this;
        }
      }
      if (fieldLen == fieldKeys.length) {
        int n = Math.max(4, fieldLen * 2);
        fieldKeys = Arrays.copyOf(fieldKeys, n);
        fieldValues = Arrays.copyOf(fieldValues, n);
      }
      fieldKeys[fieldLen] = key;
      fieldValues[fieldLen] = value;
      fieldLen++;
      return this;
    }

    public Metric build() {
      return new Metric(
          name,
          tagLen == 0 ? NO_STRINGS : Arrays.copyOf(tags, tagLen),
          fieldLen == 0 ? NO_STRINGS : Arrays.copyOf(fieldKeys, fieldLen),
          fieldLen == 0 ? NO_OBJECTS : Arrays.copyOf(fieldValues, fieldLen),
          timeNanos,
          type);
    }
  }

  /** Converts a boxed value to one of the field types, or throws IllegalArgumentException. */
  public static Object normalize(Object value) {
    if (value instanceof Long
        || value instanceof Double
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Unsigned) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    throw new IllegalArgumentException(
        "unsupported field type: " + (value == null ? "null" : value.getClass().getName()));
  }
}
