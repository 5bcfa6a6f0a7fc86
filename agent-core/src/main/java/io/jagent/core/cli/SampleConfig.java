package io.jagent.core.cli;

import io.jagent.core.config.AgentSettings;
import io.jagent.core.config.PluginRegistry;
import io.jagent.spi.Durations;
import io.jagent.spi.PluginFactory;
import java.util.List;
import java.util.Set;

/**
 * The output of {@code agent config}: a header, {@code [global_tags]}, {@code [agent]} with the
 * defaults, then every output and input's sample config. Without filters the plugins of the
 * embedded default (statsd, internal, file) are active and every other plugin is commented out;
 * with {@code --input-filter}/{@code --output-filter} only the named plugins are printed, active.
 */
final class SampleConfig {
  static final Set<String> DEFAULT_INPUTS = Set.of("statsd", "internal");
  static final Set<String> DEFAULT_OUTPUTS = Set.of("file");

  private SampleConfig() {}

  static String render(PluginRegistry reg, Set<String> inputFilter, Set<String> outputFilter) {
    boolean filtered = !inputFilter.isEmpty() || !outputFilter.isEmpty();
    StringBuilder sb = new StringBuilder();
    sb.append(HEADER);
    AgentSettings d = AgentSettings.defaults();
    sb.append("# Global tags can be specified here in key=\"value\" format.\n")
        .append("[global_tags]\n")
        .append("  # dc = \"us-east-1\" # will tag all metrics with dc=us-east-1\n")
        .append("  ## Environment variables can be used as tags, and throughout the config file\n")
        .append("  # user = \"$USER\"\n\n")
        .append("# Configuration for the agent\n[agent]\n")
        .append("  ## Default data collection interval for all inputs\n")
        .append("  interval = \"")
        .append(Durations.format(d.interval()))
        .append("\"\n")
        .append("  ## Rounds collection interval to 'interval'\n")
        .append("  round_interval = ")
        .append(d.roundInterval())
        .append("\n  ## Outputs write metrics in batches of at most this size\n")
        .append("  metric_batch_size = ")
        .append(d.metricBatchSize())
        .append(
            "\n  ## Per-output buffer; the oldest metrics are dropped (and counted) when full\n")
        .append("  metric_buffer_limit = ")
        .append(d.metricBufferLimit())
        .append("\n  collection_jitter = \"0s\"\n  collection_offset = \"0s\"\n")
        .append("  flush_interval = \"")
        .append(Durations.format(d.flushInterval()))
        .append("\"\n  flush_jitter = \"0s\"\n")
        .append("  ## Timestamp rounding; \"\" or \"0s\" = automatic from the interval\n")
        .append("  precision = \"0s\"\n")
        .append("  # debug = false\n  # quiet = false\n  # logfile = \"\"\n")
        .append("  ## Override default hostname, if empty use os.Hostname()\n")
        .append("  hostname = \"\"\n  omit_hostname = false\n\n");
    section(sb, "OUTPUT PLUGINS");
    for (String name : reg.outputNames()) {
      if (filtered && !outputFilter.contains(name)) {
        continue;
      }
      boolean active = filtered || DEFAULT_OUTPUTS.contains(name);
      appendPlugin(sb, "outputs", name, reg.output(name).get(), active);
    }
    section(sb, "INPUT PLUGINS");
    for (String name : reg.inputNames()) {
      if (filtered && !inputFilter.contains(name)) {
        continue;
      }
      boolean active = filtered || DEFAULT_INPUTS.contains(name);
      appendPlugin(sb, "inputs", name, reg.input(name).get(), active);
    }
    return sb.toString();
  }

  private static void appendPlugin(
      StringBuilder sb, String kind, String name, PluginFactory<?> f, boolean active) {
    String block = pluginBlock(kind, name, f.sampleConfig());
    if (active) {
      sb.append(block);
    } else {
      for (String line : block.split("\n", -1)) {
        if (!line.isEmpty()) {
          sb.append("# ").append(line);
        }
        sb.append('\n');
      }
      sb.setLength(sb.length() - 1);
    }
    sb.append('\n');
  }

  /** A plugin's sample config, or a bare header when it ships none; ends with a newline. */
  static String pluginBlock(String kind, String name, String sample) {
    String s = sample == null || sample.isBlank() ? "[[" + kind + "." + name + "]]\n" : sample;
    return s.endsWith("\n") ? s : s + "\n";
  }

  private static void section(StringBuilder sb, String title) {
    String bar = "#".repeat(78);
    sb.append(bar).append('\n');
    sb.append("#").append(center(title, 76)).append("#\n");
    sb.append(bar).append("\n\n");
  }

  private static String center(String s, int width) {
    int pad = Math.max(0, width - s.length());
    return " ".repeat(pad / 2) + s + " ".repeat(pad - pad / 2);
  }

  private static final String HEADER =
      String.join(
          "\n",
          List.of(
              "# jagent configuration (Telegraf-compatible)",
              "#",
              "# Plugins are defined by [[inputs.NAME]] and [[outputs.NAME]] tables; each may appear",
              "# any number of times. Environment variables can be used inside string values:",
              "# \"$VAR\", \"${VAR}\", \"${VAR:-default}\", \"${VAR:?error message}\".",
              "",
              ""));
}
