package io.jagent.spi.lineprotocol;

import io.jagent.spi.Metric;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Influx line protocol exactly as Telegraf's influx serializer writes it (reference agent.md §16).
 * Thread-safe, no per-call state.
 *
 * <p>PLACEHOLDER: the real implementation lands with outputs.influxdb.
 */
public final class LineProtocolSerializer {
  private final boolean sortFields;
  private final boolean uintSupport;
  private final boolean omitTimestamp;

  public LineProtocolSerializer(boolean sortFields, boolean uintSupport, boolean omitTimestamp) {
    this.sortFields = sortFields;
    this.uintSupport = uintSupport;
    this.omitTimestamp = omitTimestamp;
  }

  /** Telegraf's defaults for outputs: insertion field order, uint as int, with timestamp. */
  public static LineProtocolSerializer defaults() {
    return new LineProtocolSerializer(false, false, false);
  }

  /** As {@code --test} prints: sorted fields, {@code u} suffix for unsigned. */
  public static LineProtocolSerializer forTest() {
    return new LineProtocolSerializer(true, true, false);
  }

  /**
   * Writes one line including the trailing {@code \n} as UTF-8. Returns false (and writes nothing)
   * when the metric cannot be serialized (empty name, no serializable field).
   */
  public boolean write(Metric m, OutputStream out) throws IOException {
    String line = toLine(m);
    if (line == null) {
      return false;
    }
    out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return true;
  }

  /** The line without {@code \n}, or null when the metric cannot be serialized. */
  public String toLine(Metric m) {
    return m.toString();
  }

  public boolean sortFields() {
    return sortFields;
  }

  public boolean uintSupport() {
    return uintSupport;
  }

  public boolean omitTimestamp() {
    return omitTimestamp;
  }
}
