package io.jagent.core.config;

import io.jagent.core.config.StubFactories.StubConfig;
import io.jagent.spi.ConfigTable;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.Output;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginContext;
import java.util.Map;

/** Factories with public no-arg constructors, for {@link PluginRegistryTest}'s ServiceLoader. */
public final class ServiceLoadedFactories {
  private ServiceLoadedFactories() {}

  public static final class Alpha implements InputFactory<StubConfig> {
    @Override
    public String name() {
      return "alpha";
    }

    @Override
    public String description() {
      return "alpha";
    }

    @Override
    public StubConfig parse(ConfigTable table) {
      return new StubConfig(Map.of());
    }

    @Override
    public Input create(StubConfig config, PluginContext ctx) {
      return acc -> {};
    }
  }

  /** Claims the same name as {@link Alpha}. */
  public static final class AlphaAgain implements InputFactory<StubConfig> {
    @Override
    public String name() {
      return "alpha";
    }

    @Override
    public String description() {
      return "alpha again";
    }

    @Override
    public StubConfig parse(ConfigTable table) {
      return new StubConfig(Map.of());
    }

    @Override
    public Input create(StubConfig config, PluginContext ctx) {
      return acc -> {};
    }
  }

  public static final class Zulu implements OutputFactory<StubConfig> {
    @Override
    public String name() {
      return "zulu";
    }

    @Override
    public String description() {
      return "zulu";
    }

    @Override
    public StubConfig parse(ConfigTable table) {
      return new StubConfig(Map.of());
    }

    @Override
    public Output create(StubConfig config, PluginContext ctx) {
      throw new UnsupportedOperationException();
    }
  }
}
