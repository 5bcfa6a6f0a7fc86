package io.jagent.spi.lineprotocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer meant to be reused: {@link #reset()} keeps the storage. Not thread-safe.
 * Also an {@link OutputStream}, so a {@link java.util.zip.GZIPOutputStream} can write into it.
 */
public final class LineBuffer extends OutputStream {
  private byte[] buf;
  private int len;

  public LineBuffer(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public LineBuffer() {
    this(4096);
  }

  /** Empties the buffer, keeping its storage. */
  public void reset() {
    len = 0;
  }

  public int size() {
    return len;
  }

  /** The backing array; valid bytes are {@code [0, size())}. */
  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** Cuts the buffer back to {@code newSize} bytes (e.g. to undo a partial line). */
  public void truncate(int newSize) {
    if (newSize < 0 || newSize > len) {
      throw new IndexOutOfBoundsException(newSize);
    }
    len = newSize;
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, len);
  }

  private void ensure(int extra) {
    int need = len + extra;
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  /** Appends the bytes {@code [from, to)} of this same buffer (used to repeat a line header). */
  void appendOwn(int from, int to) {
    int n = to - from;
    ensure(n);
    System.arraycopy(buf, from, buf, len, n);
    len += n;
  }

  /** Appends ASCII text (digits, keywords); chars above 0x7f are not expected here. */
  void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  void decimal(long v) {
    if (v == Long.MIN_VALUE) {
      ascii("-9223372036854775808");
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int start = len;
    do {
      buf[len++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    reverse(start, len - 1);
  }

  void unsignedDecimal(long bits) {
    if (bits >= 0) {
      decimal(bits);
    } else {
      ascii(Long.toUnsignedString(bits));
    }
  }

  private void reverse(int i, int j) {
    while (i < j) {
      byte t = buf[i];
      buf[i++] = buf[j];
      buf[j--] = t;
    }
  }

  /** UTF-8 encodes one code unit sequence; a lone surrogate becomes {@code ?} as in String. */
  void utf8(String s, int i, char c) {
    // caller handles ASCII
    if (c < 0x800) {
      ensure(2);
      buf[len++] = (byte) (0xc0 | (c >> 6));
      buf[len++] = (byte) (0x80 | (c & 0x3f));
    } else if (Character.isSurrogate(c)) {
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(i + 1));
        ensure(4);
        buf[len++] = (byte) (0xf0 | (cp >> 18));
        buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        buf[len++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isLowSurrogate(c)
          && i > 0
          && Character.isHighSurrogate(s.charAt(i - 1))) {
        // second half of a pair, already written
      } else {
        write('?');
      }
    } else {
      ensure(3);
      buf[len++] = (byte) (0xe0 | (c >> 12));
      buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
      buf[len++] = (byte) (0x80 | (c & 0x3f));
    }
  }

  @Override
  public String toString() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }
}
