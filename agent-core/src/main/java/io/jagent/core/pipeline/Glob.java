package io.jagent.core.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled glob with the syntax of gobwas/glob as Telegraf uses it (reference agent.md §9.2):
 * {@code *} any sequence not containing a separator, {@code **} any sequence, {@code ?} one
 * character that is not a separator, {@code [abc]}, {@code [a-z]}, {@code [!abc]} character
 * classes, {@code {a,b}} alternatives (nestable), {@code \} escapes the next character. Matching is
 * anchored (the whole string).
 *
 * <p>Compiled once; {@link #matches} does not allocate. Alternatives are expanded at compile time
 * into plain sequences. Characters are UTF-16 units ({@code ?} matches one BMP character).
 *
 * <p>Deliberate superset of gobwas: a class may mix several ranges and characters ({@code
 * [a-z0-9_]}), which gobwas rejects.
 */
public final class Glob {
  private static final int MAX_ALTERNATIVES = 4096;

  static final byte CHAR = 0;
  static final byte ANY = 1; // ?
  static final byte CLASS = 2;
  static final byte STAR = 3; // * (stops at separators)
  static final byte SUPER = 4; // ** (any sequence)

  private final String pattern;
  private final String separators;
  private final Tok[][] alternatives;
  private final boolean simple; // no separators: * and ** are the same, greedy matching works

  private Glob(String pattern, String separators, Tok[][] alternatives) {
    this.pattern = pattern;
    this.separators = separators;
    this.alternatives = alternatives;
    this.simple = separators.isEmpty();
  }

  /**
   * Compiles {@code pattern}; {@code separators} are the characters {@code *} and {@code ?} do not
   * match ({@code ""} for none).
   *
   * @throws IllegalArgumentException for a syntax error (unclosed {@code [} or {@code {}, ...)
   */
  public static Glob compile(String pattern, String separators) {
    Parser p = new Parser(pattern);
    List<List<Tok>> alts = p.sequence(false);
    if (p.pos < pattern.length()) { // a stray ',' or '}' at top level cannot happen: they are text
      throw p.error("unexpected '" + pattern.charAt(p.pos) + "'");
    }
    Tok[][] arr = new Tok[alts.size()][];
    for (int i = 0; i < arr.length; i++) {
      arr[i] = alts.get(i).toArray(new Tok[0]);
    }
    return new Glob(pattern, separators == null ? "" : separators, arr);
  }

  public static Glob compile(String pattern) {
    return compile(pattern, "");
  }

  public String pattern() {
    return pattern;
  }

  /** True when the whole of {@code s} matches. */
  public boolean matches(String s) {
    for (Tok[] alt : alternatives) {
      if (simple ? matchGreedy(alt, s) : matchBacktrack(alt, 0, s, 0)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return pattern;
  }

  /** Classic two-pointer wildcard matching; correct when every star matches any sequence. */
  private static boolean matchGreedy(Tok[] p, String s) {
    int n = s.length();
    int pi = 0;
    int si = 0;
    int starP = -1;
    int starS = -1;
    while (si < n) {
      if (pi < p.length && p[pi].kind < STAR && p[pi].matchesChar(s.charAt(si), "")) {
        pi++;
        si++;
      } else if (pi < p.length && p[pi].kind >= STAR) {
        starP = pi++;
        starS = si;
      } else if (starP >= 0) {
        pi = starP + 1;
        si = ++starS;
      } else {
        return false;
      }
    }
    while (pi < p.length && p[pi].kind >= STAR) {
      pi++;
    }
    return pi == p.length;
  }

  private boolean matchBacktrack(Tok[] p, int pi, String s, int si) {
    int n = s.length();
    while (pi < p.length) {
      Tok t = p[pi];
      if (t.kind >= STAR) {
        boolean superStar = t.kind == SUPER;
        while (pi + 1 < p.length && p[pi + 1].kind >= STAR) {
          pi++;
          superStar |= p[pi].kind == SUPER;
        }
        for (int k = si; k <= n; k++) {
          if (matchBacktrack(p, pi + 1, s, k)) {
            return true;
          }
          if (k < n && !superStar && separators.indexOf(s.charAt(k)) >= 0) {
            return false;
          }
        }
        return false;
      }
      if (si >= n || !t.matchesChar(s.charAt(si), separators)) {
        return false;
      }
      pi++;
      si++;
    }
    return si == n;
  }

  /** One element of a flattened pattern. */
  static final class Tok {
    final byte kind;
    final char c;
    final char[] ranges; // lo, hi pairs (single chars as c, c)
    final boolean negated;

    Tok(byte kind, char c, char[] ranges, boolean negated) {
      this.kind = kind;
      this.c = c;
      this.ranges = ranges;
      this.negated = negated;
    }

    boolean matchesChar(char x, String separators) {
      switch (kind) {
        case CHAR:
          return x == c;
        case ANY:
          return separators.indexOf(x) < 0;
        case CLASS:
          boolean in = false;
          for (int i = 0; i < ranges.length; i += 2) {
            if (x >= ranges[i] && x <= ranges[i + 1]) {
              in = true;
              break;
            }
          }
          return in != negated;
        default:
          return false;
      }
    }
  }

  private static final class Parser {
    final String src;
    int pos;

    Parser(String src) {
      this.src = src;
    }

    IllegalArgumentException error(String msg) {
      return new IllegalArgumentException(
          "invalid glob pattern \"" + src + "\": " + msg + " at position " + pos);
    }

    /** A sequence up to the end, or (inside braces) up to an unescaped ',' or '}'. */
    List<List<Tok>> sequence(boolean inTerms) {
      List<List<Tok>> acc = new ArrayList<>();
      acc.add(new ArrayList<>());
      while (pos < src.length()) {
        char ch = src.charAt(pos);
        if (inTerms && (ch == ',' || ch == '}')) {
          return acc;
        }
        switch (ch) {
          case '\\' -> {
            if (pos + 1 >= src.length()) {
              throw error("trailing backslash");
            }
            append(acc, new Tok(CHAR, src.charAt(pos + 1), null, false));
            pos += 2;
          }
          case '*' -> {
            int start = pos;
            while (pos < src.length() && src.charAt(pos) == '*') {
              pos++;
            }
            append(acc, new Tok(pos - start >= 2 ? SUPER : STAR, '*', null, false));
          }
          case '?' -> {
            append(acc, new Tok(ANY, '?', null, false));
            pos++;
          }
          case '[' -> append(acc, charClass());
          case '{' -> {
            pos++;
            List<List<Tok>> terms = new ArrayList<>();
            while (true) {
              terms.addAll(sequence(true));
              if (pos >= src.length()) {
                throw error("unclosed '{'");
              }
              char t = src.charAt(pos++);
              if (t == '}') {
                break;
              }
            }
            acc = product(acc, terms);
          }
          default -> {
            append(acc, new Tok(CHAR, ch, null, false));
            pos++;
          }
        }
      }
      if (inTerms) {
        throw error("unclosed '{'");
      }
      return acc;
    }

    private Tok charClass() {
      int open = pos;
      pos++; // '['
      boolean negated = false;
      if (pos < src.length() && src.charAt(pos) == '!') {
        negated = true;
        pos++;
      }
      StringBuilder ranges = new StringBuilder();
      boolean closed = false;
      while (pos < src.length()) {
        char ch = src.charAt(pos);
        if (ch == ']') {
          pos++;
          closed = true;
          break;
        }
        if (ch == '\\') {
          if (pos + 1 >= src.length()) {
            break;
          }
          ch = src.charAt(++pos);
        }
        pos++;
        if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
          char hi = src.charAt(pos + 1);
          pos += 2;
          if (hi < ch) {
            pos = open;
            throw error("range [" + ch + "-" + hi + "] is reversed");
          }
          ranges.append(ch).append(hi);
        } else {
          ranges.append(ch).append(ch);
        }
      }
      if (!closed) {
        pos = open;
        throw error("unclosed '['");
      }
      if (ranges.length() == 0) {
        pos = open;
        throw error("empty character class");
      }
      return new Tok(CLASS, '[', ranges.toString().toCharArray(), negated);
    }

    private static void append(List<List<Tok>> acc, Tok t) {
      for (List<Tok> a : acc) {
        a.add(t);
      }
    }

    private List<List<Tok>> product(List<List<Tok>> left, List<List<Tok>> right) {
      if ((long) left.size() * right.size() > MAX_ALTERNATIVES) {
        throw error("too many alternatives");
      }
      List<List<Tok>> out = new ArrayList<>(left.size() * right.size());
      for (List<Tok> l : left) {
        for (List<Tok> r : right) {
          List<Tok> x = new ArrayList<>(l.size() + r.size());
          x.addAll(l);
          x.addAll(r);
          out.add(x);
        }
      }
      return out;
    }
  }
}
