package io.jagent.spi;

/**
 * An unsigned 64-bit field value (Telegraf's {@code uint64}). The bits are those of the unsigned
 * number; use {@link Long#toUnsignedString(long)} to print it.
 */
public record Unsigned(long bits) {
  public static Unsigned of(long bits) {
    return new Unsigned(bits);
  }

  @Override
  public String toString() {
    return Long.toUnsignedString(bits);
  }
}
