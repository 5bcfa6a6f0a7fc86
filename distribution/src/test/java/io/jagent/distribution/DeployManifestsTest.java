package io.jagent.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jagent.core.config.ConfigProblems;
import io.jagent.core.config.EnvExpander;
import io.jagent.core.config.TomlConfigTable;
import io.jagent.spi.InputFactory;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Every manifest under {@code deploy/} parses into typed Kubernetes objects (fabric8
 * kubernetes-model) with unknown fields refused, and carries what the agent needs: ports, env,
 * resources, probes on the health port, and an agent config that parses.
 */
class DeployManifestsTest {
  private static final Path DEPLOY = locateDeploy();
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "v1/Service", Service.class,
          "apps/v1/Deployment", Deployment.class,
          "apps/v1/DaemonSet", DaemonSet.class);
  private static final Pattern ENV_REF =
      Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)(?::[-?][^}]*)?}?");
  private static final long MI = 1024L * 1024L;

  /**
   * fabric8 models collect unknown fields in {@code additionalProperties} through
   * {@code @JsonAnySetter}; switching any-setters off makes Jackson refuse them instead, at any
   * depth, like {@code kubectl apply} with strict field validation.
   */
  private static final YAMLMapper STRICT =
      (YAMLMapper)
          YAMLMapper.builder()
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
              .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
              .build()
              .setAnnotationIntrospector(
                  new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated a) {
                      return Boolean.FALSE;
                    }
                  });

  private static Path locateDeploy() {
    Path cwd = Path.of("").toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deploy")) && Files.exists(p.resolve("pom.xml"))) {
        return p.resolve("deploy");
      }
    }
    throw new IllegalStateException("no deploy/ above " + cwd);
  }

  /** A parsed manifest document and where it came from. */
  record Doc(Path file, HasMetadata object) {}

  static List<Doc> load(Path file) throws IOException {
    List<Doc> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        STRICT.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNextValue()) {
        JsonNode node = it.nextValue();
        if (node == null || node.isNull() || node.isEmpty()) {
          continue; // empty document between "---"
        }
        String key = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
          fail(file + ": no typed check for " + key + "; add it to KINDS");
        }
        out.add(new Doc(file, STRICT.treeToValue(node, type)));
      }
    }
    return out;
  }

  static List<Path> manifests(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  static List<Doc> loadAll(Path dir) throws IOException {
    List<Doc> docs = new ArrayList<>();
    for (Path f : manifests(dir)) {
      docs.addAll(load(f));
    }
    return docs;
  }

  static <T extends HasMetadata> List<T> ofType(List<Doc> docs, Class<T> type) {
    return docs.stream().map(Doc::object).filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T one(List<Doc> docs, Class<T> type) {
    List<T> all = ofType(docs, type);
    assertEquals(1, all.size(), "exactly one " + type.getSimpleName());
    return all.get(0);
  }

  // ---------------------------------------------------------------- every manifest

  @Test
  void everyManifestParsesIntoTypedObjectsWithoutUnknownFields() throws IOException {
    List<Path> files = manifests(DEPLOY);
    assertTrue(files.size() >= 7, "manifests found: " + files);
    for (Path f : files) {
      List<Doc> docs = load(f); // throws on an unknown field or a duplicate key
      assertFalse(docs.isEmpty(), f + " holds no object");
      for (Doc d : docs) {
        assertNotNull(d.object().getMetadata(), f + ": metadata");
        assertNotNull(d.object().getMetadata().getName(), f + ": metadata.name");
      }
    }
  }

  @Test
  void workloadsSelectTheirOwnPodsAndMountExistingConfigMaps() throws IOException {
    for (String dir : List.of("sidecar", "daemonset")) {
      List<Doc> docs = loadAll(DEPLOY.resolve(dir));
      Set<String> configMaps = new TreeSet<>();
      ofType(docs, ConfigMap.class).forEach(c -> configMaps.add(c.getMetadata().getName()));
      for (PodTemplateSpec t : templates(docs)) {
        PodSpec pod = t.getSpec();
        for (Volume v : pod.getVolumes()) {
          if (v.getConfigMap() != null) {
            assertTrue(configMaps.contains(v.getConfigMap().getName()), dir + ": " + v);
          }
        }
        Set<String> volumes = new TreeSet<>();
        pod.getVolumes().forEach(v -> volumes.add(v.getName()));
        for (Container c : pod.getContainers()) {
          for (VolumeMount m : c.getVolumeMounts()) {
            assertTrue(volumes.contains(m.getName()), dir + ": mount of unknown volume " + m);
          }
        }
      }
      for (Deployment d : ofType(docs, Deployment.class)) {
        assertTrue(
            d.getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels()
                .entrySet()
                .containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()),
            "selector must match the pod labels");
      }
      for (DaemonSet d : ofType(docs, DaemonSet.class)) {
        assertTrue(
            d.getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels()
                .entrySet()
                .containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()),
            "selector must match the pod labels");
      }
    }
  }

  // ---------------------------------------------------------------- unknown fields refused

  @Test
  void typoInPodSpecIsRefused() throws Exception {
    Path bad =
        Path.of(
            DeployManifestsTest.class.getResource("bad-manifests/typo-contianers.yaml").toURI());
    UnrecognizedPropertyException e =
        assertThrows(UnrecognizedPropertyException.class, () -> load(bad));
    assertEquals("contianers", e.getPropertyName());
  }

  @Test
  void typosAtEveryDepthAreRefused() throws IOException {
    String deployment = Files.readString(DEPLOY.resolve("sidecar/deployment.yaml"));
    Map<String, String> typos =
        Map.of(
            "replicas: 2", "replicsa: 2", // DeploymentSpec
            "        - name: jagent\n", "        - name: jagent\n          imagePullPolicyy: x\n",
            "              containerPort: 8125", "              containerPrt: 8125",
            "                  fieldPath: spec.nodeName",
                "                  fieldPat: spec.nodeName",
            "            runAsNonRoot: true", "            runAsNonroot: true",
            "              path: /\n", "              pth: /\n",
            "  labels:\n    app.kubernetes.io/name: myapp\nspec:",
                "  lables:\n    app.kubernetes.io/name: myapp\nspec:");
    for (Map.Entry<String, String> t : typos.entrySet()) {
      assertTrue(deployment.contains(t.getKey()), "fixture text changed: " + t.getKey());
      String broken = deployment.replace(t.getKey(), t.getValue());
      Path tmp = Files.createTempFile("typo", ".yaml");
      try {
        Files.writeString(tmp, broken);
        assertThrows(
            UnrecognizedPropertyException.class, () -> load(tmp), "not refused: " + t.getValue());
      } finally {
        Files.delete(tmp);
      }
    }
  }

  @Test
  void duplicateKeysAreRefused() throws IOException {
    Path tmp = Files.createTempFile("dup", ".yaml");
    try {
      Files.writeString(tmp, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n");
      assertThrows(IOException.class, () -> load(tmp));
    } finally {
      Files.delete(tmp);
    }
  }

  // ---------------------------------------------------------------- sidecar

  @Test
  void sidecarContainerHasStatsdPortEnvResourcesProbesAndSecurity() throws IOException {
    List<Doc> docs = loadAll(DEPLOY.resolve("sidecar"));
    Deployment deployment = one(docs, Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertTrue(pod.getContainers().size() >= 2, "an app container and the sidecar");
    Container agent = agentContainer(pod);

    ContainerPort statsd = port(agent, 8125);
    assertEquals("UDP", statsd.getProtocol());

    Map<String, EnvVar> env = env(agent);
    assertFieldRef(env, "POD_NAME", "metadata.name");
    assertFieldRef(env, "NODE_HOSTNAME", "spec.nodeName");
    assertFieldRef(env, "NAMESPACE", "metadata.namespace");
    assertTrue(env.containsKey("INTERVAL"));
    assertTrue(
        env.get("WAVEFRONT_PROXY").getValue().endsWith(".svc.cluster.local"),
        "WAVEFRONT_PROXY names the proxy Service");

    assertQuantity(30 * MI, agent.getResources().getRequests().get("memory"));
    assertQuantity(new BigDecimal("0.1"), agent.getResources().getRequests().get("cpu"));
    assertQuantity(50 * MI, agent.getResources().getLimits().get("memory"));
    assertQuantity(new BigDecimal("0.2"), agent.getResources().getLimits().get("cpu"));

    assertResourceNames(agent);

    SecurityContext sc = agent.getSecurityContext();
    assertEquals(Boolean.TRUE, sc.getRunAsNonRoot());
    assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem());
    assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation());

    ConfigMap cm = mountedConfig(pod, agent, docs);
    TomlParseResult toml = parseConfig(cm);
    for (String plugin : List.of("inputs.statsd", "outputs.wavefront", "outputs.health")) {
      assertPluginPresent(toml, plugin);
    }
    assertPluginPresent(toml, "inputs.internal"); // feeds internal_write to outputs.health
    assertEquals(":8125", table(toml, "inputs.statsd").getString("service_address"));
    assertEquals("udp", table(toml, "inputs.statsd").getString("protocol"));

    assertHealthCheckOnBufferSize(toml);
    assertProbesOnHealthPort(agent, healthPort(toml));
    assertConfigEnvDefined(cm, agent, docs);
  }

  @Test
  void sidecarConfigHoldsTheSeedConfigUnchanged() throws IOException {
    Path seed = seedConfig("sidecar-statsd-wavefront.conf");
    TomlParseResult expected = Toml.parse(Files.readString(seed));
    assertFalse(expected.hasErrors(), () -> seed + ": " + expected.errors());
    ConfigMap cm = one(loadAll(DEPLOY.resolve("sidecar")), ConfigMap.class);
    assertContains("", expected, parseConfig(cm));
  }

  /** Every value of {@code expected} is in {@code actual} (which may have more). */
  static void assertContains(String path, TomlTable expected, TomlTable actual) {
    for (String key : expected.keySet()) {
      String p = path.isEmpty() ? key : path + "." + key;
      Object e = expected.get(List.of(key));
      Object a = actual.get(List.of(key));
      assertNotNull(a, "missing " + p);
      if (e instanceof TomlTable et) {
        assertTrue(a instanceof TomlTable, p + " is a table");
        assertContains(p, et, (TomlTable) a);
      } else if (e instanceof TomlArray ea && !ea.isEmpty() && ea.get(0) instanceof TomlTable) {
        TomlArray aa = (TomlArray) a;
        assertEquals(ea.size(), aa.size(), "[[" + p + "]] count");
        for (int i = 0; i < ea.size(); i++) {
          assertContains(p + "[" + i + "]", ea.getTable(i), aa.getTable(i));
        }
      } else if (e instanceof TomlArray ea) {
        assertEquals(ea.toList(), ((TomlArray) a).toList(), p);
      } else {
        assertEquals(e, a, p);
      }
    }
  }

  /**
   * A config of {@code shared/fixtures/seed-configs/} (beside the repository in CI, or in a parent
   * directory of a worktree). Missing: skipped locally, a failure when {@code CI=true}.
   */
  static Path seedConfig(String name) {
    Path repo = DEPLOY.getParent();
    for (Path p = repo; p != null; p = p.getParent()) {
      Path f = p.resolveSibling("shared/fixtures/seed-configs/" + name);
      if (Files.isRegularFile(f)) {
        return f;
      }
    }
    String msg = "shared/fixtures/seed-configs/" + name + " not found beside " + repo;
    if ("true".equals(System.getenv("CI"))) {
      fail(msg);
    }
    Assumptions.abort(msg);
    return null;
  }

  // ---------------------------------------------------------------- daemonset

  @Test
  void daemonSetWritesToInfluxdbWithCredentialsFromTheSecret() throws IOException {
    List<Doc> docs = loadAll(DEPLOY.resolve("daemonset"));
    Namespace ns = one(docs, Namespace.class);
    assertEquals("monitoring", ns.getMetadata().getName());
    for (Doc d : docs) {
      if (!(d.object() instanceof Namespace)) {
        assertEquals(
            "monitoring", d.object().getMetadata().getNamespace(), d.file() + " namespace");
      }
    }
    Secret secret = one(docs, Secret.class);
    assertTrue(
        secret.getStringData().keySet().containsAll(Set.of("MONITOR_USERNAME", "MONITOR_PASSWORD")),
        "the Secret holds the InfluxDB credentials");

    DaemonSet ds = one(docs, DaemonSet.class);
    PodSpec pod = ds.getSpec().getTemplate().getSpec();
    Container agent = agentContainer(pod);
    assertTrue(
        agent.getEnvFrom().stream()
            .map(EnvFromSource::getSecretRef)
            .filter(Objects::nonNull)
            .anyMatch(r -> r.getName().equals(secret.getMetadata().getName())),
        "env from the Secret");
    if (pod.getServiceAccountName() != null) {
      ServiceAccount sa = one(docs, ServiceAccount.class);
      assertEquals(sa.getMetadata().getName(), pod.getServiceAccountName());
    }
    Map<String, EnvVar> env = env(agent);
    assertFieldRef(env, "HOSTNAME", "spec.nodeName");
    assertNotNull(agent.getResources().getLimits().get("memory"), "a memory limit");
    assertResourceNames(agent);
    assertEquals(Boolean.TRUE, agent.getSecurityContext().getRunAsNonRoot());
    assertEquals(Boolean.TRUE, agent.getSecurityContext().getReadOnlyRootFilesystem());

    ConfigMap cm = mountedConfig(pod, agent, docs);
    TomlParseResult toml = parseConfig(cm);
    assertPluginPresent(toml, "outputs.influxdb");
    assertPluginPresent(toml, "outputs.health");
    // only plugins jagent has (no host inputs yet)
    Set<String> allowed =
        Set.of(
            "inputs.statsd",
            "inputs.prometheus",
            "inputs.mysql",
            "inputs.internal",
            "outputs.influxdb",
            "outputs.wavefront",
            "outputs.health");
    for (String section : List.of("inputs", "outputs")) {
      TomlTable t = toml.getTable(section);
      for (String name : t.keySet()) {
        assertTrue(allowed.contains(section + "." + name), "not a jagent plugin: " + name);
      }
    }
    assertHealthCheckOnBufferSize(toml);
    assertProbesOnHealthPort(agent, healthPort(toml));
    assertConfigEnvDefined(cm, agent, docs);
  }

  // ---------------------------------------------------------------- the agent's own plugins

  /** Options every input or output has, consumed by the core before a factory sees the table. */
  private static final Set<String> COMMON_OPTIONS =
      Set.of(
          "alias",
          "interval",
          "precision",
          "collection_jitter",
          "collection_offset",
          "flush_interval",
          "flush_jitter",
          "metric_batch_size",
          "metric_buffer_limit",
          "name_override",
          "name_prefix",
          "name_suffix",
          "tags",
          "log_level",
          "labels",
          "startup_error_behavior",
          "namepass",
          "namepass_separator",
          "namedrop",
          "namedrop_separator",
          "tagpass",
          "tagdrop",
          "metricpass",
          "fieldinclude",
          "fieldexclude",
          "fieldpass",
          "fielddrop",
          "taginclude",
          "tagexclude");

  /**
   * Each plugin of each ConfigMap whose factory is on the class path (outputs.health always; the
   * other plugins once their modules are in the distribution) parses without a problem, with the
   * pod's environment variables set to sample values.
   */
  @Test
  void configMapPluginsParseThroughTheAgentsFactories() throws IOException {
    Map<String, PluginFactory<?>> factories = new HashMap<>();
    ServiceLoader.load(InputFactory.class).forEach(f -> factories.put("inputs." + f.name(), f));
    ServiceLoader.load(OutputFactory.class).forEach(f -> factories.put("outputs." + f.name(), f));
    assertTrue(factories.containsKey("outputs.health"), "outputs.health is built in");
    int parsed = 0;
    for (String dir : List.of("sidecar", "daemonset")) {
      List<Doc> docs = loadAll(DEPLOY.resolve(dir));
      for (PodTemplateSpec t : templates(docs)) {
        Container agent = agentContainer(t.getSpec());
        ConfigMap cm = mountedConfig(t.getSpec(), agent, docs);
        TomlParseResult toml = parseConfig(cm);
        EnvExpander env = sampleEnv(agent, docs);
        for (String section : List.of("inputs", "outputs")) {
          TomlTable plugins = toml.getTable(section);
          for (String name : plugins.keySet()) {
            PluginFactory<?> f = factories.get(section + "." + name);
            if (f == null) {
              continue; // module not merged into this build yet
            }
            TomlArray instances = plugins.getArray(name);
            for (int i = 0; i < instances.size(); i++) {
              ConfigProblems problems = new ConfigProblems();
              TomlConfigTable table =
                  new TomlConfigTable(
                      section + "." + name,
                      instances.getTable(i),
                      dir + "/" + cm.getMetadata().getName(),
                      problems,
                      env);
              f.parse(table);
              table.finish(List.of(), COMMON_OPTIONS);
              assertTrue(
                  problems.errors().isEmpty(),
                  () -> dir + ": " + section + "." + name + ": " + problems.errors());
              parsed++;
            }
          }
        }
      }
    }
    assertTrue(parsed >= 2, "both health outputs parsed");
  }

  /** The container's env with downward-API and Secret values replaced by sample values. */
  static EnvExpander sampleEnv(Container agent, List<Doc> docs) {
    Map<String, String> values = new HashMap<>();
    for (EnvVar e : agent.getEnv()) {
      // a downward-API value stands in as a valid host name (NODE_IP → sample-node-ip), since
      // the configs use some of them inside URLs
      values.put(
          e.getName(),
          e.getValue() != null
              ? e.getValue()
              : "sample-" + e.getName().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
    for (EnvFromSource from : agent.getEnvFrom()) {
      if (from.getSecretRef() != null) {
        ofType(docs, Secret.class).stream()
            .filter(x -> x.getMetadata().getName().equals(from.getSecretRef().getName()))
            .findFirst()
            .ifPresent(s -> values.putAll(s.getStringData()));
      }
    }
    return new EnvExpander() {
      @Override
      public String expand(String raw) {
        Matcher m = ENV_REF.matcher(raw);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
          String v = values.get(m.group(1));
          if (v == null) {
            throw new IllegalArgumentException("variable " + m.group(1) + " not set in the pod");
          }
          m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        return m.appendTail(sb).toString();
      }

      @Override
      public List<String> unsetVariables(String raw) {
        List<String> out = new ArrayList<>();
        Matcher m = ENV_REF.matcher(raw);
        while (m.find()) {
          if (!values.containsKey(m.group(1))) {
            out.add(m.group(1));
          }
        }
        return out;
      }
    };
  }

  // ---------------------------------------------------------------- helpers

  static List<PodTemplateSpec> templates(List<Doc> docs) {
    List<PodTemplateSpec> out = new ArrayList<>();
    ofType(docs, Deployment.class).forEach(d -> out.add(d.getSpec().getTemplate()));
    ofType(docs, DaemonSet.class).forEach(d -> out.add(d.getSpec().getTemplate()));
    return out;
  }

  static Container agentContainer(PodSpec pod) {
    List<Container> agents =
        pod.getContainers().stream().filter(c -> c.getImage().startsWith("jagent")).toList();
    assertEquals(1, agents.size(), "one container runs the jagent image");
    return agents.get(0);
  }

  static ContainerPort port(Container c, int number) {
    return c.getPorts().stream()
        .filter(p -> p.getContainerPort() == number)
        .findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " has no port " + number));
  }

  static Map<String, EnvVar> env(Container c) {
    Map<String, EnvVar> m = new HashMap<>();
    for (EnvVar e : c.getEnv()) {
      assertTrue(m.put(e.getName(), e) == null, "duplicate env " + e.getName());
    }
    return m;
  }

  static void assertFieldRef(Map<String, EnvVar> env, String name, String fieldPath) {
    EnvVar e = env.get(name);
    assertNotNull(e, "env " + name);
    assertNotNull(e.getValueFrom(), name + " from the downward API");
    assertNotNull(e.getValueFrom().getFieldRef(), name + " from a fieldRef");
    assertEquals(fieldPath, e.getValueFrom().getFieldRef().getFieldPath(), name);
  }

  static void assertQuantity(long bytes, Quantity q) {
    assertQuantity(BigDecimal.valueOf(bytes), q);
  }

  static void assertQuantity(BigDecimal expected, Quantity q) {
    assertNotNull(q);
    assertEquals(0, expected.compareTo(q.getNumericalAmount()), "quantity " + q);
  }

  /** Map keys the typed model cannot check: resource names must be ones Kubernetes knows. */
  static void assertResourceNames(Container c) {
    Set<String> known = Set.of("cpu", "memory", "ephemeral-storage");
    Set<String> names = new TreeSet<>(c.getResources().getRequests().keySet());
    names.addAll(c.getResources().getLimits().keySet());
    assertTrue(known.containsAll(names), "resource names " + names);
  }

  /** The ConfigMap mounted at /etc/telegraf/telegraf.conf (subPath) or over /etc/telegraf. */
  static ConfigMap mountedConfig(PodSpec pod, Container agent, List<Doc> docs) {
    for (VolumeMount m : agent.getVolumeMounts()) {
      String key;
      if (m.getMountPath().equals("/etc/telegraf/telegraf.conf") && m.getSubPath() != null) {
        key = m.getSubPath();
      } else if (m.getMountPath().equals("/etc/telegraf")) {
        key = "telegraf.conf";
      } else {
        continue;
      }
      Volume v =
          pod.getVolumes().stream()
              .filter(x -> x.getName().equals(m.getName()))
              .findFirst()
              .orElseThrow();
      assertNotNull(v.getConfigMap(), "the config volume is a ConfigMap");
      ConfigMap cm =
          ofType(docs, ConfigMap.class).stream()
              .filter(c -> c.getMetadata().getName().equals(v.getConfigMap().getName()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no ConfigMap " + v.getConfigMap()));
      assertTrue(cm.getData().containsKey(key), "ConfigMap key " + key);
      return cm;
    }
    throw new AssertionError("no config mounted at /etc/telegraf/telegraf.conf");
  }

  static String configText(ConfigMap cm) {
    return cm.getData().get("telegraf.conf");
  }

  static TomlParseResult parseConfig(ConfigMap cm) {
    TomlParseResult toml = Toml.parse(configText(cm));
    assertFalse(toml.hasErrors(), () -> "TOML errors: " + toml.errors());
    return toml;
  }

  static void assertPluginPresent(TomlParseResult toml, String plugin) {
    TomlArray a = toml.getArray(plugin);
    assertNotNull(a, "[[" + plugin + "]] missing");
    assertFalse(a.isEmpty(), "[[" + plugin + "]] missing");
  }

  static TomlTable table(TomlParseResult toml, String plugin) {
    return toml.getArray(plugin).getTable(0);
  }

  static void assertHealthCheckOnBufferSize(TomlParseResult toml) {
    TomlTable health = table(toml, "outputs.health");
    assertEquals(List.of("internal_write"), health.getArray("namepass").toList());
    TomlArray compares = health.getArray("compares");
    assertNotNull(compares, "[[outputs.health.compares]]");
    TomlTable c = compares.getTable(0);
    assertEquals("buffer_size", c.getString("field"));
    assertNotNull(c.get("lt"), "a buffer_size upper bound");
  }

  static int healthPort(TomlParseResult toml) {
    String address = table(toml, "outputs.health").getString("service_address");
    assertNotNull(address, "outputs.health service_address");
    Matcher m = Pattern.compile("^https?://[^/]*:(\\d+)/?$").matcher(address);
    assertTrue(m.matches(), "service_address " + address);
    return Integer.parseInt(m.group(1));
  }

  static void assertProbesOnHealthPort(Container agent, int healthPort) {
    ContainerPort p = port(agent, healthPort);
    assertEquals("TCP", p.getProtocol() == null ? "TCP" : p.getProtocol());
    for (Probe probe : List.of(agent.getLivenessProbe(), agent.getReadinessProbe())) {
      assertNotNull(probe, "liveness and readiness probes");
      assertNotNull(probe.getHttpGet(), "an httpGet probe");
      IntOrString port = probe.getHttpGet().getPort();
      int resolved =
          port.getIntVal() != null
              ? port.getIntVal()
              : agent.getPorts().stream()
                  .filter(cp -> port.getStrVal().equals(cp.getName()))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("no port named " + port.getStrVal()))
                  .getContainerPort();
      assertEquals(healthPort, resolved, "probe on the health port");
      String scheme = probe.getHttpGet().getScheme();
      assertTrue(scheme == null || scheme.equals("HTTP"), "plain HTTP like the listener");
    }
  }

  /** Every {@code $VAR} the config uses is set in the container's env (or its envFrom Secret). */
  static void assertConfigEnvDefined(ConfigMap cm, Container agent, List<Doc> docs) {
    Set<String> defined = new LinkedHashSet<>(env(agent).keySet());
    for (EnvFromSource from : agent.getEnvFrom()) {
      if (from.getSecretRef() != null) {
        Secret s =
            ofType(docs, Secret.class).stream()
                .filter(x -> x.getMetadata().getName().equals(from.getSecretRef().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Secret " + from.getSecretRef()));
        if (s.getStringData() != null) {
          defined.addAll(s.getStringData().keySet());
        }
        if (s.getData() != null) {
          defined.addAll(s.getData().keySet());
        }
      }
    }
    Set<String> used = new TreeSet<>();
    for (String line : configText(cm).split("\n")) {
      String code = line.strip().startsWith("#") ? "" : line;
      Matcher m = ENV_REF.matcher(code);
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    assertFalse(used.isEmpty());
    used.removeAll(defined);
    assertTrue(used.isEmpty(), "config uses env vars the pod does not set: " + used);
  }
}
