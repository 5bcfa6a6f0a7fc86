package io.jagent.inputs.prometheus;

/** A parse error that rejects a whole scrape. The message names the line, as Telegraf's does. */
final class ExpositionException extends Exception {
  private final long line;

  ExpositionException(long line, String msg) {
    super(line > 0 ? "text format parsing error in line " + line + ": " + msg : msg);
    this.line = line;
  }

  long line() {
    return line;
  }
}
