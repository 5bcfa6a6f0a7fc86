package io.jagent.core.config;

/**
 * One problem found while loading a config: where it is (file, line; 0 when unknown), the plugin
 * and key at fault, and what is wrong.
 */
public record ConfigProblem(String file, int line, String plugin, String key, String message) {
  /** {@code telegraf.conf:12: inputs.statsd: "percentile": unknown option (did you mean ...)}. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file);
      if (line > 0) {
        sb.append(':').append(line);
      }
      sb.append(": ");
    }
    if (plugin != null && !plugin.isEmpty()) {
      sb.append(plugin).append(": ");
    }
    if (key != null && !key.isEmpty()) {
      sb.append('"').append(key).append("\": ");
    }
    sb.append(message);
    return sb.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
