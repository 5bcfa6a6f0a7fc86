package io.jagent.core.plugins.file;

import io.jagent.spi.ConfigTable;

/** {@code data_format}: only Influx line protocol is implemented so far. */
final class DataFormats {
  private DataFormats() {}

  static void requireInflux(ConfigTable t) {
    String f = t.getString("data_format", "influx");
    if (!f.isEmpty() && !f.equals("influx")) {
      t.error(
          "data_format",
          "data format \"" + f + "\" is not supported by this agent; only \"influx\" is");
    }
  }
}
