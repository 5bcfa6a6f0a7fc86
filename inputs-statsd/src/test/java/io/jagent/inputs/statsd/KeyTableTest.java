package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The raw-key table: a whole key and a key compared where it was received find the same entry. */
class KeyTableTest {
  private static byte[] key(char kind, String bucket) {
    return (kind + bucket).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code [kind] + bucket}, looked up in place from a buffer where the bucket sits at 3. */
  private static String inPlace(KeyTable<String> t, char kind, String bucket, int hash) {
    byte[] b = ("xx:" + bucket + "|c").getBytes(StandardCharsets.UTF_8);
    int len = bucket.getBytes(StandardCharsets.UTF_8).length;
    return t.get((byte) kind, b, 3, len, hash);
  }

  @Test
  void wholeAndInPlaceLookupsAgree() {
    KeyTable<String> t = new KeyTable<>(16);
    Map<String, String> expected = new HashMap<>();
    Random rnd = new Random(42);
    char[] kinds = {'c', 'g', 's'};
    // enough keys to resize the table several times
    for (int i = 0; i < 500; i++) {
      char kind = kinds[rnd.nextInt(kinds.length)];
      String bucket = "m" + rnd.nextInt(300) + (rnd.nextBoolean() ? ",t=é" : "");
      byte[] k = key(kind, bucket);
      int h = KeyTable.hash(k, 0, k.length);
      if (t.get(k, 0, k.length, h) == null) {
        t.put(k.clone(), h, kind + bucket);
        expected.put(kind + bucket, kind + bucket);
      }
    }
    assertEquals(expected.size(), t.size());
    for (String whole : expected.keySet()) {
      char kind = whole.charAt(0);
      String bucket = whole.substring(1);
      byte[] k = key(kind, bucket);
      int h = KeyTable.hash(k, 0, k.length);
      assertEquals(whole, t.get(k, 0, k.length, h), whole);
      assertEquals(whole, inPlace(t, kind, bucket, h), whole);
    }
  }

  @Test
  void kindLengthAndBytesAllCount() {
    KeyTable<String> t = new KeyTable<>(16);
    byte[] k = key('c', "abc");
    t.put(k, 7, "c:abc"); // one hash for every probe below: only the comparison tells them apart
    assertEquals("c:abc", inPlace(t, 'c', "abc", 7));
    assertNull(inPlace(t, 'g', "abc", 7), "another kind");
    assertNull(inPlace(t, 'c', "ab", 7), "a prefix");
    assertNull(inPlace(t, 'c', "abcd", 7), "longer");
    assertNull(inPlace(t, 'c', "abd", 7), "last byte differs");
    assertNull(inPlace(t, 'c', "abc", 8), "another hash");
    t.put(key('c', ""), 7, "c:"); // an empty bucket, colliding
    assertEquals("c:", inPlace(t, 'c', "", 7));
    assertEquals("c:abc", inPlace(t, 'c', "abc", 7));
  }

  @Test
  void clearEmptiesAGrownTableAndItFillsAgain() {
    KeyTable<String> t = new KeyTable<>(4);
    for (int round = 0; round < 3; round++) {
      int n = round == 1 ? 3 : 100; // grown, then small (cleared in place), then grown again
      for (int i = 0; i < n; i++) {
        byte[] k = key('s', "v" + i);
        t.put(k, KeyTable.hash(k, 0, k.length), "v" + i);
      }
      assertEquals(n, t.size());
      assertEquals("v2", inPlace(t, 's', "v2", KeyTable.hash(key('s', "v2"), 0, 3)));
      t.clear();
      assertEquals(0, t.size());
      assertNull(inPlace(t, 's', "v2", KeyTable.hash(key('s', "v2"), 0, 3)));
    }
  }

  @Test
  void removeIfKeepsTheRestFindable() {
    KeyTable<String> t = new KeyTable<>(16);
    for (int i = 0; i < 100; i++) {
      byte[] k = key('c', "m" + i);
      t.put(k, KeyTable.hash(k, 0, k.length), "m" + i);
    }
    t.removeIf(v -> Integer.parseInt(v.substring(1)) % 2 == 0);
    assertEquals(50, t.size());
    for (int i = 0; i < 100; i++) {
      byte[] k = key('c', "m" + i);
      int h = KeyTable.hash(k, 0, k.length);
      assertEquals(i % 2 == 0 ? null : "m" + i, inPlace(t, 'c', "m" + i, h));
    }
  }
}
