package io.jagent.inputs.mysql;

/** Where converters report values they could not use. */
interface Problems {
  /** A value error that Telegraf reports through {@code acc.AddError} (v2). */
  void error(String message);

  /** A value Telegraf only mentions at debug level (v1). */
  void debug(String message);

  /** Telegraf's one-time warning per key (v1 status values that become 0). */
  void warnOnce(String key, String message);
}
