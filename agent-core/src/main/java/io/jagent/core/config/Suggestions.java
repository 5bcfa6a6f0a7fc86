package io.jagent.core.config;

import java.util.Collection;

/** Did-you-mean for unknown names: the closest known name by edit distance, if close enough. */
public final class Suggestions {
  private Suggestions() {}

  /** The closest candidate to {@code name}, or null when none is close. */
  public static String closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDist = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(name, c);
      if (d < bestDist) {
        bestDist = d;
        best = c;
      }
    }
    if (best == null) {
      return null;
    }
    int limit = Math.max(2, Math.min(name.length(), best.length()) / 3);
    boolean prefix = best.startsWith(name) || name.startsWith(best);
    return bestDist <= limit || (prefix && Math.min(name.length(), best.length()) >= 4)
        ? best
        : null;
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
