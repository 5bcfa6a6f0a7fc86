package io.jagent.core.runtime;

import io.jagent.core.config.AgentConfig;
import io.jagent.core.config.AgentSettings;
import io.jagent.core.config.InputOptions;
import io.jagent.core.config.InputSpec;
import io.jagent.core.config.OutputOptions;
import io.jagent.core.config.OutputSpec;
import io.jagent.core.pipeline.MetricFilter;
import io.jagent.spi.Accumulator;
import io.jagent.spi.ConfigTable;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.Output;
import io.jagent.spi.PluginContext;
import io.jagent.spi.ServiceInput;
import io.jagent.testing.CapturingOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Builds AgentConfig records directly for runtime tests. */
public final class TestConfigs {
  private TestConfigs() {}

  public record NoConfig() {}

  public static InputFactory<NoConfig> inputFactory(String name, Input input) {
    return new InputFactory<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "test input";
      }

      @Override
      public NoConfig parse(ConfigTable table) {
        return new NoConfig();
      }

      @Override
      public Input create(NoConfig config, PluginContext ctx) {
        return input;
      }
    };
  }

  public static InputOptions inputOptions(Duration interval) {
    return new InputOptions(
        "",
        interval,
        Duration.ZERO,
        Duration.ZERO,
        Duration.ZERO,
        "",
        "",
        "",
        Map.of(),
        MetricFilter.NONE);
  }

  public static InputSpec input(String name, Input input, InputOptions opts) {
    return new InputSpec(name, inputFactory(name, input), new NoConfig(), opts, "test.conf", 1);
  }

  public static InputSpec input(String name, Input input) {
    return input(name, input, inputOptions(Duration.ofSeconds(10)));
  }

  public static OutputOptions outputOptions(int batch, int limit) {
    return new OutputOptions(
        "", Duration.ofSeconds(10), Duration.ZERO, batch, limit, "", "", "", MetricFilter.NONE);
  }

  public static OutputSpec output(String name, Output out, OutputOptions opts) {
    return new OutputSpec(
        name, CapturingOutput.factory(name, out), new CapturingOutput.NoConfig(), opts, "t", 2);
  }

  public static OutputSpec output(String name, Output out) {
    return output(name, out, outputOptions(1000, 10_000));
  }

  public static AgentConfig config(
      AgentSettings agent, List<InputSpec> inputs, List<OutputSpec> outputs) {
    SortedMap<String, String> global = new TreeMap<>();
    global.put("host", "h1");
    return new AgentConfig(agent, global, inputs, outputs, List.of("test.conf"), List.of());
  }

  public static AgentConfig config(List<InputSpec> inputs, List<OutputSpec> outputs) {
    return config(AgentSettings.defaults(), inputs, outputs);
  }

  /** An input that runs {@code body} on each gather and counts gathers. */
  public static final class ScriptedInput implements Input {
    public final AtomicInteger gathers = new AtomicInteger();
    private final Consumer<Accumulator> body;

    public ScriptedInput(Consumer<Accumulator> body) {
      this.body = body;
    }

    @Override
    public void gather(Accumulator acc) throws Exception {
      gathers.incrementAndGet();
      body.accept(acc);
    }
  }

  /**
   * A service input that records events ("start", "stop", "gather") and emits in gather what was
   * pushed since the last gather as a count (like statsd aggregates).
   */
  public static final class FakeService implements ServiceInput {
    public final List<String> events = new ArrayList<>();
    private Accumulator pushAcc;
    private long pending;
    private final boolean failStart;

    public FakeService(boolean failStart) {
      this.failStart = failStart;
    }

    public FakeService() {
      this(false);
    }

    @Override
    public synchronized void start(Accumulator acc) throws Exception {
      events.add("start");
      if (failStart) {
        throw new java.net.BindException("address in use (test)");
      }
      pushAcc = acc;
    }

    /** A packet arrives. */
    public synchronized void receive(long n) {
      pending += n;
    }

    public synchronized Accumulator pushAccumulator() {
      return pushAcc;
    }

    @Override
    public synchronized void stop() {
      events.add("stop");
    }

    @Override
    public synchronized void gather(Accumulator acc) {
      events.add("gather");
      if (pending > 0) {
        acc.addCounter("svc", Map.of("count", pending), Map.of());
        pending = 0;
      }
    }
  }
}
