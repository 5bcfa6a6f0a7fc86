package io.jagent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.ConfigLoader.LoadOptions;
import io.jagent.core.config.ConfigLoader.Source;
import io.jagent.core.config.StubFactories.StubConfig;
import io.jagent.spi.ConfigTable;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.Metric;
import io.jagent.spi.PluginContext;
import io.jagent.spi.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static final String OUT = "\n[[outputs.file]]\n  files = [\"stdout\"]\n";

  private static LoadOptions opts(Map<String, String> env) {
    return new LoadOptions(
        env, () -> "os-host", Set.of(), Set.of(), false, StubFactories.registry());
  }

  private static AgentConfig load(String text) throws ConfigException {
    return load(Map.of(), text);
  }

  private static AgentConfig load(Map<String, String> env, String text) throws ConfigException {
    return ConfigLoader.load(List.of(new Source("test.conf", text)), opts(env));
  }

  private static List<ConfigProblem> problems(String text) {
    return problems(Map.of(), text);
  }

  private static List<ConfigProblem> problems(Map<String, String> env, String text) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(env, text));
    return e.problems();
  }

  private static ConfigProblem only(List<ConfigProblem> ps) {
    assertEquals(1, ps.size(), () -> "problems: " + ps);
    return ps.get(0);
  }

  private static Map<String, Object> values(InputSpec s) {
    return ((StubConfig) s.config()).values();
  }

  private static Map<String, Object> values(OutputSpec s) {
    return ((StubConfig) s.config()).values();
  }

  @Test
  void minimalConfigGetsTelegrafDefaults() throws Exception {
    AgentConfig c = load("[[inputs.mem]]" + OUT);
    AgentSettings a = c.agent();
    assertEquals(
        new AgentSettings(
            Duration.ofSeconds(10),
            true,
            1000,
            10_000,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofSeconds(10),
            Duration.ZERO,
            Duration.ZERO,
            false,
            false,
            "",
            "os-host",
            false),
        a);
    assertEquals(Map.of("host", "os-host"), c.globalTags());
    assertEquals(1, c.inputs().size());
    InputSpec in = c.inputs().get(0);
    assertEquals("mem", in.name());
    assertEquals("inputs.mem", in.id());
    assertEquals("test.conf", in.file());
    assertEquals(1, in.line());
    assertEquals(Duration.ofSeconds(10), in.options().interval());
    assertTrue(in.options().filter().isEmpty());
    OutputSpec out = c.outputs().get(0);
    assertEquals("outputs.file", out.id());
    assertEquals(2, out.line());
    assertEquals(1000, out.options().metricBatchSize());
    assertEquals(10_000, out.options().metricBufferLimit());
    assertEquals(Duration.ofSeconds(10), out.options().flushInterval());
    assertEquals(List.of("stdout"), values(out).get("files"));
    assertEquals(List.of("test.conf"), c.sources());
    assertEquals(List.of(), c.warnings());
  }

  @Test
  void everyAgentOptionIsRead() throws Exception {
    AgentConfig c =
        load(
            """
            [agent]
              interval = "1m30s"
              round_interval = false
              metric_batch_size = 50
              metric_buffer_limit = 500
              collection_jitter = "2s"
              collection_offset = 3
              flush_interval = 1.5
              flush_jitter = "1d"
              precision = "1ms"
              debug = true
              quiet = true
              logfile = "/tmp/agent.log"
              hostname = "myhost"
              omit_hostname = false
            [[inputs.mem]]
            """
                + OUT);
    assertEquals(
        new AgentSettings(
            Duration.ofSeconds(90),
            false,
            50,
            500,
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofMillis(1500),
            Duration.ofDays(1),
            Duration.ofMillis(1),
            true,
            true,
            "/tmp/agent.log",
            "myhost",
            false),
        c.agent());
    assertEquals("myhost", c.globalTags().get("host"));
  }

  @Test
  void agentDurationsAreTypedDurations() throws Exception {
    AgentConfig c =
        load(
            """
            [agent]
              interval = 10
              flush_interval = "20"
              collection_jitter = ""
              flush_jitter = "7d8h15m"
            [[inputs.mem]]
            """
                + OUT);
    assertEquals(Duration.ofSeconds(10), c.agent().interval());
    assertEquals(Duration.ofSeconds(20), c.agent().flushInterval());
    assertEquals(Duration.ZERO, c.agent().collectionJitter());
    assertEquals(Duration.ofDays(7).plusHours(8).plusMinutes(15), c.agent().flushJitter());
    ConfigProblem p = only(problems("[agent]\n  interval = \"10x\"\n[[inputs.mem]]" + OUT));
    assertEquals("time: unknown unit \"x\" in duration \"10x\"", p.message());
  }

  @Test
  void zeroBatchAndBufferMeanDefaults() throws Exception {
    AgentConfig c =
        load("[agent]\nmetric_batch_size = 0\nmetric_buffer_limit = 0\n[[inputs.mem]]" + OUT);
    assertEquals(1000, c.agent().metricBatchSize());
    assertEquals(10_000, c.agent().metricBufferLimit());
  }

  @Test
  void agentValuesAreValidated() {
    List<ConfigProblem> ps =
        problems(
            """
            [agent]
              interval = "0s"
              flush_interval = "-1s"
              collection_offset = "-5s"
              metric_batch_size = -1
            [[inputs.mem]]
            """
                + OUT);
    assertEquals(4, ps.size(), ps::toString);
    assertEquals(
        "test.conf:2: agent: \"interval\": agent interval must be positive, found 0s",
        ps.get(0).format());
    assertEquals(3, ps.get(1).line());
    assertTrue(ps.get(1).message().contains("agent flush_interval must be positive"));
    assertTrue(
        ps.get(2).message().contains("agent collection_offset must not be negative, found -5s"));
    assertEquals("metric_batch_size", ps.get(3).key());
  }

  @Test
  void rareAgentOptionsAreAcceptedWithOneWarningEach() throws Exception {
    AgentConfig c =
        load(
            """
            [agent]
              logformat = "structured"
              logfile_rotation_max_size = "10MB"
              buffer_strategy = "disk"
              snmp_translator = "netsnmp"
              alias = "generic names are accepted in [agent] too"
            [[inputs.mem]]
            """
                + OUT);
    List<String> w = c.warnings();
    assertEquals(3, w.size(), w::toString);
    assertTrue(w.get(0).contains("logformat") && w.get(0).contains("ignored"), w.get(0));
    assertTrue(w.get(1).contains("logfile_rotation_max_size"));
    assertTrue(w.get(2).contains("buffer_strategy"));
  }

  @Test
  void unknownAgentKeyIsRejectedWithSuggestion() {
    ConfigProblem p = only(problems("[agent]\n  intervall = \"10s\"\n[[inputs.mem]]" + OUT));
    assertEquals("test.conf", p.file());
    assertEquals(2, p.line());
    assertEquals("intervall", p.key());
    assertTrue(p.message().contains("did you mean \"interval\"?"), p.message());
    // removed historic options fail too
    assertEquals(
        "flush_buffer_when_full",
        only(problems("[agent]\nflush_buffer_when_full = true\n[[inputs.mem]]" + OUT)).key());
  }

  @Test
  void unsetVariableInABadValueIsNamed() {
    ConfigProblem p = only(problems("[agent]\n  interval = \"$INTERVAL\"\n[[inputs.mem]]" + OUT));
    assertEquals(2, p.line());
    assertEquals("interval", p.key());
    assertTrue(p.message().contains("INTERVAL, which is not set"), p.message());
  }

  @Test
  void requiredVariableErrorNamesTheVariable() {
    ConfigProblem p =
        only(
            problems(
                Map.of(),
                "[[inputs.statsd]]\n  service_address = \"${ADDR:?set ADDR to host:port}\"" + OUT));
    assertEquals(2, p.line());
    assertEquals("inputs.statsd", p.plugin());
    assertEquals("required variable ADDR is missing a value: set ADDR to host:port", p.message());
  }

  @Test
  void aVariableCanNeverChangeTheStructure() throws Exception {
    String evil = "x\"\n[[inputs.evil]]\n# ] '";
    AgentConfig c =
        load(
            Map.of("EVIL", evil, "HASH", "a # b"),
            """
            [global_tags]
              t = "$EVIL"
              h = "${HASH}"
            [[inputs.statsd]]
              service_address = "${EVIL}"
            """
                + OUT);
    assertEquals(evil, c.globalTags().get("t"));
    assertEquals("a # b", c.globalTags().get("h"));
    assertEquals(1, c.inputs().size());
    assertEquals(evil, values(c.inputs().get(0)).get("service_address"));
  }

  @Test
  void variablesInCommentsAreNeverExpanded() throws Exception {
    AgentConfig c =
        load(
            "# ${REQUIRED:?must not fail here}\n[[inputs.mem]] # $X ${Y:?no}\n"
                + OUT
                + "  # ${Z:?no}\n");
    assertEquals(1, c.inputs().size());
    assertEquals(List.of(), c.warnings());
  }

  @Test
  void unsetVariableKeptLiterallyIsWarned() throws Exception {
    AgentConfig c = load("[global_tags]\n  pod = \"$POD_NAME\"\n[[inputs.mem]]" + OUT);
    assertEquals("$POD_NAME", c.globalTags().get("pod"));
    assertEquals(1, c.warnings().size());
    assertTrue(c.warnings().get(0).contains("POD_NAME is not set"));
  }

  @Test
  void unknownPluginKeyIsRejectedWithSuggestionAndLine() {
    ConfigProblem p =
        only(
            problems(
                """
                [[inputs.statsd]]
                  service_address = ":8125"
                  percentile = [90]
                """
                    + OUT));
    assertEquals(
        "test.conf:3: inputs.statsd: \"percentile\": unknown option (did you mean"
            + " \"percentiles\"?); it is either a typo or not an option of this plugin",
        p.format());
  }

  @Test
  void commonOptionNamesAreSuggested() {
    ConfigProblem p = only(problems("[[inputs.mem]]\n  namepas = [\"x\"]" + OUT));
    assertTrue(p.message().contains("did you mean \"namepass\"?"), p.message());
    p = only(problems("[[inputs.mem]]\n  intervall = \"5s\"" + OUT));
    assertTrue(p.message().contains("did you mean \"interval\"?"), p.message());
  }

  @Test
  void optionBelowTheTagsHeaderIsExplained() {
    ConfigProblem p =
        only(
            problems(
                """
                [[inputs.statsd]]
                  [inputs.statsd.tags]
                    team = "payments"
                  percentiles = [90]
                """
                    + OUT));
    assertEquals("tags", p.key());
    assertEquals(2, p.line());
    assertTrue(p.message().contains("tag \"percentiles\" must be a string"), p.message());
    assertTrue(p.message().contains("at line 4"), p.message());
    assertTrue(p.message().contains("[inputs.statsd.tags] header"), p.message());
  }

  @Test
  void wrongTypesAreRejected() {
    List<ConfigProblem> ps =
        problems(
            """
            [[inputs.statsd]]
              service_address = 8125
              interval = 10
              tags = "x"
            [[outputs.file]]
              files = "stdout"
              metric_batch_size = "many"
            """);
    assertEquals(
        List.of("service_address", "interval", "tags", "files", "metric_batch_size"),
        ps.stream().map(ConfigProblem::key).toList(),
        ps::toString);
    assertTrue(ps.get(0).message().contains("cannot unmarshal TOML integer into string"));
    assertEquals(3, ps.get(1).line());
    assertTrue(
        ps.get(1).message().contains("expected a duration string such as \"10s\""),
        ps.get(1).message());
    assertTrue(ps.get(1).message().contains("interval = \"10s\""), ps.get(1).message());
    assertEquals(7, ps.get(4).line());
  }

  @Test
  void badDurationInPluginIsReported() {
    ConfigProblem p = only(problems("[[inputs.mem]]\n  interval = \"1d\"" + OUT));
    assertTrue(
        p.message().startsWith("error parsing duration: time: unknown unit \"d\""), p.message());
  }

  @Test
  void severalProblemsInSeveralFilesAreAllReported() {
    List<Source> sources =
        List.of(
            new Source(
                "a.conf",
                """
                [[inputs.cpu]]
                [[inputs.statsd]]
                  percentile = [90]
                  protocol = 1
                """),
            new Source("b.conf", "[[outputs.file]]\n  files = [\"x\"\n"),
            new Source("c.conf", "[[outputs.fiel]]\n"));
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(sources, opts(Map.of())));
    List<String> lines = e.problems().stream().map(ConfigProblem::format).toList();
    assertEquals(5, lines.size(), lines::toString);
    assertTrue(lines.get(0).startsWith("a.conf:1: inputs.cpu: unknown input plugin \"cpu\""));
    assertTrue(lines.get(1).startsWith("a.conf:3: inputs.statsd: \"percentile\""));
    assertTrue(lines.get(2).startsWith("a.conf:4: inputs.statsd: \"protocol\""));
    assertTrue(lines.get(3).startsWith("b.conf:3: invalid TOML syntax"), lines.get(3));
    assertTrue(lines.get(4).startsWith("c.conf:1: outputs.fiel: unknown output plugin"));
    assertTrue(lines.get(4).contains("did you mean \"file\"?"), lines.get(4));
    assertFalse(e.getMessage().contains("Exception"));
    assertEquals(String.join("\n", lines), e.getMessage());
  }

  @Test
  void unknownPluginMessageListsWhatExists() {
    ConfigProblem p = only(problems("[[inputs.statsdd]]" + OUT));
    assertEquals(
        "test.conf:1: inputs.statsdd: unknown input plugin \"statsdd\" (undefined but requested"
            + " input: statsdd); did you mean \"statsd\"?; available inputs: mem, prometheus,"
            + " statsd",
        p.format());
  }

  @Test
  void syntaxErrorHasFileLineAndEnvHint() {
    ConfigProblem p = only(problems("[[inputs.statsd]]\n  max_tcp_connections = ${N}\n" + OUT));
    assertEquals(2, p.line());
    assertTrue(p.message().startsWith("invalid TOML syntax: "), p.message());
    assertTrue(p.message().contains("inside quoted strings only"), p.message());
  }

  @Test
  void byteOrderMarkIsRemoved() throws Exception {
    assertEquals(1, load("\uFEFF[[inputs.mem]]" + OUT).inputs().size());
  }

  @Test
  void topLevelRules() throws Exception {
    AgentConfig c =
        load(
            """
            [tags]
              a = "1"
            [global_tags]
              b = "2"
            [inputs.mem]
            [[plugins.statsd]]
            [outputs.file]
              files = ["stdout"]
            """);
    assertEquals(Map.of("a", "1", "b", "2", "host", "os-host"), c.globalTags());
    assertEquals(List.of("mem", "statsd"), c.inputs().stream().map(InputSpec::name).toList());
    assertEquals(1, c.outputs().size());

    // a top-level table is an input plugin (legacy syntax)
    AgentConfig legacy = load("[mem]" + OUT);
    assertEquals("mem", legacy.inputs().get(0).name());

    ConfigProblem agnet = only(problems("[agnet]\n interval = \"1s\"\n[[inputs.mem]]" + OUT));
    assertEquals(1, agnet.line());
    assertTrue(agnet.message().contains("did you mean \"[agent]\"?"), agnet.message());

    ConfigProblem key = only(problems("interval = \"1s\"\n[[inputs.mem]]" + OUT));
    assertTrue(
        key.message().startsWith("invalid configuration, error parsing field \"interval\""),
        key.message());

    List<ConfigProblem> ps = problems("[[processors.rename]]\n[[aggregators.minmax]]\n" + OUT);
    assertEquals(2, ps.size(), ps::toString);
    assertEquals("processors are not supported yet", ps.get(0).message());
    assertEquals("aggregators are not supported yet", ps.get(1).message());

    ConfigProblem tag = only(problems("[global_tags]\n  n = 1\n[[inputs.mem]]" + OUT));
    assertEquals("n", tag.key());
    assertTrue(tag.message().contains("cannot unmarshal TOML integer into string"));
  }

  @Test
  void hostTag() throws Exception {
    // [agent] hostname overrides [global_tags] host
    AgentConfig c =
        load("[global_tags]\nhost = \"g\"\n[agent]\nhostname = \"h\"\n[[inputs.mem]]" + OUT);
    assertEquals("h", c.globalTags().get("host"));
    // ... and so does the OS host name
    c = load("[global_tags]\nhost = \"g\"\n[[inputs.mem]]" + OUT);
    assertEquals("os-host", c.globalTags().get("host"));
    // omit_hostname: no host tag added, a global one kept
    c = load("[agent]\nomit_hostname = true\n[[inputs.mem]]" + OUT);
    assertFalse(c.globalTags().containsKey("host"));
    c = load("[global_tags]\nhost = \"g\"\n[agent]\nomit_hostname = true\n[[inputs.mem]]" + OUT);
    assertEquals("g", c.globalTags().get("host"));
  }

  @Test
  void pluginFiltersSkipSilently() throws Exception {
    String text =
        """
        [[inputs.mem]]
        [[inputs.cpu]]
          anything = "is not validated"
        [[inputs.statsd]]
          service_address = 1
        [[outputs.file]]
          files = ["stdout"]
        [[outputs.nope]]
        """;
    AgentConfig c =
        ConfigLoader.load(
            List.of(new Source("f.conf", text)),
            opts(Map.of()).withInputFilter(Set.of("mem")).withOutputFilter(Set.of("file")));
    assertEquals(List.of("mem"), c.inputs().stream().map(InputSpec::name).toList());
    assertEquals(List.of("file"), c.outputs().stream().map(OutputSpec::name).toList());
  }

  @Test
  void inputsAndOutputsAreRequired() throws Exception {
    assertEquals(
        "no outputs found, probably invalid config file provided",
        only(problems("[[inputs.mem]]")).message());
    assertEquals(
        "no inputs found, probably invalid config file provided", only(problems(OUT)).message());
    AgentConfig c =
        ConfigLoader.load(
            List.of(new Source("t.conf", "[[inputs.mem]]")), opts(Map.of()).withTestMode(true));
    assertEquals(0, c.outputs().size());
  }

  @Test
  void commonInputOptionsAreConsumedAndResolved() throws Exception {
    AgentConfig c =
        load(
            """
            [agent]
              interval = "20s"
              collection_jitter = "5s"
              collection_offset = "1s"
              precision = "1s"
            [[inputs.statsd]]
              interval = "30s"
              collection_jitter = "0s"
              collection_offset = "2s"
              precision = "1ms"
              alias = "app"
              name_override = "o"
              name_prefix = "p_"
              name_suffix = "_s"
              startup_error_behavior = "error"
              data_format = "ignored generic name"
              service_address = ":8125"
              [inputs.statsd.tags]
                team = "payments"
            [[inputs.mem]]
            """
                + OUT);
    InputOptions o = c.inputs().get(0).options();
    assertEquals(
        new InputOptions(
            "app",
            Duration.ofSeconds(30),
            Duration.ZERO,
            Duration.ofSeconds(2),
            Duration.ofMillis(1),
            "o",
            "p_",
            "_s",
            Map.of("team", "payments"),
            o.filter()),
        o);
    assertEquals("inputs.statsd::app", c.inputs().get(0).id());
    assertEquals(":8125", values(c.inputs().get(0)).get("service_address"));
    InputOptions d = c.inputs().get(1).options();
    assertEquals(Duration.ofSeconds(20), d.interval());
    assertEquals(Duration.ofSeconds(5), d.collectionJitter());
    assertEquals(Duration.ofSeconds(1), d.collectionOffset());
    assertEquals(Duration.ofSeconds(1), d.precision());
    assertEquals("", d.alias());
    assertEquals(Map.of(), d.tags());
    assertEquals(List.of(), c.warnings());
  }

  @Test
  void commonOutputOptionsOverrideWhenSet() throws Exception {
    AgentConfig c =
        load(
            """
            [agent]
              flush_interval = "20s"
              flush_jitter = "2s"
              metric_batch_size = 100
              metric_buffer_limit = 1000
            [[inputs.mem]]
            [[outputs.file]]
              flush_interval = "5s"
              flush_jitter = "1s"
              metric_batch_size = 10
              metric_buffer_limit = 50
              alias = "a"
              name_override = "n"
              files = ["stdout"]
              interval = "ignored generic name"
            [[outputs.file]]
              flush_jitter = "0s"
              metric_batch_size = 0
            """);
    OutputOptions o = c.outputs().get(0).options();
    assertEquals(Duration.ofSeconds(5), o.flushInterval());
    assertEquals(Duration.ofSeconds(1), o.flushJitter());
    assertEquals(10, o.metricBatchSize());
    assertEquals(50, o.metricBufferLimit());
    assertEquals("a", o.alias());
    assertEquals("n", o.nameOverride());
    assertEquals("", o.namePrefix());
    OutputOptions d = c.outputs().get(1).options();
    assertEquals(Duration.ofSeconds(20), d.flushInterval());
    assertEquals(Duration.ofSeconds(2), d.flushJitter());
    assertEquals(100, d.metricBatchSize());
    assertEquals(1000, d.metricBufferLimit());
  }

  @Test
  void negativeCollectionOffsetInPluginIsRejected() {
    ConfigProblem p = only(problems("[[inputs.mem]]\ncollection_offset = \"-1s\"" + OUT));
    assertEquals("negative collection_offset \"-1s\" is not allowed", p.message());
  }

  @Test
  void filtersAreReadFromToml() throws Exception {
    AgentConfig c =
        load(
            """
            [[inputs.mem]]
              namepass = ["mem*", "swap"]
              fieldpass = ["used*"]
              fieldexclude = ["used_percent"]
              taginclude = ["host"]
              [inputs.mem.tagpass]
                env = ["prod*"]
                region = ["eu-*"]
              [inputs.mem.tagdrop]
                canary = ["true"]
            """
                + OUT);
    var f = c.inputs().get(0).options().filter();
    Metric m =
        Metric.builder("mem")
            .tag("env", "prod-1")
            .tag("host", "h")
            .tag("x", "y")
            .field("used", 1L)
            .field("used_percent", 2.0)
            .field("free", 3L)
            .build();
    assertTrue(f.selects(m));
    assertFalse(f.selects(m.withName("cpu")));
    assertFalse(f.selects(m.withTag("env", "dev")));
    assertTrue(f.selects(m.withTag("env", "dev").withTag("region", "eu-west")));
    assertFalse(f.selects(m.withTag("canary", "true")));
    Metric out = f.modify(m);
    assertEquals(Map.of("used", 1L), out.fields());
    assertEquals(Map.of("host", "h"), out.tags());
    assertEquals(1, c.warnings().size(), c.warnings()::toString);
    assertTrue(c.warnings().get(0).contains("\"fieldpass\" is deprecated"), c.warnings().get(0));
    assertTrue(c.warnings().get(0).contains("fieldinclude"), c.warnings().get(0));
  }

  @Test
  void filterSyntaxErrors() {
    List<ConfigProblem> ps =
        problems(
            """
            [[inputs.mem]]
              namepass = "mem"
              namedrop = ["cpu["]
              tagdrop = ["x"]
              metricpass = "fields.x > 1"
              [inputs.mem.tagpass]
                env = "prod"
            """
                + OUT);
    assertEquals(5, ps.size(), ps::toString);
    assertEquals(
        "found unexpected format while parsing \"namepass\", expecting string array/slice format"
            + " (found a TOML string)",
        ps.get(0).message());
    assertEquals("namedrop", ps.get(1).key());
    assertTrue(ps.get(1).message().contains("\"cpu[\""), ps.get(1).message());
    assertTrue(
        ps.get(2).message().startsWith("invalid syntax for \"tagdrop\": expected a table"),
        ps.get(2).message());
    assertEquals("metricpass", ps.get(3).key());
    assertEquals("tagpass.env", ps.get(4).key());
    assertEquals(7, ps.get(4).line());
    assertTrue(
        ps.get(4)
            .message()
            .startsWith(
                "found unexpected format while parsing \"tagpass\", expecting string array/slice"
                    + " format on each entry"));
  }

  @Test
  void pluginsKeepFileOrderAndEveryInstance() throws Exception {
    AgentConfig c =
        load(
            """
            [[inputs.statsd]]
              service_address = ":1"
            [[inputs.mem]]
            [[inputs.statsd]]
              service_address = ":2"
            """
                + OUT);
    assertEquals(
        List.of("statsd:1", "mem:3", "statsd:4"),
        c.inputs().stream().map(s -> s.name() + ":" + s.line()).toList());
    assertEquals(":2", values(c.inputs().get(2)).get("service_address"));
  }

  @Test
  void secretsDoNotLeakIntoErrors() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                load(
                    Map.of("PW", "hunter2"),
                    """
                    [[inputs.mem]]
                    [[outputs.influxdb]]
                      password = "$PW"
                      passwd = "$PW"
                    """));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean \"password\"?"), e.getMessage());
  }

  @Test
  void secretIsHeldAsSecret() throws Exception {
    AgentConfig c =
        load(
            Map.of("PW", "hunter2"),
            "[[inputs.mem]]\n[[outputs.influxdb]]\n  password = \"$PW\"\n");
    Secret s = (Secret) values(c.outputs().get(0)).get("password");
    assertEquals("hunter2", s.reveal());
    assertFalse(c.toString().contains("hunter2"));
  }

  /** A factory that throws from parse: reported, never a crash. */
  static final class ThrowingFactory implements InputFactory<StubConfig> {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public String description() {
      return "throws";
    }

    @Override
    public StubConfig parse(ConfigTable table) {
      throw new IllegalStateException("boom");
    }

    @Override
    public Input create(StubConfig config, PluginContext ctx) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void factoryThrowingFromParseIsReported() throws Exception {
    PluginRegistry reg =
        PluginRegistry.of(List.of(new ThrowingFactory()), List.of(StubFactories.file()));
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.load(
                    List.of(new Source("t.conf", "[[inputs.broken]]\nx = 1" + OUT)),
                    opts(Map.of()).withRegistry(reg)));
    ConfigProblem p = e.problems().get(0);
    assertEquals(1, p.line());
    assertEquals(
        "the plugin failed to read its configuration: IllegalStateException: boom", p.message());
  }

  @Test
  void mergesSourcesAsTelegraf() throws Exception {
    List<Source> sources = new ArrayList<>();
    sources.add(
        new Source(
            "one.conf",
            """
            [global_tags]
              dc = "eu"
              team = "a"
            [agent]
              interval = "5s"
              flush_interval = "7s"
            [[inputs.mem]]
            """));
    sources.add(
        new Source(
            "two.conf",
            """
            [global_tags]
              team = "b"
            [agent]
              interval = "6s"
            [[inputs.statsd]]
            """
                + OUT));
    sources.add(new Source("dir/x.conf", "[[inputs.mem]]\n  alias = \"third\"\n"));
    AgentConfig c = ConfigLoader.load(sources, opts(Map.of()));
    assertEquals(Map.of("dc", "eu", "team", "b", "host", "os-host"), c.globalTags());
    assertEquals(Duration.ofSeconds(6), c.agent().interval());
    assertEquals(Duration.ofSeconds(7), c.agent().flushInterval());
    assertEquals(
        List.of("one.conf:mem", "two.conf:statsd", "dir/x.conf:mem"),
        c.inputs().stream().map(s -> s.file() + ":" + s.name()).toList());
    assertEquals(List.of("one.conf", "two.conf", "dir/x.conf"), c.sources());
    assertEquals(
        List.of(
            "Overlapping settings in multiple agent tables are not supported: may cause"
                + " undefined behavior"),
        c.warnings());
    // the plugin options of one file resolve against the merged [agent]
    assertEquals(Duration.ofSeconds(6), c.inputs().get(0).options().interval());
  }

  @Test
  void agentTableAfterInputsStillApplies() throws Exception {
    AgentConfig c = load("[[inputs.mem]]\n[agent]\ninterval = \"3s\"" + OUT);
    assertEquals(Duration.ofSeconds(3), c.inputs().get(0).options().interval());
  }

  @Test
  void problemsCarryPluginAndKey() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> load("[[inputs.mem]]\nbogus = 1" + OUT));
    String all = e.problems().stream().map(ConfigProblem::format).collect(Collectors.joining());
    assertTrue(all.contains("inputs.mem"));
    assertNotNull(e.problems().get(0).key());
  }
}
