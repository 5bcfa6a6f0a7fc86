package io.jagent.core.cli;

import io.jagent.core.config.AgentConfig;
import io.jagent.core.config.ConfigException;
import io.jagent.core.config.ConfigLoader;
import io.jagent.core.config.ConfigProblem;
import io.jagent.core.config.PluginRegistry;
import io.jagent.core.logging.AgentLogging;
import io.jagent.core.logging.AgentSlf4jProvider;
import io.jagent.core.runtime.AgentRunner;
import io.jagent.spi.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code agent} command line, with Telegraf's flags. Built with picocli's programmatic API (no
 * annotation scanning at start-up). Exit status: 0 success, 1 any error (config problems included),
 * as Telegraf.
 */
public final class Main {
  static final String DEFAULT_CONFIG_RESOURCE = "default.conf";

  /** Created on first use: {@link #main} binds {@link EarlyBind early} before logging starts. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger("io.jagent.agent");
  }

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Path userHome;
  private final Path etcDir;
  private List<EarlyBind.Bound> early = List.of();

  Main(PrintStream out, PrintStream err, Map<String, String> env, Path userHome, Path etcDir) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.userHome = userHome;
    this.etcDir = etcDir;
  }

  public static void main(String[] args) {
    if (System.getProperty("slf4j.provider") == null) {
      // logback without its auto-configuration (AgentSlf4jProvider): the same setup, less start-up
      System.setProperty("slf4j.provider", AgentSlf4jProvider.class.getName());
      if (System.getProperty("slf4j.internal.verbosity") == null) {
        // SLF4J would report at INFO, on stderr, that it took the provider the property names
        System.setProperty("slf4j.internal.verbosity", "WARN");
      }
    }
    Map<String, String> env = System.getenv();
    Path home = Path.of(System.getProperty("user.home", "/"));
    Path etc = Path.of("/etc/telegraf");
    // before anything else is loaded: the statsd ports accept datagrams within a fraction of the
    // start-up (issue 8); they wait in the sockets until the inputs start
    List<EarlyBind.Bound> early = EarlyBind.bind(args, env, home, etc, Main::embeddedDefault);
    Main m = new Main(System.out, System.err, env, home, etc);
    m.early = early;
    int rc;
    try {
      rc = m.run(args);
    } finally {
      EarlyBind.closeAll(m.early); // a run that did not reach the runner
    }
    System.out.flush();
    System.exit(rc);
  }

  /** Parsed command line. */
  record Args(
      List<String> configs,
      List<String> configDirs,
      boolean test,
      int testWait,
      boolean once,
      boolean debug,
      boolean quiet,
      Set<String> inputFilter,
      Set<String> outputFilter,
      String pidfile,
      boolean version,
      String usage,
      boolean sampleConfig,
      String command) {}

