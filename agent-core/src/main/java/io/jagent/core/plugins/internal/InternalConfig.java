package io.jagent.core.plugins.internal;

/**
 * {@code [[inputs.internal]]} options.
 *
 * @param collectMemstats report {@code internal_memstats} (JVM memory, see {@link InternalInput})
 * @param collectGostats accepted for Telegraf compatibility and ignored (there is no Go runtime)
 * @param perInstance one metric per plugin instance (tag {@code _id}) instead of summing instances
 */
record InternalConfig(boolean collectMemstats, boolean collectGostats, boolean perInstance) {
  static final boolean DEFAULT_COLLECT_MEMSTATS = true;
  static final boolean DEFAULT_COLLECT_GOSTATS = false;
  static final boolean DEFAULT_PER_INSTANCE = false;

  static InternalConfig defaults() {
    return new InternalConfig(
        DEFAULT_COLLECT_MEMSTATS, DEFAULT_COLLECT_GOSTATS, DEFAULT_PER_INSTANCE);
  }
}
