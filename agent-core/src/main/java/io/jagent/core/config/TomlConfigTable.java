package io.jagent.core.config;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Durations;
import io.jagent.spi.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * {@link ConfigTable} over a tomlj table. Records every key read; {@link #finish} reports the keys
 * nobody read. Problems go to a shared {@link ConfigProblems}.
 */
public final class TomlConfigTable implements ConfigTable {
  private static final java.util.regex.Pattern DECIMAL =
      java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private final String pluginId;
  private final TomlTable table;
  private final String file;
  private final ConfigProblems problems;
  private final EnvExpander env;
  private final Set<String> used = new LinkedHashSet<>();
  private final List<TomlConfigTable> children = new ArrayList<>();

  public TomlConfigTable(
      String pluginId, TomlTable table, String file, ConfigProblems problems, EnvExpander env) {
    this.pluginId = pluginId;
    this.table = table;
    this.file = file;
    this.problems = problems;
    this.env = env;
  }

  @Override
  public String pluginId() {
    return pluginId;
  }

  public TomlTable toml() {
    return table;
  }

  public String file() {
    return file;
  }

  /** Keys present in the table that nobody read, in file order. */
  public List<String> unusedKeys() {
    List<String> out = new ArrayList<>();
    for (String k : table.keySet()) {
      if (!used.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }

  /** Keys read so far (present or not): the known option names, for did-you-mean. */
  public Set<String> knownKeys() {
    return Collections.unmodifiableSet(used);
  }

  /**
   * Reports every key (also in sub-tables read through this table) that nobody read as an unknown
   * option, with a did-you-mean among {@code extraKnown} and the keys read. Keys in {@code ignored}
   * are accepted silently (Telegraf's generic option names).
   */
  public void finish(Collection<String> extraKnown, Set<String> ignored) {
    Set<String> known = new LinkedHashSet<>(used);
    known.addAll(extraKnown);
    for (String k : unusedKeys()) {
      if (ignored.contains(k)) {
        continue;
      }
      String hint = Suggestions.closest(k, known);
      problems.error(
          new ConfigProblem(
              file,
              lineOf(k),
              pluginId,
              k,
              "unknown option"
                  + (hint != null ? " (did you mean \"" + hint + "\"?)" : "")
                  + "; it is either a typo or not an option of this plugin"));
    }
    for (TomlConfigTable c : children) {
      c.finish(List.of(), Set.of());
    }
  }

  public int lineOf(String key) {
    TomlPosition p = table.inputPositionOf(List.of(key));
    if (p == null) {
      p = table.inputPositionOf(List.of());
    }
    return p == null ? 0 : p.line();
  }

  @Override
  public boolean contains(String key) {
    return table.contains(List.of(key));
  }

  private Object raw(String key) {
    used.add(key);
    return table.get(List.of(key));
  }

  @Override
  public void markUsed(String key) {
    used.add(key);
  }

  @Override
  public void error(String key, String message) {
    String msg = message;
    Object v = table.get(List.of(key));
    if (v instanceof String s) {
      List<String> unset = env.unsetVariables(s);
      if (!unset.isEmpty()) {
        msg +=
            " (the value uses environment variable"
                + (unset.size() > 1 ? "s " : " ")
                + String.join(", ", unset)
                + ", which "
                + (unset.size() > 1 ? "are" : "is")
                + " not set)";
      }
    }
    problems.error(new ConfigProblem(file, lineOf(key), pluginId, key, msg));
  }

  @Override
  public void deprecated(String key, String replacement) {
    used.add(key);
    // concatenation, not String.format: java.util.Formatter loads ~60 locale classes (~0.4 MiB
    // of resident class metadata) for this one warning, which the reference sidecar config gets
    problems.warn(
        file
            + ":"
            + lineOf(key)
            + ": "
            + pluginId
            + ": option \""
            + key
            + "\" is deprecated; "
            + replacement);
  }

  @Override
  public void warn(String key, String message) {
    problems.warn(file + ":" + lineOf(key) + ": " + pluginId + ": \"" + key + "\": " + message);
  }

  private String typeError(String key, Object v, String want) {
    String msg = "cannot unmarshal TOML " + tomlType(v) + " into " + want;
    error(key, msg);
    return msg;
  }

  static String tomlType(Object v) {
    if (v instanceof String) {
      return "string";
    } else if (v instanceof Long) {
      return "integer";
    } else if (v instanceof Double) {
      return "float";
    } else if (v instanceof Boolean) {
      return "boolean";
    } else if (v instanceof TomlArray) {
      return "array";
    } else if (v instanceof TomlTable) {
      return "table";
    }
    return "datetime";
  }

  private String expand(String key, String raw) {
    try {
      return env.expand(raw);
    } catch (IllegalArgumentException e) {
      problems.error(new ConfigProblem(file, lineOf(key), pluginId, key, e.getMessage()));
      return raw;
    }
  }

  @Override
  public Optional<String> getString(String key) {
    Object v = raw(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof String s) {
      return Optional.of(expand(key, s));
    }
    typeError(key, v, "string");
    return Optional.empty();
  }

  @Override
  public String getString(String key, String def) {
    return getString(key).orElse(def);
  }

  @Override
  public Secret getSecret(String key) {
    Object v = raw(key);
    if (v == null) {
      return Secret.empty();
    }
    if (v instanceof String s) {
      try {
        return Secret.of(env.expand(s));
      } catch (IllegalArgumentException e) {
        problems.error(new ConfigProblem(file, lineOf(key), pluginId, key, e.getMessage()));
        return Secret.empty();
      }
    }
    problems.error(
        new ConfigProblem(
            file,
            lineOf(key),
            pluginId,
            key,
            "cannot unmarshal TOML " + tomlType(v) + " into string"));
    return Secret.empty();
  }

  @Override
  public long getLong(String key, long def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof String s) {
      String x = expand(key, s).trim();
      try {
        return Long.parseLong(x);
      } catch (NumberFormatException e) {
        error(key, "cannot unmarshal TOML string \"" + s + "\" into int");
        return def;
      }
    }
    typeError(key, v, "int");
    return def;
  }

  @Override
  public int getInt(String key, int def) {
    long l = getLong(key, def);
    if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
      error(key, "value " + l + " out of range");
      return def;
    }
    return (int) l;
  }

  @Override
  public double getDouble(String key, double def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Double d) {
      return d;
    }
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof String s) {
      String x = expand(key, s).trim();
      try {
        if (!DECIMAL.matcher(x).matches()) { // Double.parseDouble alone takes "1d", "0x1p3"
          throw new NumberFormatException(x);
        }
        return Double.parseDouble(x);
      } catch (NumberFormatException e) {
        error(key, "cannot unmarshal TOML string \"" + s + "\" into float64");
        return def;
      }
    }
    typeError(key, v, "float64");
    return def;
  }

  @Override
  public boolean getBoolean(String key, boolean def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      String x = expand(key, s).trim();
      if (x.equals("true")) {
        return true;
      } else if (x.equals("false")) {
        return false;
      }
    }
    typeError(key, v, "bool");
    return def;
  }

  @Override
  public Duration getDuration(String key, Duration def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Long l) {
      return Duration.ofSeconds(l);
    }
    if (v instanceof Double d) {
      return Durations.ofSeconds(d);
    }
    if (v instanceof String s) {
      String x = expand(key, s);
      try {
        return Durations.parseTyped(x);
      } catch (IllegalArgumentException e) {
        error(key, e.getMessage());
        return def;
      }
    }
    typeError(key, v, "duration");
    return def;
  }

  @Override
  public long getSize(String key, long def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof String s) {
      String x = expand(key, s).trim();
      try {
        return Sizes.parse(x);
      } catch (IllegalArgumentException e) {
        error(key, e.getMessage());
        return def;
      }
    }
    typeError(key, v, "size");
    return def;
  }

  private TomlArray array(String key, String want) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (v instanceof TomlArray a) {
      return a;
    }
    typeError(key, v, want + " (need an array)");
    return null;
  }

  @Override
  public List<String> getStringList(String key, List<String> def) {
    TomlArray a = array(key, "[]string");
    if (a == null) {
      return def;
    }
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      Object e = a.get(i);
      if (e instanceof String s) {
        out.add(expand(key, s));
      } else {
        typeError(key, e, "string (element " + i + ")");
        return def;
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<Double> getDoubleList(String key, List<Double> def) {
    TomlArray a = array(key, "[]float64");
    if (a == null) {
      return def;
    }
    List<Double> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      Object e = a.get(i);
      if (e instanceof Long l) {
        out.add(l.doubleValue());
      } else if (e instanceof Double d) {
        out.add(d);
      } else {
        typeError(key, e, "float64 (element " + i + ")");
        return def;
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<Long> getLongList(String key, List<Long> def) {
    TomlArray a = array(key, "[]int");
    if (a == null) {
      return def;
    }
    List<Long> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      Object e = a.get(i);
      if (e instanceof Long l) {
        out.add(l);
      } else {
        typeError(key, e, "int (element " + i + ")");
        return def;
      }
    }
    return List.copyOf(out);
  }

  @Override
  public Map<String, String> getStringMap(String key, Map<String, String> def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (!(v instanceof TomlTable t)) {
      typeError(key, v, "map[string]string");
      return def;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : t.keySet()) {
      Object e = t.get(List.of(k));
      if (e instanceof String s) {
        out.put(k, expand(key, s));
      } else {
        typeError(key, e, "string (key \"" + k + "\")");
        return def;
      }
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public Optional<ConfigTable> getTable(String key) {
    Object v = raw(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof TomlTable t) {
      TomlConfigTable c = new TomlConfigTable(pluginId + "." + key, t, file, problems, env);
      children.add(c);
      return Optional.of(c);
    }
    typeError(key, v, "table");
    return Optional.empty();
  }

  @Override
  public List<ConfigTable> getTables(String key) {
    Object v = raw(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof TomlTable t) { // a single [x.y] table where [[x.y]] is expected
      TomlConfigTable c = new TomlConfigTable(pluginId + "." + key, t, file, problems, env);
      children.add(c);
      return List.of(c);
    }
    if (!(v instanceof TomlArray a)) {
      typeError(key, v, "array of tables");
      return List.of();
    }
    List<ConfigTable> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      Object e = a.get(i);
      if (e instanceof TomlTable t) {
        TomlConfigTable c = new TomlConfigTable(pluginId + "." + key, t, file, problems, env);
        children.add(c);
        out.add(c);
      } else {
        typeError(key, e, "table (element " + i + ")");
      }
    }
    return out;
  }
}
