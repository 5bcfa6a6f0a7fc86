package io.jagent.inputs.prometheus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns byte ranges into Strings, reusing the String of an earlier identical ASCII range (metric
 * names, label names and the many repeated label values of an exposition). Direct-mapped: a miss
 * replaces the slot. One per parse; not thread-safe.
 */
final class StringCache {
  private static final int MAX_CACHED_LEN = 96;
  private final String[] strings;
  private final int[] hashes;
  private final int mask;

  StringCache(int sizePow2) {
    strings = new String[sizePow2];
    hashes = new int[sizePow2];
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
    int h = 0;
    boolean ascii = true;
    for (int i = off; i < end; i++) {
      byte c = b[i];
      h = 31 * h + c;
      ascii &= c >= 0;
    }
    if (!ascii) {
      return decodeUtf8(b, off, len);
    }
    if (len > MAX_CACHED_LEN) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    int slot = (h ^ (h >>> 16)) & mask;
    String s = strings[slot];
    if (s != null && hashes[slot] == h && s.length() == len && same(s, b, off, len)) {
      return s;
    }
    s = new String(b, off, len, StandardCharsets.ISO_8859_1);
    strings[slot] = s;
    hashes[slot] = h;
    return s;
  }

  private static boolean same(String s, byte[] b, int off, int len) {
    for (int i = 0; i < len; i++) {
      if (s.charAt(i) != b[off + i]) {
        return false;
      }
    }
    return true;
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