  static CommandSpec spec() {
    CommandSpec s = CommandSpec.create().name("agent");
    s.usageMessage()
        .description(
            "A Telegraf-compatible metrics agent: reads telegraf.conf, runs inputs, buffers and"
                + " flushes to outputs.")
        .footer(
            "",
            "Commands:",
            "  version        print the version and exit",
            "  config         print a sample configuration of every plugin (filter with",
            "                 --input-filter / --output-filter)");
    s.addOption(
        opt(
            String.class,
            "--config FILE: configuration file to load (repeatable; a comma-separated list is"
                + " split)",
            "--config",
            "-config"));
    s.addOption(
        opt(
            String.class,
            "directory of *.conf files to load after --config files (repeatable, recursive)",
            "--config-directory",
            "-config-directory"));
    s.addOption(
        flag(
            "gather every input once, print the metrics to stdout as line protocol and exit",
            "--test",
            "-test"));
    s.addOption(
        OptionSpec.builder("--test-wait", "-test-wait")
            .type(int.class)
            .paramLabel("SECONDS")
            .description(
                "keep service inputs (statsd) running this long in --test/--once mode, then gather"
                    + " them; non-zero alone enables --test")
            .build());
    s.addOption(
        flag(
            "gather every input once, write to the outputs, flush and exit (non-zero if metrics"
                + " stay unsent)",
            "--once",
            "-once"));
    s.addOption(flag("debug logging", "--debug", "-debug"));
    s.addOption(flag("log errors only", "--quiet", "-quiet"));
    s.addOption(
        single(
            "load only these inputs (colon-separated: statsd:internal)",
            "--input-filter",
            "-input-filter"));
    s.addOption(
        single(
            "load only these outputs (colon-separated: file:influxdb)",
            "--output-filter",
            "-output-filter"));
    s.addOption(single("write the process id to this file", "--pidfile", "-pidfile"));
    s.addOption(flag("print the version and exit", "--version", "-version"));
    s.addOption(
        single(
            "print the sample config of plugin NAME (input and/or output)", "--usage", "-usage"));
    s.addOption(flag("deprecated: same as the 'config' command", "--sample-config"));
    s.addOption(
        flag("substitute env vars in string values only (default)", "--strict-env-handling"));
    s.addOption(
        flag(
            "not supported: substitution in the raw text (strict handling is always used)",
            "--non-strict-env-handling"));
    s.addOption(
        OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
    s.addPositional(
        PositionalParamSpec.builder()
            .type(String.class)
            .arity("0..1")
            .paramLabel("COMMAND")
            .description("version | config")
            .build());
    return s;
  }

  private static OptionSpec opt(Class<?> type, String desc, String... names) {
    return OptionSpec.builder(names)
        .type(List.class)
        .auxiliaryTypes(type)
        .splitRegex(",")
        .paramLabel("PATH")
        .description(desc)
        .build();
  }

  private static OptionSpec single(String desc, String... names) {
    return OptionSpec.builder(names)
        .type(String.class)
        .paramLabel("VALUE")
        .description(desc)
        .build();
  }

  private static OptionSpec flag(String desc, String... names) {
    return OptionSpec.builder(names).type(boolean.class).arity("0").description(desc).build();
  }

  static Args parse(ParseResult r) {
    return new Args(
        r.matchedOptionValue("--config", List.of()),
        r.matchedOptionValue("--config-directory", List.of()),
        r.matchedOptionValue("--test", false),
        r.matchedOptionValue("--test-wait", 0),
        r.matchedOptionValue("--once", false),
        r.matchedOptionValue("--debug", false),
        r.matchedOptionValue("--quiet", false),
        names(r.matchedOptionValue("--input-filter", "")),
        names(r.matchedOptionValue("--output-filter", "")),
        r.matchedOptionValue("--pidfile", ""),
        r.matchedOptionValue("--version", false),
        r.matchedOptionValue("--usage", ""),
        r.matchedOptionValue("--sample-config", false),
        r.matchedPositionalValue(0, ""));
  }

  private static Set<String> names(String colonList) {
    Set<String> s = new LinkedHashSet<>();
    for (String n : colonList.split(":")) {
      if (!n.isBlank()) {
        s.add(n.trim());
      }
    }
    return s;
  }

  /**
   * picocli registers type converters for java.time and java.sql types at every {@code new
   * CommandLine}, looking each up by reflection, which loads ~100 JDK classes (every type in those
   * classes' method signatures) that no option of ours has: ~1 MiB of a sidecar's resident class
   * metadata (BENCHMARKS.md "Footprint"). picocli's own switch for it, unless the user set it.
   */
  static final String CONVERTER_EXCLUDES = "java\\.(time|sql)\\..*";

  int run(String[] argv) {
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", CONVERTER_EXCLUDES);
    }
    CommandLine cl = new CommandLine(spec());
    ParseResult pr;
    try {
      pr = cl.parseArgs(argv);
    } catch (CommandLine.ParameterException e) {
      err.println("E! " + e.getMessage());
      err.println("Run 'agent --help' for the flags.");
      return 1;
    }
    if (pr.isUsageHelpRequested()) {
      cl.usage(out);
      return 0;
    }
    Args a = parse(pr);
    if (pr.hasMatchedOption("--non-strict-env-handling")) {
      err.println(
          "E! --non-strict-env-handling is not supported: environment variables are substituted"
              + " inside string values only (Telegraf's strict mode)");
      return 1;
    }
    switch (a.command()) {
      case "" -> {}
      case "version" -> {
        return printVersion();
      }
      case "config" -> {
        return printSampleConfig(a);
      }
      default -> {
        err.println("E! unknown command \"" + a.command() + "\" (commands: version, config)");
        return 1;
      }
    }
    if (a.version()) {
      return printVersion();
    }
    if (a.sampleConfig()) {
      return printSampleConfig(a);
    }
    if (!a.usage().isEmpty()) {
      return printUsage(a.usage());
    }
    return runAgent(a);
  }

