package io.jagent.outputs.influxdb;

import io.jagent.spi.PluginContext;
import io.jagent.spi.Stat;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code internal_write,output=<name>[,alias=<alias>] bytes_written} (reference §5). */
final class SelfStatsTags {
  private SelfStatsTags() {}

  static Stat bytesWritten(PluginContext ctx, String output) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("output", output);
    String id = ctx.pluginId();
    int i = id == null ? -1 : id.indexOf("::");
    if (i >= 0) {
      tags.put("alias", id.substring(i + 2));
    }
    return ctx.stats().register("write", "bytes_written", tags);
  }
}
