package io.jagent.inputs.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
      int i = indexOfNewline(buf, scanned, limit);
      if (i >= 0) {
        start = pos;
        end = i;
        pos = i + 1;
        scanned = pos;
        terminated = true;
        lineNo++;
        return true;
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

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
  private static final long LOW = 0x0101010101010101L;
  private static final long HIGH = 0x8080808080808080L;

  /** The index of the first '\n' in {@code b[from, to)}, or -1; eight bytes per step. */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONG.get(b, i) ^ NEWLINES;
      long found = (x - LOW) & ~x & HIGH;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
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
