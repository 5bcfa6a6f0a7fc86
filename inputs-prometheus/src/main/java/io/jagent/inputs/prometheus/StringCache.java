package io.jagent.inputs.prometheus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns byte ranges into Strings, reusing the String of an earlier identical ASCII range (metric
 * names, label names and the many repeated label values of an exposition). Direct-mapped with a
 * constant-time hash (length and three 8-byte words) and a vectorized compare; a miss replaces the
 * slot. One per parse; not thread-safe.
 */
final class StringCache {
  private static final int MAX_CACHED_LEN = 48;
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final byte[][] keys;
  private final String[] strings;
  private final int mask;

  StringCache(int sizePow2) {
    keys = new byte[sizePow2][];
    strings = new String[sizePow2];
    mask = sizePow2 - 1;
  }

  /**
   * The String for {@code b[off, end)}, decoded as UTF-8.
   *
   * @throws CharacterCodingException for invalid UTF-8
   */
  String get(byte[] b, int off, int end) throws CharacterCodingException {
    int len = end - off;
    if (len == 0) {
      return "";
    }
    if (len > MAX_CACHED_LEN) {
      return decode(b, off, len);
    }
    int slot = hash(b, off, len) & mask;
    byte[] k = keys[slot];
    if (k != null && k.length == len && Arrays.equals(k, 0, len, b, off, end)) {
      return strings[slot];
    }
    if (!ascii(b, off, len)) {
      return decodeUtf8(b, off, len);
    }
    String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
    keys[slot] = Arrays.copyOfRange(b, off, end);
    strings[slot] = s;
    return s;
  }

  private static int hash(byte[] b, int off, int len) {
    long h;
    if (len >= 8) {
      long first = (long) LONG.get(b, off);
      long last = (long) LONG.get(b, off + len - 8);
      long mid = (long) LONG.get(b, off + ((len - 8) >> 1));
      h = first * 0x9E3779B97F4A7C15L + last * 0xC2B2AE3D27D4EB4FL + mid * 0x165667B19E3779F9L;
    } else {
      h = 0;
      for (int i = 0; i < len; i++) {
        h = (h << 8) | (b[off + i] & 0xff);
      }
      h *= 0x9E3779B97F4A7C15L;
    }
    h += len;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 32));
  }

  static boolean ascii(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      if (((long) LONG.get(b, i) & HIGH_BITS) != 0) {
        return false;
      }
    }
    for (; i < end; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static String decode(byte[] b, int off, int len) throws CharacterCodingException {
    return ascii(b, off, len)
        ? new String(b, off, len, StandardCharsets.ISO_8859_1)
        : decodeUtf8(b, off, len);
  }

  static String decodeUtf8(byte[] b, int off, int len) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(b, off, len))
        .toString();
  }
}
