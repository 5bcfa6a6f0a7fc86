package io.jagent.core.pipeline;

import java.util.List;
import java.util.Set;

/**
 * A list of glob patterns compiled as Telegraf's {@code filter.Compile} does (reference agent.md
 * §9.2): when no pattern contains {@code *}, {@code ?} or {@code [} and no separators are set, the
 * list is compared by plain string equality (so a lone {@code {cpu,mem}} is a literal); otherwise a
 * single pattern is compiled as is and several patterns as the one glob {@code {p1,p2,...}}.
 *
 * <p>{@link #matches} does not allocate.
 */
public final class GlobFilter {
  private final List<String> patterns;
  private final Set<String> exact; // non-null: equality mode
  private final Glob glob;

  private GlobFilter(List<String> patterns, Set<String> exact, Glob glob) {
    this.patterns = patterns;
    this.exact = exact;
    this.glob = glob;
  }

  /**
   * @param patterns at least one pattern
   * @param separators characters that {@code *} does not cross ({@code ""} for none)
   * @throws IllegalArgumentException for an empty list or a pattern syntax error
   */
  public static GlobFilter compile(List<String> patterns, String separators) {
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("no patterns");
    }
    List<String> copy = List.copyOf(patterns);
    String seps = separators == null ? "" : separators;
    boolean noGlob = seps.isEmpty();
    for (String p : copy) {
      if (hasMeta(p)) {
        noGlob = false;
        break;
      }
    }
    if (noGlob) {
      return new GlobFilter(copy, Set.copyOf(copy), null);
    }
    String joined = copy.size() == 1 ? copy.get(0) : "{" + String.join(",", copy) + "}";
    try {
      return new GlobFilter(copy, null, Glob.compile(joined, seps));
    } catch (IllegalArgumentException e) {
      // report the offending list entry rather than the joined form when possible
      for (String p : copy) {
        Glob.compile(p, seps);
      }
      throw e;
    }
  }

  public static GlobFilter compile(List<String> patterns) {
    return compile(patterns, "");
  }

  static boolean hasMeta(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }

  public boolean matches(String s) {
    return exact != null ? exact.contains(s) : glob.matches(s);
  }

  public List<String> patterns() {
    return patterns;
  }

  @Override
  public String toString() {
    return patterns.toString();
  }
}
