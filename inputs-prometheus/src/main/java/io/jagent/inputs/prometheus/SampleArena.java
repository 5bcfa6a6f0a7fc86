package io.jagent.inputs.prometheus;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the counter/gauge/untyped samples of one scrape compactly until the whole body parsed
 * cleanly: each sample is a small record in 64 KiB byte chunks (family and label names as
 * references, label values as their UTF-8 bytes, value and timestamp as 8 bytes each), about a
 * third of what the finished {@code Metric} objects would take. {@link #replay} then turns them
 * into metrics one by one, freeing chunks as it goes. Not thread-safe.
 */
final class SampleArena {
  static final int CHUNK = 64 * 1024;

  /** Receives the samples on replay; the label array is reused between calls. */
  interface Visitor {
    void sample(Family f, String[] labels, int n, double value, long ts);
  }

  private final List<byte[]> chunks = new ArrayList<>();
  private int[] used = new int[16];
  private byte[] cur;
  private int pos;
  private byte[] rec = new byte[512];
  private int recLen;
  private long count;

  private final List<Family> families = new ArrayList<>();
  private final Map<Family, Integer> familyIds = new HashMap<>();
  private Family lastFamily;
  private int lastFamilyId;
  private final List<String> names = new ArrayList<>();
  private final Map<String, Integer> nameIds = new HashMap<>();

  long count() {
    return count;
  }

  /** Bytes held (for tests and sizing). */
  long bytes() {
    long b = 0;
    for (byte[] c : chunks) {
      if (c != null) {
        b += c.length;
      }
    }
    return b;
  }

  /**
   * Like {@link #add} with the label values as byte ranges: value {@code i} is {@code
   * src[i][off[2i], off[2i] + off[2i + 1])}, where a null {@code src[i]} means {@code valueBuf}.
   */
  void addRaw(
      Family f,
      String[] labels,
      int n,
      byte[][] src,
      int[] off,
      byte[] valueBuf,
      double value,
      long ts) {
    header(f, n, value, ts);
    for (int i = 0; i < n; i += 2) {
      int pair = i >> 1;
      byte[] b = src[pair] == null ? valueBuf : src[pair];
      int o = off[2 * pair];
      int len = off[2 * pair + 1];
      reserve(10 + 5 + len);
      varint(nameId(pair, labels[i]));
      varint(len);
      System.arraycopy(b, o, rec, recLen, len);
      recLen += len;
    }
    store();
    count++;
  }

  private String[] recentNames = new String[32];
  private int[] recentIds = new int[32];

  /** The id of a label name; the id at the same position in the last sample is tried first. */
  private int nameId(int pos, String name) {
    if (pos < recentNames.length && recentNames[pos] == name) {
      return recentIds[pos];
    }
    int id = nameId(name);
    if (pos < recentNames.length) {
      recentNames[pos] = name;
      recentIds[pos] = id;
    }
    return id;
  }

  private int nameId(String name) {
    Integer nid = nameIds.get(name);
    if (nid == null) {
      nid = names.size();
      names.add(name);
      nameIds.put(name, nid);
    }
    return nid;
  }

  void add(Family f, String[] labels, int n, double value, long ts) {
    header(f, n, value, ts);
    for (int i = 0; i < n; i += 2) {
      int nid = nameId(labels[i]);
      String v = labels[i + 1];
      int len = v.length();
      reserve(10 + 5 + len);
      varint(nid);
      int lenAt = recLen;
      varint(len);
      boolean ascii = true;
      for (int k = 0; k < len; k++) {
        char c = v.charAt(k);
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        rec[recLen++] = (byte) c;
      }
      if (!ascii) {
        byte[] u = v.getBytes(StandardCharsets.UTF_8);
        recLen = lenAt;
        reserve(5 + u.length);
        varint(u.length);
        System.arraycopy(u, 0, rec, recLen, u.length);
        recLen += u.length;
      }
    }
    store();
    count++;
  }

  private void header(Family f, int n, double value, long ts) {
    recLen = 0;
    int fid;
    if (f == lastFamily) {
      fid = lastFamilyId;
    } else {
      Integer id = familyIds.get(f);
      if (id == null) {
        id = families.size();
        families.add(f);
        familyIds.put(f, id);
      }
      lastFamily = f;
      lastFamilyId = fid = id;
    }
    reserve(10 + 10 + 8 + 1 + 8);
    varint(fid);
    varint(n >> 1);
    putLong(Double.doubleToRawLongBits(value));
    if (ts == Long.MIN_VALUE) {
      rec[recLen++] = 0;
    } else {
      rec[recLen++] = 1;
      putLong(ts);
    }
  }

  private void reserve(int n) {
    if (recLen + n > rec.length) {
      rec = Arrays.copyOf(rec, Math.max(rec.length * 2, recLen + n));
    }
  }

  private void varint(int v) {
    while ((v & ~0x7f) != 0) {
      rec[recLen++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    rec[recLen++] = (byte) v;
  }

  private void putLong(long v) {
    for (int i = 0; i < 8; i++) {
      rec[recLen++] = (byte) (v >>> (i << 3));
    }
  }

  private void store() {
    if (cur == null || pos + recLen > cur.length) {
      if (cur != null) {
        used[chunks.size() - 1] = pos;
      }
      cur = new byte[Math.max(CHUNK, recLen)];
      chunks.add(cur);
      if (chunks.size() > used.length) {
        used = Arrays.copyOf(used, used.length * 2);
      }
      pos = 0;
    }
    System.arraycopy(rec, 0, cur, pos, recLen);
    pos += recLen;
  }

  /** Hands every sample to {@code v} in insertion order and empties the arena. */
  void replay(StringCache cache, Visitor v) {
    if (cur != null) {
      used[chunks.size() - 1] = pos;
    }
    String[] labels = new String[32];
    int[] p = new int[1];
    for (int c = 0; c < chunks.size(); c++) {
      byte[] ch = chunks.get(c);
      chunks.set(c, null); // the metrics built from it go out; the bytes can go
      int end = used[c];
      p[0] = 0;
      while (p[0] < end) {
        Family f = families.get(readVarint(ch, p));
        int pairs = readVarint(ch, p);
        double value = Double.longBitsToDouble(readLong(ch, p));
        long ts = ch[p[0]++] == 0 ? Long.MIN_VALUE : readLong(ch, p);
        if (pairs * 2 > labels.length) {
          labels = new String[pairs * 2];
        }
        for (int i = 0; i < pairs; i++) {
          labels[2 * i] = names.get(readVarint(ch, p));
          int len = readVarint(ch, p);
          try {
            labels[2 * i + 1] = cache.get(ch, p[0], p[0] + len);
          } catch (CharacterCodingException e) {
            throw new IllegalStateException("label value was validated when parsed", e);
          }
          p[0] += len;
        }
        v.sample(f, labels, pairs * 2, value, ts);
      }
    }
    chunks.clear();
    cur = null;
    pos = 0;
    count = 0;
  }

  private static int readVarint(byte[] b, int[] p) {
    int v = 0;
    int shift = 0;
    while (true) {
      byte x = b[p[0]++];
      v |= (x & 0x7f) << shift;
      if (x >= 0) {
        return v;
      }
      shift += 7;
    }
  }

  private static long readLong(byte[] b, int[] p) {
    long v = 0;
    int o = p[0];
    for (int i = 0; i < 8; i++) {
      v |= (b[o + i] & 0xffL) << (i << 3);
    }
    p[0] = o + 8;
    return v;
  }
}
