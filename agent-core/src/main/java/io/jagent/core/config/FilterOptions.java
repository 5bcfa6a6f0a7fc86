package io.jagent.core.config;

import io.jagent.core.pipeline.MetricFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads a plugin's filter options (reference agent.md §9.1) into a {@link MetricFilter}, reporting
 * every syntax problem with the key.
 *
 * <p>Deviations from Telegraf, on purpose: a non-string element in a pattern list is an error
 * (Telegraf ignores it), and {@code metricpass} (a CEL expression) is refused because we cannot
 * evaluate it and ignoring it would forward metrics the user meant to drop.
 */
final class FilterOptions {
  /** Every option name this class reads. */
  static final Set<String> KEYS =
      Set.of(
          "namepass",
          "namepass_separator",
          "namedrop",
          "namedrop_separator",
          "tagpass",
          "tagdrop",
          "fieldinclude",
          "fieldpass",
          "pass",
          "fieldexclude",
          "fielddrop",
          "drop",
          "taginclude",
          "tagexclude",
          "metricpass");

  private FilterOptions() {}

  static MetricFilter read(TomlConfigTable t, ConfigProblems problems, EnvExpander env) {
    MetricFilter.Builder b = MetricFilter.builder();
    List<String> namePass = patterns(t, "namepass");
    String namePassSep = t.getString("namepass_separator", "");
    List<String> nameDrop = patterns(t, "namedrop");
    String nameDropSep = t.getString("namedrop_separator", "");
    apply(t, "namepass", () -> b.namePass(namePass, namePassSep));
    apply(t, "namedrop", () -> b.nameDrop(nameDrop, nameDropSep));

    tagRules(t, "tagpass", problems, env, true, b);
    tagRules(t, "tagdrop", problems, env, false, b);

    List<String> include = concat(t, "fieldinclude", "fieldpass", "pass");
    List<String> exclude = concat(t, "fieldexclude", "fielddrop", "drop");
    apply(t, "fieldinclude", () -> b.fieldInclude(include));
    apply(t, "fieldexclude", () -> b.fieldExclude(exclude));
    List<String> tagInclude = patterns(t, "taginclude");
    List<String> tagExclude = patterns(t, "tagexclude");
    apply(t, "taginclude", () -> b.tagInclude(tagInclude));
    apply(t, "tagexclude", () -> b.tagExclude(tagExclude));

    if (t.contains("metricpass")) {
      t.markUsed("metricpass");
      t.error(
          "metricpass",
          "CEL filter expressions are not supported yet; use namepass/namedrop/tagpass/tagdrop");
    }
    return b.build();
  }

  private static void apply(TomlConfigTable t, String key, Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      t.error(key, e.getMessage());
    }
  }

  /** {@code main} plus its deprecated aliases, concatenated; aliases log a deprecation warning. */
  private static List<String> concat(TomlConfigTable t, String main, String... aliases) {
    List<String> out = new ArrayList<>();
    List<String> m = patterns(t, main);
    if (m != null) {
      out.addAll(m);
    }
    for (String a : aliases) {
      List<String> l = patterns(t, a);
      if (l != null) {
        t.deprecated(a, "use \"" + main + "\" instead");
        out.addAll(l);
      }
    }
    return out;
  }

  /** A string array of patterns, or null when absent or malformed (then reported). */
  private static List<String> patterns(TomlConfigTable t, String key) {
    Object v = t.toml().get(List.of(key));
    if (v == null) {
      return null;
    }
    if (!(v instanceof TomlArray)) {
      t.markUsed(key);
      t.error(
          key,
          "found unexpected format while parsing \""
              + key
              + "\", expecting string array/slice format (found a TOML "
              + TomlConfigTable.tomlType(v)
              + ")");
      return null;
    }
    return t.getStringList(key, null);
  }

  private static void tagRules(
      TomlConfigTable t,
      String key,
      ConfigProblems problems,
      EnvExpander env,
      boolean pass,
      MetricFilter.Builder b) {
    Object v = t.toml().get(List.of(key));
    if (v == null) {
      return;
    }
    t.markUsed(key);
    if (!(v instanceof TomlTable tt)) {
      t.error(
          key, "invalid syntax for \"" + key + "\": expected a table of key=[values] (tag globs)");
      return;
    }
    for (String tag : tt.keySet()) {
      Object e = tt.get(List.of(tag));
      int line = lineOf(tt, tag, t.lineOf(key));
      if (!(e instanceof TomlArray a)) {
        problems.error(
            new ConfigProblem(
                t.file(),
                line,
                t.pluginId(),
                key + "." + tag,
                "found unexpected format while parsing \""
                    + key
                    + "\", expecting string array/slice format on each entry (found a TOML "
                    + TomlConfigTable.tomlType(e)
                    + "; note that every key written after a ["
                    + t.pluginId()
                    + "."
                    + key
                    + "] header belongs to that table)"));
        continue;
      }
      List<String> globs = new ArrayList<>(a.size());
      boolean ok = true;
      for (int i = 0; i < a.size(); i++) {
        Object x = a.get(i);
        if (x instanceof String s) {
          try {
            globs.add(env.expand(s));
          } catch (IllegalArgumentException ex) {
            problems.error(
                new ConfigProblem(t.file(), line, t.pluginId(), key + "." + tag, ex.getMessage()));
            ok = false;
          }
        } else {
          problems.error(
              new ConfigProblem(
                  t.file(),
                  line,
                  t.pluginId(),
                  key + "." + tag,
                  "element " + i + " is a TOML " + TomlConfigTable.tomlType(x) + ", not a string"));
          ok = false;
        }
      }
      if (!ok) {
        continue;
      }
      try {
        if (pass) {
          b.tagPass(tag, globs);
        } else {
          b.tagDrop(tag, globs);
        }
      } catch (IllegalArgumentException ex) {
        problems.error(
            new ConfigProblem(t.file(), line, t.pluginId(), key + "." + tag, ex.getMessage()));
      }
    }
  }

  private static int lineOf(TomlTable tt, String key, int fallback) {
    TomlPosition p = tt.inputPositionOf(List.of(key));
    return p == null ? fallback : p.line();
  }
}
