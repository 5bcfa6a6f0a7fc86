package io.jagent.core.config;

import io.jagent.spi.InputFactory;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The input and output factories known to this agent, by plugin name. Immutable. */
public final class PluginRegistry {
  private final Map<String, InputFactory<?>> inputs;
  private final Map<String, OutputFactory<?>> outputs;

  private PluginRegistry(
      Map<String, InputFactory<?>> inputs, Map<String, OutputFactory<?>> outputs) {
    this.inputs = Collections.unmodifiableMap(inputs);
    this.outputs = Collections.unmodifiableMap(outputs);
  }

  /**
   * Every {@link InputFactory} and {@link OutputFactory} listed in {@code META-INF/services} on
   * {@code classLoader}.
   *
   * @throws ConfigException when two factories claim the same name or a factory cannot be loaded
   */
  @SuppressWarnings("rawtypes")
  public static PluginRegistry load(ClassLoader classLoader) throws ConfigException {
    List<InputFactory<?>> ins = new ArrayList<>();
    List<OutputFactory<?>> outs = new ArrayList<>();
    List<ConfigProblem> problems = new ArrayList<>();
    try {
      for (InputFactory f : ServiceLoader.load(InputFactory.class, classLoader)) {
        ins.add(f);
      }
      for (OutputFactory f : ServiceLoader.load(OutputFactory.class, classLoader)) {
        outs.add(f);
      }
    } catch (ServiceConfigurationError e) {
      problems.add(
          new ConfigProblem(null, 0, null, null, "cannot load a plugin: " + e.getMessage()));
      throw new ConfigException(problems);
    }
    return of(ins, outs);
  }

  /** A registry of the given factories (tests, embedding). */
  public static PluginRegistry of(
      List<? extends InputFactory<?>> inputs, List<? extends OutputFactory<?>> outputs)
      throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, InputFactory<?>> in = index("inputs", inputs, problems);
    Map<String, OutputFactory<?>> out = index("outputs", outputs, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new PluginRegistry(in, out);
  }

  public static PluginRegistry empty() {
    return new PluginRegistry(new TreeMap<>(), new TreeMap<>());
  }

  private static <F extends PluginFactory<?>> Map<String, F> index(
      String kind, List<? extends F> factories, List<ConfigProblem> problems) {
    Map<String, F> m = new TreeMap<>();
    for (F f : factories) {
      String name = f.name();
      if (name == null || name.isEmpty()) {
        problems.add(
            new ConfigProblem(
                null, 0, null, null, f.getClass().getName() + " has an empty plugin name"));
        continue;
      }
      F prev = m.putIfAbsent(name, f);
      if (prev != null) {
        problems.add(
            new ConfigProblem(
                null,
                0,
                kind + "." + name,
                null,
                "two plugins claim this name: "
                    + prev.getClass().getName()
                    + " and "
                    + f.getClass().getName()));
      }
    }
    return m;
  }

  public Optional<InputFactory<?>> input(String name) {
    return Optional.ofNullable(inputs.get(name));
  }

  public Optional<OutputFactory<?>> output(String name) {
    return Optional.ofNullable(outputs.get(name));
  }

  /** Input plugin names, sorted. */
  public List<String> inputNames() {
    return List.copyOf(inputs.keySet());
  }

  /** Output plugin names, sorted. */
  public List<String> outputNames() {
    return List.copyOf(outputs.keySet());
  }

  /** Input factories sorted by name. */
  public List<InputFactory<?>> inputs() {
    return List.copyOf(inputs.values());
  }

  /** Output factories sorted by name. */
  public List<OutputFactory<?>> outputs() {
    return List.copyOf(outputs.values());
  }
}
