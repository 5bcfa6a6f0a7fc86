package io.jagent.inputs.statsd;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Open-addressing hash map from raw key bytes (metric kind + bucket + DataDog tag segments, exactly
 * as received) to the field slot they aggregate into. Lookups compare bytes in place, so a known
 * series costs no allocation. Not thread-safe (used under the aggregator lock).
 */
final class KeyTable<V> {
  private byte[][] keys;
  private int[] hashes;
  private Object[] values;
  private int size;
  private int mask;
  private final int initialCapacity;

  KeyTable(int initialCapacity) {
    this.initialCapacity = Integer.highestOneBit(Math.max(2, initialCapacity - 1) << 1);
    alloc(this.initialCapacity);
  }

  private void alloc(int cap) {
    keys = new byte[cap][];
    hashes = new int[cap];
    values = new Object[cap];
    mask = cap - 1;
    size = 0;
  }

  int size() {
    return size;
  }

  /** Starting value of {@link #step}. */
  static final int SEED = 0x9747b28c;

  /**
   * Hash of a key {@code [kind][bucket][DataDog segments]}: the bytes after the first, then the
   * first (the metric kind), so that the parser can hash the bucket while it scans it for the colon
   * ({@link #step}) and add the kind once it has read the type ({@link #finish}).
   */
  static int hash(byte[] key, int off, int len) {
    return hash(key[off], key, off + 1, len - 1);
  }

  /** {@link #hash} of the key {@code [first] + b[off, off+len)}, without building it. */
  static int hash(byte first, byte[] b, int off, int len) {
    return finish(step(SEED, b, off, off + len), first);
  }

  /** Continues a hash over {@code b[from, to)}. */
  static int step(int h, byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      h = step(h, b[i]);
    }
    return h;
  }

  /** Continues a hash with one byte (small enough for C1 to inline). */
  static int step(int h, byte c) {
    return 31 * h + c;
  }

  /** Ends a hash with the key's first byte. */
  static int finish(int h, byte first) {
    h = step(h, first);
    return h ^ (h >>> 16);
  }

  /** The value of the key {@code b[off, off+len)} ({@code len >= 1}), or null. */
  V get(byte[] b, int off, int len, int hash) {
    return get(b[off], b, off + 1, len - 1, hash);
  }

  /**
   * The value of the key {@code [first] + b[off, off+len)}, or null: the parser compares a key
   * where it was received, without building it.
   */
  @SuppressWarnings("unchecked")
  V get(byte first, byte[] b, int off, int len, int hash) {
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      byte[] k = keys[i];
      if (k == null) {
        return null;
      }
      if (hashes[i] == hash && k.length == len + 1 && k[0] == first && sameTail(k, b, off - 1)) {
        return (V) values[i];
      }
    }
  }

  /**
   * {@code k[1, k.length)} equals {@code b[d+1, d+k.length)}: a plain loop, cheaper than {@code
   * Arrays.equals} for keys of a few dozen bytes in C1-compiled code (no range checks, no {@code
   * ArraysSupport.mismatch} call).
   */
  private static boolean sameTail(byte[] k, byte[] b, int d) {
    for (int i = 1; i < k.length; i++) {
      if (k[i] != b[d + i]) {
        return false;
      }
    }
    return true;
  }

  /** Inserts a key that is not present; {@code key} is kept (pass a copy). */
  void put(byte[] key, int hash, V value) {
    if ((size + 1) * 2 > keys.length) {
      resize(keys.length * 2);
    }
    insert(key, hash, value);
  }

  private void insert(byte[] key, int hash, Object value) {
    int i = hash & mask;
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    hashes[i] = hash;
    values[i] = value;
    size++;
  }

  private void resize(int cap) {
    byte[][] oldKeys = keys;
    int[] oldHashes = hashes;
    Object[] oldValues = values;
    alloc(cap);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        insert(oldKeys[i], oldHashes[i], oldValues[i]);
      }
    }
  }

  /** Removes every entry; the table shrinks back to its first size when it had grown. */
  void clear() {
    if (size == 0) {
      return;
    }
    if (keys.length > initialCapacity) {
      alloc(initialCapacity);
    } else {
      Arrays.fill(keys, null);
      Arrays.fill(values, null);
      size = 0;
    }
  }

  /** Removes every entry whose value matches; rebuilds the table (cold path, at gather). */
  @SuppressWarnings("unchecked")
  void removeIf(Predicate<V> p) {
    byte[][] oldKeys = keys;
    int[] oldHashes = hashes;
    Object[] oldValues = values;
    int live = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null && !p.test((V) oldValues[i])) {
        live++;
      }
    }
    int cap = 16;
    while (cap < live * 2 + 2) {
      cap <<= 1;
    }
    alloc(Math.max(cap, Math.min(oldKeys.length, 1024)));
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null && !p.test((V) oldValues[i])) {
        insert(oldKeys[i], oldHashes[i], oldValues[i]);
      }
    }
  }
}
