package io.jagent.core.plugins.internal;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.PluginContext;

/** {@code [[inputs.internal]]}: the agent's own metrics (reference agent.md §15). */
public final class InternalInputFactory implements InputFactory<InternalConfig> {
  @Override
  public String name() {
    return "internal";
  }

  @Override
  public String description() {
    return "Collect statistics about itself";
  }

  @Override
  public InternalConfig parse(ConfigTable table) {
    boolean gostats = table.getBoolean("collect_gostats", InternalConfig.DEFAULT_COLLECT_GOSTATS);
    if (gostats) {
      table.warn("collect_gostats", "there is no Go runtime in this agent; option ignored");
    }
    return new InternalConfig(
        table.getBoolean("collect_memstats", InternalConfig.DEFAULT_COLLECT_MEMSTATS),
        gostats,
        table.getBoolean("per_instance", InternalConfig.DEFAULT_PER_INSTANCE));
  }

  @Override
  public Input create(InternalConfig config, PluginContext ctx) {
    return new InternalInput(config, ctx.stats());
  }
}
