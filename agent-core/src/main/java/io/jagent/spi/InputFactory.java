package io.jagent.spi;

/**
 * Creates an input. Found through {@link java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/io.jagent.spi.InputFactory}.
 */
public interface InputFactory<C extends Record> extends PluginFactory<C> {
  /** Creates an instance; called once per {@code [[inputs.NAME]]} table after a clean parse. */
  Input create(C config, PluginContext ctx) throws Exception;
}