  private int printVersion() {
    out.println("jagent " + version() + " (Telegraf-compatible agent)");
    return 0;
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private int printUsage(String name) {
    PluginRegistry reg = registry();
    if (reg == null) {
      return 1;
    }
    boolean found = false;
    if (reg.input(name).isPresent()) {
      out.print(SampleConfig.pluginBlock("inputs", name, reg.input(name).get().sampleConfig()));
      found = true;
    }
    if (reg.output(name).isPresent()) {
      out.print(SampleConfig.pluginBlock("outputs", name, reg.output(name).get().sampleConfig()));
      found = true;
    }
    if (!found) {
      err.println("E! input " + name + " not found and output " + name + " not found");
      return 1;
    }
    return 0;
  }

  private int printSampleConfig(Args a) {
    PluginRegistry reg = registry();
    if (reg == null) {
      return 1;
    }
    out.print(SampleConfig.render(reg, a.inputFilter(), a.outputFilter()));
    return 0;
  }

  private int runAgent(Args a) {
    boolean test = a.test() || (a.testWait() > 0 && !a.once());
    try {
      AgentLogging.apply(a.debug(), a.quiet(), null);
    } catch (IOException e) {
      err.println("E! " + e.getMessage());
      return 1;
    }
    PluginRegistry reg = registry();
    if (reg == null) {
      return 1;
    }
    ConfigSourceImpl source = new ConfigSourceImpl(a, test || a.once(), reg);
    AgentConfig cfg;
    try {
      cfg = source.load();
    } catch (ConfigException e) {
      reportProblems(e);
      return 1;
    } catch (UncheckedIOException e) {
      Log.LOG.error("{}", e.getCause().getMessage());
      return 1;
    }
    try {
      AgentLogging.apply(
          a.debug() || cfg.agent().debug(),
          a.quiet() || cfg.agent().quiet(),
          cfg.agent().logfile());
    } catch (IOException e) {
      Log.LOG.error("cannot open log file: {}", e.getMessage());
      return 1;
    }
    if (test || a.once()) {
      cfg.warnings().forEach(w -> Log.LOG.warn("{}", w));
    }
    if (source.usedEmbeddedDefault()) {
      Log.LOG.info(
          "No config file given or found at the default locations: running the embedded default"
              + " (statsd on udp :8125 and internal metrics, printed to stdout every 10s)");
    }
    Path pid = a.pidfile().isEmpty() ? null : Path.of(a.pidfile());
    try {
      if (pid != null) {
        writePidfile(pid);
      }
      if (a.once()) {
        return AgentRunner.runOnce(cfg, Duration.ofSeconds(a.testWait()), Clock.SYSTEM);
      }
      if (test) {
        return AgentRunner.runTest(cfg, Duration.ofSeconds(a.testWait()), out, Clock.SYSTEM);
      }
      source.preloaded(cfg);
      AgentRunner runner = new AgentRunner(source, Clock.SYSTEM);
      for (EarlyBind.Bound b : early) {
        runner.offerAtStart(b.key(), b.socket(), () -> EarlyBind.closeAll(List.of(b)));
      }
      early = List.of(); // the runner owns them now
      return runner.run();
    } catch (IOException e) {
      Log.LOG.error("{}", e.getMessage());
      return 1;
    } finally {
      if (pid != null) {
        try {
          Files.deleteIfExists(pid);
        } catch (IOException e) {
          Log.LOG.warn("cannot remove pid file {}: {}", pid, e.getMessage());
        }
      }
    }
  }

  /** The plugins on the class path, or null after logging why they cannot be used. */
  private PluginRegistry registry() {
    try {
      return PluginRegistry.load(Main.class.getClassLoader());
    } catch (ConfigException e) {
      reportProblems(e);
      return null;
    }
  }

  static void reportProblems(ConfigException e) {
    List<ConfigProblem> ps = e.problems();
    if (ps.size() > 1) {
      Log.LOG.error("the configuration has {} problems; nothing was started:", ps.size());
    }
    for (ConfigProblem p : ps) {
      Log.LOG.error("{}", p.format());
    }
  }

  private static void writePidfile(Path pid) throws IOException {
    Files.writeString(pid, ProcessHandle.current().pid() + "\n");
    try {
      Files.setPosixFilePermissions(
          pid, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }

  /** Loads the config for start-up and for every SIGHUP reload, from the same flags. */
  final class ConfigSourceImpl implements AgentRunner.ConfigSource {
    private final Args args;
    private final boolean testMode;
    private final PluginRegistry registry;
    private volatile boolean embedded;

    ConfigSourceImpl(Args args, boolean testMode, PluginRegistry registry) {
      this.args = args;
      this.testMode = testMode;
      this.registry = registry;
    }

    private AgentConfig preloaded;

    boolean usedEmbeddedDefault() {
      return embedded;
    }

    /** The config already loaded (and checked) at start: the runner's first load returns it. */
    synchronized void preloaded(AgentConfig cfg) {
      this.preloaded = cfg;
    }

    @Override
    public AgentConfig load() throws ConfigException {
      synchronized (this) {
        if (preloaded != null) {
          AgentConfig c = preloaded;
          preloaded = null;
          return c;
        }
      }
      List<Path> files =
          ConfigLoader.resolveSources(args.configs(), args.configDirs(), env, userHome, etcDir);
      List<ConfigLoader.Source> sources = new ArrayList<>();
      if (files.isEmpty()) {
        embedded = true;
        sources.add(new ConfigLoader.Source("<embedded default config>", embeddedDefault()));
      } else {
        embedded = false;
        for (Path f : files) {
          sources.add(ConfigLoader.Source.read(f));
        }
      }
      return ConfigLoader.load(
          sources,
          new ConfigLoader.LoadOptions(
              env,
              ConfigLoader::osHostname,
              args.inputFilter(),
              args.outputFilter(),
              testMode,
              registry));
    }
  }

  static String embeddedDefault() {
    try (InputStream in = Main.class.getResourceAsStream(DEFAULT_CONFIG_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
