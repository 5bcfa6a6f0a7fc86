package io.jagent.core.pipeline;

import io.jagent.spi.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A plugin's metric filters (reference agent.md §9): selectors (namepass, namedrop, tagpass,
 * tagdrop) decide whether a metric passes; modifiers (fieldinclude, fieldexclude, taginclude,
 * tagexclude) edit it. Patterns are compiled once ({@link GlobFilter}); {@link #selects} and {@link
 * #modify} allocate nothing unless {@code modify} actually removes a field or tag.
 *
 * <p>Immutable and thread-safe. Built by {@link #builder()}; the config loader reads the TOML
 * options.
 */
public final class MetricFilter {
  public static final MetricFilter NONE = new Builder().build();

  private final GlobFilter namePass;
  private final GlobFilter nameDrop;
  private final TagRule[] tagPass; // null = not set
  private final TagRule[] tagDrop;
  private final GlobFilter fieldInclude;
  private final GlobFilter fieldExclude;
  private final GlobFilter tagInclude;
  private final GlobFilter tagExclude;
  private final boolean hasSelectors;
  private final boolean hasModifiers;

  private MetricFilter(Builder b) {
    this.namePass = b.namePass;
    this.nameDrop = b.nameDrop;
    this.tagPass = b.tagPass == null ? null : b.tagPass.toArray(new TagRule[0]);
    this.tagDrop = b.tagDrop == null ? null : b.tagDrop.toArray(new TagRule[0]);
    this.fieldInclude = b.fieldInclude;
    this.fieldExclude = b.fieldExclude;
    this.tagInclude = b.tagInclude;
    this.tagExclude = b.tagExclude;
    this.hasSelectors = namePass != null || nameDrop != null || tagPass != null || tagDrop != null;
    this.hasModifiers =
        fieldInclude != null || fieldExclude != null || tagInclude != null || tagExclude != null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when no selector and no modifier is set. */
  public boolean isEmpty() {
    return !hasSelectors && !hasModifiers;
  }

  public boolean hasSelectors() {
    return hasSelectors;
  }

  public boolean hasModifiers() {
    return hasModifiers;
  }

  /**
   * Selectors: namepass/namedrop, then tagpass/tagdrop. A tagpass passes when any listed key is
   * present with a value matching any of its patterns; a tagdrop drops on the same condition.
   */
  public boolean selects(Metric m) {
    if (!hasSelectors) {
      return true;
    }
    String name = m.name();
    if (namePass != null && !namePass.matches(name)) {
      return false;
    }
    if (nameDrop != null && nameDrop.matches(name)) {
      return false;
    }
    if (tagPass != null && !anyTagMatches(tagPass, m)) {
      return false;
    }
    return tagDrop == null || !anyTagMatches(tagDrop, m);
  }

  private static boolean anyTagMatches(TagRule[] rules, Metric m) {
    for (TagRule r : rules) {
      if (r.filter == null) {
        continue; // an empty list never matches (as Telegraf's nil filter)
      }
      String v = m.tag(r.key);
      if (v != null && r.filter.matches(v)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Modifiers: fieldinclude → fieldexclude, taginclude → tagexclude. Returns {@code m} itself when
   * nothing is removed, and null when no field is left (the metric is then dropped).
   */
  public Metric modify(Metric m) {
    int fields = m.fieldCount();
    if (!hasModifiers) {
      return fields == 0 ? null : m;
    }
    int kept = 0;
    for (int i = 0; i < fields; i++) {
      if (keepField(m.fieldKey(i))) {
        kept++;
      }
    }
    if (kept == 0) {
      return null;
    }
    boolean tagsChange = false;
    if (tagInclude != null || tagExclude != null) {
      for (int i = 0, n = m.tagCount(); i < n; i++) {
        if (!keepTag(m.tagKey(i))) {
          tagsChange = true;
          break;
        }
      }
    }
    if (kept == fields && !tagsChange) {
      return m;
    }
    Metric.Builder b = m.toBuilder();
    if (kept != fields) {
      for (int i = 0; i < fields; i++) {
        String k = m.fieldKey(i);
        if (!keepField(k)) {
          b.removeField(k);
        }
      }
    }
    if (tagsChange) {
      for (int i = 0, n = m.tagCount(); i < n; i++) {
        String k = m.tagKey(i);
        if (!keepTag(k)) {
          b.removeTag(k);
        }
      }
    }
    return b.build();
  }

  private boolean keepField(String key) {
    return (fieldInclude == null || fieldInclude.matches(key))
        && (fieldExclude == null || !fieldExclude.matches(key));
  }

  private boolean keepTag(String key) {
    return (tagInclude == null || tagInclude.matches(key))
        && (tagExclude == null || !tagExclude.matches(key));
  }

  @Override
  public String toString() {
    if (isEmpty()) {
      return "MetricFilter[none]";
    }
    StringBuilder sb = new StringBuilder("MetricFilter[");
    append(sb, "namepass", namePass);
    append(sb, "namedrop", nameDrop);
    appendRules(sb, "tagpass", tagPass);
    appendRules(sb, "tagdrop", tagDrop);
    append(sb, "fieldinclude", fieldInclude);
    append(sb, "fieldexclude", fieldExclude);
    append(sb, "taginclude", tagInclude);
    append(sb, "tagexclude", tagExclude);
    sb.setLength(sb.length() - 1);
    return sb.append(']').toString();
  }

  private static void append(StringBuilder sb, String name, GlobFilter f) {
    if (f != null) {
      sb.append(name).append('=').append(f).append(' ');
    }
  }

  private static void appendRules(StringBuilder sb, String name, TagRule[] rules) {
    if (rules != null) {
      sb.append(name).append("={");
      for (int i = 0; i < rules.length; i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(rules[i].key)
            .append('=')
            .append(rules[i].filter == null ? "[]" : rules[i].filter.toString());
      }
      sb.append("} ");
    }
  }

  private record TagRule(String key, GlobFilter filter) {}

  /**
   * Builds a {@link MetricFilter}. Each setter compiles its patterns at once and throws {@link
   * IllegalArgumentException} for a syntax error (the message names the pattern); an empty list
   * leaves the option unset, as in Telegraf.
   */
  public static final class Builder {
    private GlobFilter namePass;
    private GlobFilter nameDrop;
    private List<TagRule> tagPass;
    private List<TagRule> tagDrop;
    private GlobFilter fieldInclude;
    private GlobFilter fieldExclude;
    private GlobFilter tagInclude;
    private GlobFilter tagExclude;

    private Builder() {}

    /** {@code namepass}; {@code separators} is {@code namepass_separator} ("" for none). */
    public Builder namePass(List<String> patterns, String separators) {
      namePass = compile(patterns, separators);
      return this;
    }

    /** {@code namedrop}; {@code separators} is {@code namedrop_separator} ("" for none). */
    public Builder nameDrop(List<String> patterns, String separators) {
      nameDrop = compile(patterns, separators);
      return this;
    }

    /** Adds one {@code tagpass} entry: tag {@code key} = {@code patterns}. */
    public Builder tagPass(String key, List<String> patterns) {
      if (tagPass == null) {
        tagPass = new ArrayList<>();
      }
      tagPass.add(new TagRule(Objects.requireNonNull(key), compile(patterns, "")));
      return this;
    }

    /** Adds one {@code tagdrop} entry: tag {@code key} = {@code patterns}. */
    public Builder tagDrop(String key, List<String> patterns) {
      if (tagDrop == null) {
        tagDrop = new ArrayList<>();
      }
      tagDrop.add(new TagRule(Objects.requireNonNull(key), compile(patterns, "")));
      return this;
    }

    /** {@code fieldinclude} (with its deprecated aliases {@code fieldpass}, {@code pass}). */
    public Builder fieldInclude(List<String> patterns) {
      fieldInclude = compile(patterns, "");
      return this;
    }

    /** {@code fieldexclude} (with its deprecated aliases {@code fielddrop}, {@code drop}). */
    public Builder fieldExclude(List<String> patterns) {
      fieldExclude = compile(patterns, "");
      return this;
    }

    public Builder tagInclude(List<String> patterns) {
      tagInclude = compile(patterns, "");
      return this;
    }

    public Builder tagExclude(List<String> patterns) {
      tagExclude = compile(patterns, "");
      return this;
    }

    private static GlobFilter compile(List<String> patterns, String separators) {
      return patterns == null || patterns.isEmpty()
          ? null
          : GlobFilter.compile(patterns, separators);
    }

    public MetricFilter build() {
      return new MetricFilter(this);
    }
  }
}
