package io.jagent.inputs.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream line by line into one reusable byte buffer (a line is {@code buf[start, end)}
 * without its {@code \n}). Only a line longer than the buffer makes it grow; the body is never held
 * whole.
 */
final class LineReader {
  static final int DEFAULT_BUFFER = 32 * 1024;
  private static final int MAX_LINE = 16 * 1024 * 1024;

  private final InputStream in;
  byte[] buf;
  int start;
  int end;

  /** True when the current line was ended by {@code \n} (false only for a last partial line). */
  boolean terminated;

  long lineNo;
  private int pos;
  private int limit;
  private int scanned;
  private boolean eof;

  LineReader(InputStream in, int bufferSize) {
    this.in = in;
    this.buf = new byte[bufferSize];
  }

  /** Advances to the next line; false at the end of the input. */
  boolean next() throws IOException, ExpositionException {
    while (true) {
      byte[] b = buf;
      for (int i = scanned; i < limit; i++) {
        if (b[i] == '\n') {
          start = pos;
          end = i;
          pos = i + 1;
          scanned = pos;
          terminated = true;
          lineNo++;
          return true;
        }
      }
      scanned = limit;
      if (eof) {
        if (pos < limit) {
          start = pos;
          end = limit;
          pos = limit;
          terminated = false;
          lineNo++;
          return true;
        }
        return false;
      }
      fill();
    }
  }

  private void fill() throws IOException, ExpositionException {
    if (pos > 0) {
      int n = limit - pos;
      System.arraycopy(buf, pos, buf, 0, n);
      limit = n;
      scanned -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      if (buf.length >= MAX_LINE) {
        throw new ExpositionException(lineNo + 1, "line longer than " + MAX_LINE + " bytes");
      }
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }
}
