package io.jagent.core.config;

import io.jagent.core.pipeline.MetricFilter;
import io.jagent.spi.Durations;
import io.jagent.spi.InputFactory;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Finds the config files (reference agent.md §2) and loads them into one {@link AgentConfig}
 * (§3–§10): TOML through tomlj, environment variables expanded inside string values only
 * (Telegraf's strict mode), {@code [global_tags]}, {@code [agent]}, {@code [[inputs.NAME]]} and
 * {@code [[outputs.NAME]]}; the options every plugin takes are consumed here, the rest is bound by
 * the plugin's factory. Every problem of every source is collected and reported at once in a {@link
 * ConfigException}. Factories' {@code create} is not called here.
 */
public final class ConfigLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

  /** Telegraf's system config directory. */
  public static final Path DEFAULT_ETC_DIR = Path.of("/etc/telegraf");

  /**
   * Option names every plugin accepts without error (reference agent.md §10.2): those the core
   * consumes are read; the others are accepted and ignored, as Telegraf does.
   */
  static final Set<String> GENERIC_NAMES =
      Set.of(
          "alias",
          "always_include_local_tags",
          "buffer_strategy",
          "buffer_directory",
          "buffer_disk_sync",
          "collection_jitter",
          "collection_offset",
          "data_format",
          "delay",
          "drop",
          "drop_original",
          "fielddrop",
          "fieldexclude",
          "fieldinclude",
          "fieldpass",
          "flush_interval",
          "flush_jitter",
          "grace",
          "interval",
          "log_level",
          "lvm",
          "metric_batch_size",
          "metric_buffer_limit",
          "metricpass",
          "name_override",
          "name_prefix",
          "name_suffix",
          "namedrop",
          "namedrop_separator",
          "namepass",
          "namepass_separator",
          "order",
          "pass",
          "period",
          "precision",
          "tagdrop",
          "tagexclude",
          "taginclude",
          "tagpass",
          "tags",
          "startup_error_behavior",
          "labels",
          "id",
          "data_type",
          "influx_parser_type");

  private static final List<String> INPUT_COMMON =
      List.of(
          "interval",
          "precision",
          "collection_jitter",
          "collection_offset",
          "alias",
          "name_override",
          "name_prefix",
          "name_suffix",
          "tags",
          "time_source",
          "startup_error_behavior",
          "log_level",
          "labels");

  private static final List<String> OUTPUT_COMMON =
      List.of(
          "flush_interval",
          "flush_jitter",
          "metric_batch_size",
          "metric_buffer_limit",
          "alias",
          "name_override",
          "name_prefix",
          "name_suffix",
          "startup_error_behavior",
          "log_level",
          "labels");

  /** Option names of the core, for did-you-mean on unknown plugin keys. */
  private static final List<String> INPUT_KNOWN = concat(INPUT_COMMON, FilterOptions.KEYS);

  private static final List<String> OUTPUT_KNOWN = concat(OUTPUT_COMMON, FilterOptions.KEYS);

  private static List<String> concat(List<String> a, Set<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(new java.util.TreeSet<>(b));
    return List.copyOf(out);
  }

  private static final List<String> TOP_LEVEL =
      List.of("global_tags", "tags", "agent", "inputs", "outputs");

  private ConfigLoader() {}

  /** One config text and the name it is reported under (a path, or "embedded default"). */
  public record Source(String name, String text) {
    public Source {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
    }

    /**
     * Reads a config file.
     *
     * @throws ConfigException when it cannot be read or is not text
     */
    public static Source read(Path path) throws ConfigException {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(path);
      } catch (NoSuchFileException e) {
        throw new ConfigException(
            List.of(new ConfigProblem(path.toString(), 0, null, null, "no such file")));
      } catch (IOException e) {
        throw new ConfigException(
            List.of(
                new ConfigProblem(
                    path.toString(), 0, null, null, "cannot read the file: " + e.getMessage())));
      }
      for (byte b : bytes) {
        if (b == 0) {
          throw new ConfigException(
              List.of(
                  new ConfigProblem(
                      path.toString(), 0, null, null, "provided config is not a TOML file")));
        }
      }
      return new Source(path.toString(), new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /**
   * What a load needs besides the text.
   *
   * @param env environment for {@code $VAR} substitution
   * @param hostname the OS host name, used for the {@code host} tag when {@code [agent] hostname}
   *     is empty (called at most once)
   * @param inputFilter {@code --input-filter} names; empty = every input
   * @param outputFilter {@code --output-filter} names; empty = every output
   * @param testMode {@code --test}: no output is required
   * @param registry the known plugins
   */
  public record LoadOptions(
      Map<String, String> env,
      Supplier<String> hostname,
      Set<String> inputFilter,
      Set<String> outputFilter,
      boolean testMode,
      PluginRegistry registry) {
    public LoadOptions {
      env = Map.copyOf(env);
      Objects.requireNonNull(hostname, "hostname");
      inputFilter = Set.copyOf(inputFilter);
      outputFilter = Set.copyOf(outputFilter);
      Objects.requireNonNull(registry, "registry");
    }

    /** The process environment, the OS host name, no filters, not test mode. */
    public static LoadOptions of(PluginRegistry registry) {
      return new LoadOptions(
          System.getenv(), ConfigLoader::osHostname, Set.of(), Set.of(), false, registry);
    }

    public LoadOptions withEnv(Map<String, String> newEnv) {
      return new LoadOptions(newEnv, hostname, inputFilter, outputFilter, testMode, registry);
    }

    public LoadOptions withHostname(Supplier<String> newHostname) {
      return new LoadOptions(env, newHostname, inputFilter, outputFilter, testMode, registry);
    }

    public LoadOptions withInputFilter(Set<String> names) {
      return new LoadOptions(env, hostname, names, outputFilter, testMode, registry);
    }

    public LoadOptions withOutputFilter(Set<String> names) {
      return new LoadOptions(env, hostname, inputFilter, names, testMode, registry);
    }

    public LoadOptions withTestMode(boolean test) {
      return new LoadOptions(env, hostname, inputFilter, outputFilter, test, registry);
    }

    public LoadOptions withRegistry(PluginRegistry newRegistry) {
      return new LoadOptions(env, hostname, inputFilter, outputFilter, testMode, newRegistry);
    }
  }

  /** The OS host name (Go's {@code os.Hostname}): the kernel's node name, else Java's view. */
  public static String osHostname() {
    try {
      Path p = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(p)) {
        String h = Files.readString(p, StandardCharsets.UTF_8).trim();
        if (!h.isEmpty()) {
          return h;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  // ------------------------------------------------------------------------------------------
  // Sources (§2)

  /** {@link #resolveSources(List, List, Map, Path, Path)} with {@code /etc/telegraf}. */
  public static List<Path> resolveSources(
      List<String> configFiles, List<String> configDirs, Map<String, String> env, Path userHome)
      throws ConfigException {
    return resolveSources(configFiles, configDirs, env, userHome, DEFAULT_ETC_DIR);
  }

  /**
   * {@link ConfigFiles#resolve}, with the warnings about unreadable sub-directories logged.
   *
   * @throws ConfigException for a URL (remote configs are not supported yet) or a config directory
   *     that cannot be read
   */
  public static List<Path> resolveSources(
      List<String> configFiles,
      List<String> configDirs,
      Map<String, String> env,
      Path userHome,
      Path etcDir)
      throws ConfigException {
    return ConfigFiles.resolve(configFiles, configDirs, env, userHome, etcDir, LOGGED);
  }

  private static final ConfigFiles.Warnings LOGGED =
      (dir, why) -> LOG.warn("Cannot read config directory {}: {}", dir, why);

  /** {@link ConfigFiles#walkDirectory} with the warnings logged. */
  public static List<Path> walkDirectory(Path dir) throws IOException {
    return ConfigFiles.walkDirectory(dir, LOGGED);
  }

  /** Reads every file with {@link Source#read}, reporting all unreadable ones at once. */
  public static List<Source> read(List<Path> paths) throws ConfigException {
    List<Source> out = new ArrayList<>();
    List<ConfigProblem> problems = new ArrayList<>();
    for (Path p : paths) {
      try {
        out.add(Source.read(p));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Loading (§3-§10)

  /**
   * Loads {@code sources} in order into one configuration, merged as Telegraf merges files.
   *
   * @throws ConfigException with every problem found (file, line, plugin, key, did-you-mean)
   */
  public static AgentConfig load(List<Source> sources, LoadOptions opts) throws ConfigException {
    return new Run(opts).load(sources);
  }

  /** The state of one load. */
  private static final class Run {
    private final LoadOptions opts;
    private final ConfigProblems problems = new ConfigProblems();
    private final Set<String> unsetKept = new LinkedHashSet<>();
    private final EnvExpander env;
    private final Map<String, String> globalTags = new LinkedHashMap<>();
    private final AgentTable agent;
    private final List<PendingInput> inputs = new ArrayList<>();
    private final List<PendingOutput> outputs = new ArrayList<>();
    private final List<String> sourceNames = new ArrayList<>();
    private int agentTables;

    Run(LoadOptions opts) {
      this.opts = opts;
      this.env = new StrictEnvExpander(opts.env(), unsetKept::add);
      this.agent = new AgentTable(problems);
    }

    AgentConfig load(List<Source> sources) throws ConfigException {
      for (Source s : sources) {
        sourceNames.add(s.name());
        try {
          loadOne(s);
        } catch (RuntimeException e) {
          // a bug (ours or a plugin's), not the user's: still one line, no stack trace for them
          LOG.debug("Unexpected failure loading {}", s.name(), e);
          error(s.name(), 0, null, null, "internal error while loading this file: " + e);
        }
      }
      if (agentTables > 1) {
        problems.warn(
            "Overlapping settings in multiple agent tables are not supported: may cause undefined"
                + " behavior");
      }
      AgentSettings settings = agent.settings(opts.hostname());
      List<InputSpec> ins = new ArrayList<>();
      for (PendingInput p : inputs) {
        ins.add(p.resolve(settings));
      }
      List<OutputSpec> outs = new ArrayList<>();
      for (PendingOutput p : outputs) {
        outs.add(p.resolve(settings));
      }
      if (!problems.hasErrors()) {
        if (ins.isEmpty()) {
          problems.error(
              new ConfigProblem(
                  null,
                  0,
                  null,
                  null,
                  "no inputs found, probably invalid config file provided"
                      + (opts.inputFilter().isEmpty()
                          ? ""
                          : " (--input-filter " + String.join(":", opts.inputFilter()) + ")")));
        }
        if (outs.isEmpty() && !opts.testMode()) {
          problems.error(
              new ConfigProblem(
                  null,
                  0,
                  null,
                  null,
                  "no outputs found, probably invalid config file provided"
                      + (opts.outputFilter().isEmpty()
                          ? ""
                          : " (--output-filter " + String.join(":", opts.outputFilter()) + ")")));
        }
      }
      if (problems.hasErrors()) {
        throw new ConfigException(sorted(problems.errors()));
      }
      TreeMap<String, String> tags = new TreeMap<>(globalTags);
      if (!settings.omitHostname() && !settings.hostname().isEmpty()) {
        tags.put("host", settings.hostname());
      }
      List<String> warnings = new ArrayList<>(problems.warnings());
      for (String name : unsetKept) {
        warnings.add(
            "environment variable "
                + name
                + " is not set; its reference is kept literally in the config");
      }
      return new AgentConfig(
          settings,
          java.util.Collections.unmodifiableSortedMap(tags),
          List.copyOf(ins),
          List.copyOf(outs),
          List.copyOf(sourceNames),
          List.copyOf(warnings));
    }

    /** In source order, then by line (stable: equal positions keep the order found). */
    private List<ConfigProblem> sorted(List<ConfigProblem> errors) {
      Map<String, Integer> order = new LinkedHashMap<>();
      for (String n : sourceNames) {
        order.putIfAbsent(n, order.size());
      }
      List<ConfigProblem> out = new ArrayList<>(errors);
      out.sort(
          Comparator.comparingInt(
                  (ConfigProblem p) ->
                      p.file() == null
                          ? Integer.MAX_VALUE
                          : order.getOrDefault(p.file(), Integer.MAX_VALUE - 1))
              .thenComparingInt(ConfigProblem::line));
      return out;
    }

    private void error(String file, int line, String plugin, String key, String message) {
      problems.error(new ConfigProblem(file, line, plugin, key, message));
    }

    private void loadOne(Source src) {
      String file = src.name();
      String text = src.text();
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      TomlParseResult toml = Toml.parse(text);
      if (toml.hasErrors()) {
        String[] lines = text.split("\n", -1);
        for (TomlParseError e : toml.errors()) {
          TomlPosition p = e.position();
          int line = p == null ? 0 : p.line();
          String hint = "";
          if (line > 0 && line <= lines.length && lines[line - 1].contains("$")) {
            hint =
                " (environment variables are substituted inside quoted strings only, e.g."
                    + " port = \"${PORT}\" for an option that accepts a string)";
          }
          error(
              file,
              line,
              null,
              null,
              "invalid TOML syntax: "
                  + e.getMessage()
                  + (p == null ? "" : " (column " + p.column() + ")")
                  + hint);
        }
        return;
      }
      List<Pending> plugins = new ArrayList<>();
      for (String key : toml.keySet()) {
        Object v = toml.get(List.of(key));
        int line = line(toml, key);
        if (!(v instanceof TomlTable t)) {
          error(
              file,
              line,
              null,
              key,
              "invalid configuration, error parsing field \""
                  + key
                  + "\" as table: a top-level key must be inside a table such as [agent]");
          continue;
        }
        switch (key) {
          case "global_tags", "tags" -> globalTags(t, file);
          case "agent" -> {
            agentTables++;
            agent.read(new TomlConfigTable("agent", t, file, problems, env));
          }
          case "inputs", "plugins" -> pluginTable(t, file, true, plugins);
          case "outputs" -> pluginTable(t, file, false, plugins);
          case "processors", "aggregators", "secretstores" ->
              error(file, line, key, null, key + " are not supported yet");
          default -> // legacy syntax: any other table is an input plugin
              plugin(key, t, file, line, true, plugins, true);
        }
      }
      plugins.sort(Comparator.comparingInt(Pending::line));
      for (Pending p : plugins) {
        if (p instanceof PendingInput i) {
          inputs.add(i);
        } else {
          outputs.add((PendingOutput) p);
        }
      }
    }

    private static int line(TomlTable t, String key) {
      TomlPosition p = t.inputPositionOf(List.of(key));
      return p == null ? 0 : p.line();
    }

    private void globalTags(TomlTable t, String file) {
      TomlConfigTable ct = new TomlConfigTable("global_tags", t, file, problems, env);
      for (String k : t.keySet()) {
        ct.getString(k).ifPresent(v -> globalTags.put(k, v));
      }
    }

    private void pluginTable(TomlTable t, String file, boolean input, List<Pending> out) {
      String kind = input ? "inputs" : "outputs";
      for (String name : t.keySet()) {
        Object v = t.get(List.of(name));
        int line = line(t, name);
        if (v instanceof TomlArray a) {
          for (int i = 0; i < a.size(); i++) {
            TomlPosition p = a.inputPositionOf(i);
            int l = p == null ? line : p.line();
            if (a.get(i) instanceof TomlTable element) {
              plugin(name, element, file, l, input, out, false);
            } else {
              error(
                  file,
                  l,
                  kind + "." + name,
                  null,
                  "unsupported config format: expected [["
                      + kind
                      + "."
                      + name
                      + "]], found an array of "
                      + TomlConfigTable.tomlType(a.get(i)));
              break;
            }
          }
        } else if (v instanceof TomlTable single) { // legacy [inputs.cpu]
          plugin(name, single, file, line, input, out, false);
        } else {
          error(
              file,
              line,
              kind + "." + name,
              null,
              "unsupported config format: expected [["
                  + kind
                  + "."
                  + name
                  + "]], found a TOML "
                  + TomlConfigTable.tomlType(v));
        }
      }
    }

    private void plugin(
        String name,
        TomlTable t,
        String file,
        int line,
        boolean input,
        List<Pending> out,
        boolean legacyTopLevel) {
      Set<String> filter = input ? opts.inputFilter() : opts.outputFilter();
      if (!filter.isEmpty() && !filter.contains(name)) {
        return; // excluded by --input-filter/--output-filter: skipped silently, not validated
      }
      String id = (input ? "inputs." : "outputs.") + name;
      PluginFactory<?> factory =
          input
              ? opts.registry().input(name).orElse(null)
              : opts.registry().output(name).orElse(null);
      if (factory == null) {
        unknownPlugin(name, file, line, input, legacyTopLevel);
        return;
      }
      TomlConfigTable ct = new TomlConfigTable(id, t, file, problems, env);
      if (input) {
        RawInputOptions o = RawInputOptions.read(ct, problems, env);
        Record config = parse(factory, ct, line);
        ct.finish(INPUT_KNOWN, GENERIC_NAMES);
        out.add(new PendingInput(name, (InputFactory<?>) factory, config, o, file, line));
      } else {
        RawOutputOptions o = RawOutputOptions.read(ct, problems, env);
        Record config = parse(factory, ct, line);
        ct.finish(OUTPUT_KNOWN, GENERIC_NAMES);
        out.add(new PendingOutput(name, (OutputFactory<?>) factory, config, o, file, line));
      }
    }

    private Record parse(PluginFactory<?> factory, TomlConfigTable ct, int line) {
      try {
        return factory.parse(ct);
      } catch (RuntimeException e) {
        // a factory must report problems through the table; a throw is a plugin bug, but it
        // still must not crash the load
        error(
            ct.file(),
            line,
            ct.pluginId(),
            null,
            "the plugin failed to read its configuration: "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        return null;
      }
    }

    private void unknownPlugin(
        String name, String file, int line, boolean input, boolean legacyTopLevel) {
      String kind = input ? "input" : "output";
      List<String> known = input ? opts.registry().inputNames() : opts.registry().outputNames();
      List<String> candidates = new ArrayList<>(known);
      if (legacyTopLevel) {
        candidates.addAll(TOP_LEVEL);
      }
      String hint = Suggestions.closest(name, candidates);
      StringBuilder msg =
          new StringBuilder("unknown ")
              .append(kind)
              .append(" plugin \"")
              .append(name)
              .append("\" (undefined but requested ")
              .append(kind)
              .append(": ")
              .append(name)
              .append(')');
      if (legacyTopLevel) {
        msg.append("; a top-level [").append(name).append("] table is read as an input plugin");
      }
      if (hint != null) {
        msg.append("; did you mean \"")
            .append(TOP_LEVEL.contains(hint) && legacyTopLevel ? "[" + hint + "]" : hint)
            .append("\"?");
      }
      msg.append(
          known.isEmpty()
              ? "; no " + kind + " plugins are installed"
              : "; available " + kind + "s: " + String.join(", ", known));
      error(file, line, (input ? "inputs." : "outputs.") + name, null, msg.toString());
    }
  }

  // ------------------------------------------------------------------------------------------
  // Common plugin options (§8)

  /**
   * Reads a per-plugin generic duration ({@code interval}, {@code flush_interval}, ...): only a
   * TOML string in Go duration syntax (no {@code d}, no bare number).
   *
   * <p>Deviation from Telegraf, on purpose: Telegraf silently ignores a non-string value ({@code
   * interval = 10} leaves the agent default in force); we reject it, because the issue wants a
   * wrong type to stop start-up instead of running with a value the user did not mean.
   */
  static Duration genericDuration(TomlConfigTable t, String key) {
    Object v = t.toml().get(List.of(key));
    if (v == null) {
      return null;
    }
    if (!(v instanceof String)) {
      t.markUsed(key);
      t.error(
          key,
          "expected a duration string such as \"10s\", found a TOML "
              + TomlConfigTable.tomlType(v)
              + " (Telegraf would silently ignore it; write "
              + key
              + " = \""
              + v
              + (v instanceof Long ? "s" : "")
              + "\")");
      return null;
    }
    String s = t.getString(key, "");
    try {
      return Durations.parseGo(s, false);
    } catch (IllegalArgumentException e) {
      t.error(key, "error parsing duration: " + e.getMessage());
      return null;
    }
  }

  private static Duration nonNegative(TomlConfigTable t, String key, Duration d) {
    if (d != null && d.isNegative()) {
      t.error(key, "negative " + key + " \"" + Durations.format(d) + "\" is not allowed");
      return null;
    }
    return d;
  }

  private static Map<String, String> pluginTags(TomlConfigTable t) {
    if (t.toml().get(List.of("tags")) instanceof TomlTable tags) {
      for (String k : tags.keySet()) {
        Object v = tags.get(List.of(k));
        if (!(v instanceof String)) {
          // the classic TOML pitfall: options written below [inputs.x.tags] belong to the tags
          t.markUsed("tags");
          TomlPosition p = tags.inputPositionOf(List.of(k));
          t.error(
              "tags",
              "tag \""
                  + k
                  + "\" must be a string, found a TOML "
                  + TomlConfigTable.tomlType(v)
                  + (p == null ? "" : " at line " + p.line())
                  + "; every key written after a ["
                  + t.pluginId()
                  + ".tags] header belongs to the tags table: move plugin options above it");
          return Map.of();
        }
      }
    }
    return t.getStringMap("tags", Map.of());
  }

  /** Reads the [R] run options we accept but do not act on, warning when they are set. */
  private static void ignoredRunOptions(TomlConfigTable t, boolean input) {
    if (input) {
      String ts = t.getString("time_source", "metric");
      if (!ts.equals("metric")) {
        t.warn("time_source", "is not supported yet and is ignored (metric time is used)");
      }
    }
    String seb = t.getString("startup_error_behavior", "error");
    if (!seb.equals("error")) {
      t.warn("startup_error_behavior", "is not supported yet and is ignored (\"error\" is used)");
    }
    if (t.getString("log_level").isPresent()) {
      t.warn("log_level", "is not supported yet and is ignored");
    }
    if (t.contains("labels")) {
      t.getStringMap("labels", Map.of());
      t.warn("labels", "is not supported yet (no --select) and is ignored");
    }
  }

  /** An input's own common options, before resolution against {@code [agent]}. */
  private record RawInputOptions(
      Duration interval,
      Duration precision,
      Duration collectionJitter,
      Duration collectionOffset,
      String alias,
      String nameOverride,
      String namePrefix,
      String nameSuffix,
      Map<String, String> tags,
      MetricFilter filter) {
    static RawInputOptions read(TomlConfigTable t, ConfigProblems problems, EnvExpander env) {
      Duration interval = genericDuration(t, "interval");
      if (interval != null && interval.isNegative()) {
        t.error("interval", "interval must be positive, found " + Durations.format(interval));
        interval = null;
      }
      Duration precision = nonNegative(t, "precision", genericDuration(t, "precision"));
      Duration jitter =
          nonNegative(t, "collection_jitter", genericDuration(t, "collection_jitter"));
      Duration offset =
          nonNegative(t, "collection_offset", genericDuration(t, "collection_offset"));
      String alias = t.getString("alias", "");
      String override = t.getString("name_override", "");
      String prefix = t.getString("name_prefix", "");
      String suffix = t.getString("name_suffix", "");
      Map<String, String> tags = pluginTags(t);
      ignoredRunOptions(t, true);
      MetricFilter filter = FilterOptions.read(t, problems, env);
      return new RawInputOptions(
          interval, precision, jitter, offset, alias, override, prefix, suffix, tags, filter);
    }
  }

  /** An output's own common options, before resolution against {@code [agent]}. */
  private record RawOutputOptions(
      Duration flushInterval,
      Duration flushJitter,
      int metricBatchSize,
      int metricBufferLimit,
      String alias,
      String nameOverride,
      String namePrefix,
      String nameSuffix,
      MetricFilter filter) {
    static RawOutputOptions read(TomlConfigTable t, ConfigProblems problems, EnvExpander env) {
      Duration flush = genericDuration(t, "flush_interval");
      if (flush != null && flush.isNegative()) {
        t.error(
            "flush_interval", "flush_interval must be positive, found " + Durations.format(flush));
        flush = null;
      }
      Duration jitter = nonNegative(t, "flush_jitter", genericDuration(t, "flush_jitter"));
      int batch = t.getInt("metric_batch_size", 0);
      if (batch < 0) {
        t.error("metric_batch_size", "must not be negative, found " + batch);
      }
      int limit = t.getInt("metric_buffer_limit", 0);
      if (limit < 0) {
        t.error("metric_buffer_limit", "must not be negative, found " + limit);
      }
      String alias = t.getString("alias", "");
      String override = t.getString("name_override", "");
      String prefix = t.getString("name_prefix", "");
      String suffix = t.getString("name_suffix", "");
      ignoredRunOptions(t, false);
      MetricFilter filter = FilterOptions.read(t, problems, env);
      return new RawOutputOptions(
          flush, jitter, batch, limit, alias, override, prefix, suffix, filter);
    }
  }

  private sealed interface Pending permits PendingInput, PendingOutput {
    int line();
  }

  private record PendingInput(
      String name,
      InputFactory<?> factory,
      Record config,
      RawInputOptions raw,
      String file,
      int line)
      implements Pending {
    InputSpec resolve(AgentSettings a) {
      Duration interval = nonZeroOr(raw.interval(), a.interval());
      Duration jitter =
          raw.collectionJitter() != null ? raw.collectionJitter() : a.collectionJitter();
      Duration offset = nonZeroOr(raw.collectionOffset(), a.collectionOffset());
      Duration precision = nonZeroOr(raw.precision(), a.precision());
      InputOptions o =
          new InputOptions(
              raw.alias(),
              interval,
              jitter,
              offset,
              precision,
              raw.nameOverride(),
              raw.namePrefix(),
              raw.nameSuffix(),
              raw.tags(),
              raw.filter());
      return new InputSpec(name, factory, config, o, file, line);
    }
  }

  private record PendingOutput(
      String name,
      OutputFactory<?> factory,
      Record config,
      RawOutputOptions raw,
      String file,
      int line)
      implements Pending {
    OutputSpec resolve(AgentSettings a) {
      OutputOptions o =
          new OutputOptions(
              raw.alias(),
              nonZeroOr(raw.flushInterval(), a.flushInterval()),
              nonZeroOr(raw.flushJitter(), a.flushJitter()),
              raw.metricBatchSize() > 0 ? raw.metricBatchSize() : a.metricBatchSize(),
              raw.metricBufferLimit() > 0 ? raw.metricBufferLimit() : a.metricBufferLimit(),
              raw.nameOverride(),
              raw.namePrefix(),
              raw.nameSuffix(),
              raw.filter());
      return new OutputSpec(name, factory, config, o, file, line);
    }
  }

  private static Duration nonZeroOr(Duration d, Duration def) {
    return d != null && !d.isZero() ? d : def;
  }
}
