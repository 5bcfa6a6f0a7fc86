package io.jagent.core.config;

/** Telegraf's {@code config.Size}: bytes, with SI (kB = 1000) and IEC (KiB = 1024) units. */
public final class Sizes {
  private Sizes() {}

  public static long parse(String s) {
    String t = s.trim();
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("invalid size \"" + s + "\"");
    }
    double num;
    try {
      num = Double.parseDouble(t.substring(0, i));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid size \"" + s + "\"");
    }
    String unit = t.substring(i).trim();
    long mult =
        switch (unit) {
          case "", "B", "b" -> 1L;
          case "kB", "KB", "k", "K" -> 1000L;
          case "MB", "M" -> 1000_000L;
          case "GB", "G" -> 1000_000_000L;
          case "TB", "T" -> 1000_000_000_000L;
          case "KiB", "Ki" -> 1024L;
          case "MiB", "Mi" -> 1024L * 1024;
          case "GiB", "Gi" -> 1024L * 1024 * 1024;
          case "TiB", "Ti" -> 1024L * 1024 * 1024 * 1024;
          default ->
              throw new IllegalArgumentException(
                  "invalid size \"" + s + "\": unknown unit \"" + unit + "\"");
        };
    return Math.round(num * mult);
  }
}
