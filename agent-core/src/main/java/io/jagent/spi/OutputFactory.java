package io.jagent.spi;

/**
 * Creates an output. Found through {@link java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/io.jagent.spi.OutputFactory}.
 */
public interface OutputFactory<C extends Record> extends PluginFactory<C> {
  Output create(C config, PluginContext ctx) throws Exception;
}
