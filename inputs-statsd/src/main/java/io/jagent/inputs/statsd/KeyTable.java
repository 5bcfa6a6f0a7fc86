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

  KeyTable(int initialCapacity) {
    int cap = Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1);
    alloc(cap);
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

  static int hash(byte[] b, int off, int len) {
    int h = 0x9747b28c;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + b[i];
    }
    return h ^ (h >>> 16);
  }

  @SuppressWarnings("unchecked")
  V get(byte[] b, int off, int len, int hash) {
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      byte[] k = keys[i];
      if (k == null) {
        return null;
      }
      if (hashes[i] == hash && k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) {
        return (V) values[i];
      }
    }
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
