package io.jagent.spi.lineprotocol;

/**
 * A line that is not valid line protocol. The message follows Telegraf's parser: {@code metric
 * parse error: expected field at 3:5: "cpu a"}.
 */
public final class LineProtocolParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long lineNumber;
  private final int column;
  private final String reason;

  public LineProtocolParseException(long lineNumber, int column, String reason, String lineText) {
    super(
        "metric parse error: "
            + reason
            + " at "
            + lineNumber
            + ":"
            + column
            + ": \""
            + lineText
            + "\"");
    this.lineNumber = lineNumber;
    this.column = column;
    this.reason = reason;
  }

  /** 1-based number of the offending line. */
  public long lineNumber() {
    return lineNumber;
  }

  /** 1-based column (in characters) where the problem was found. */
  public int column() {
    return column;
  }

  public String reason() {
    return reason;
  }
}
