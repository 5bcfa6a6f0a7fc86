package io.jagent.core.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Telegraf's environment-variable substitution (compose-go template rules with Telegraf's
 * overrides, reference agent.md §4.4), applied to one decoded string value.
 *
 * <ul>
 *   <li>{@code $$} → {@code $}; {@code $NAME} (longest run of name characters); {@code ${NAME}};
 *   <li>{@code ${NAME:-def}} / {@code ${NAME-def}}: default when unset-or-empty / unset;
 *   <li>{@code ${NAME:?msg}} / {@code ${NAME?msg}}: error when unset-or-empty / unset;
 *   <li>{@code ${NAME:+alt}} / {@code ${NAME+alt}}: {@code alt} when set-and-non-empty / set;
 *   <li>defaults, alternatives and messages are expanded themselves ({@code ${A:-${B}}});
 *   <li>an unset variable without a modifier is left verbatim; an invalid {@code ${...}} such as
 *       {@code ${1}} or {@code ${}} is left verbatim; a backslash does not escape {@code $}.
 * </ul>
 *
 * <p>Because the result is only ever used as a string value, a variable's content (quotes, {@code
 * #}, {@code ]}, newlines) can never change the structure of the config.
 */
public final class StrictEnvExpander implements EnvExpander {
  private final Map<String, String> env;
  private final Consumer<String> onUnsetKept;

  public StrictEnvExpander(Map<String, String> env) {
    this(env, name -> {});
  }

  /**
   * @param onUnsetKept told the name of every unset variable whose reference {@link #expand} leaves
   *     verbatim ({@code $NAME}, {@code ${NAME}}), so that the caller can warn about it
   */
  public StrictEnvExpander(Map<String, String> env, Consumer<String> onUnsetKept) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.onUnsetKept = Objects.requireNonNull(onUnsetKept, "onUnsetKept");
  }

  @Override
  public String expand(String raw) {
    if (raw.indexOf('$') < 0) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length() + 16);
    expandInto(raw, out, null);
    return out.toString();
  }

  @Override
  public List<String> unsetVariables(String raw) {
    if (raw.indexOf('$') < 0) {
      return List.of();
    }
    Set<String> unset = new LinkedHashSet<>();
    expandInto(raw, new StringBuilder(), unset);
    return List.copyOf(unset);
  }

  /**
   * Expands {@code s} into {@code out}. With {@code unset != null} this is a dry run collecting the
   * names of referenced variables that are not set (required-variable errors are not thrown).
   */
  private void expandInto(String s, StringBuilder out, Set<String> unset) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c != '$' || i + 1 >= n) {
        out.append(c);
        i++;
        continue;
      }
      char d = s.charAt(i + 1);
      if (d == '$') {
        out.append('$');
        i += 2;
      } else if (isNameStart(d)) {
        int j = i + 2;
        while (j < n && isNamePart(s.charAt(j))) {
          j++;
        }
        String name = s.substring(i + 1, j);
        String v = env.get(name);
        if (v != null) {
          out.append(v);
        } else {
          keptUnset(unset, name);
          out.append(s, i, j);
        }
        i = j;
      } else if (d == '{') {
        int close = closingBrace(s, i + 2);
        if (close < 0) { // unterminated: invalid template, kept verbatim
          out.append(s, i, n);
          return;
        }
        braced(s, i, close, out, unset);
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
  }

  /** Handles {@code ${...}} spanning {@code s[start..close]}. */
  private void braced(String s, int start, int close, StringBuilder out, Set<String> unset) {
    int nameStart = start + 2;
    int j = nameStart;
    if (j < close && isNameStart(s.charAt(j))) {
      j++;
      while (j < close && isNamePart(s.charAt(j))) {
        j++;
      }
    }
    if (j == nameStart) { // ${}, ${1}, ${-x}: invalid template, kept verbatim
      out.append(s, start, close + 1);
      return;
    }
    String name = s.substring(nameStart, j);
    String value = env.get(name);
    if (j == close) { // ${NAME}
      if (value != null) {
        out.append(value);
      } else {
        keptUnset(unset, name);
        out.append(s, start, close + 1);
      }
      return;
    }
    boolean colon = s.charAt(j) == ':';
    int op = colon ? j + 1 : j;
    if (op >= close) { // ${NAME:}
      out.append(s, start, close + 1);
      return;
    }
    char kind = s.charAt(op);
    String arg = s.substring(op + 1, close);
    boolean set = value != null;
    boolean nonEmpty = set && !value.isEmpty();
    boolean present = colon ? nonEmpty : set;
    if (!set) {
      noteUnset(unset, name);
    }
    switch (kind) {
      case '-' -> {
        if (present) {
          out.append(value);
        } else {
          expandInto(arg, out, unset);
        }
      }
      case '?' -> {
        if (present) {
          out.append(value);
        } else if (unset == null) {
          StringBuilder msg = new StringBuilder();
          expandInto(arg, msg, null);
          throw new IllegalArgumentException(
              "required variable "
                  + name
                  + " is missing a value"
                  + (msg.length() > 0 ? ": " + msg : ""));
        }
      }
      case '+' -> {
        if (present) {
          expandInto(arg, out, unset);
        } else if (set) {
          out.append(value); // ${NAME:+alt} with NAME empty: the (empty) value
        }
      }
      default -> out.append(s, start, close + 1); // unknown modifier: invalid template
    }
  }

  /** Index of the {@code }} closing the brace opened just before {@code from}, or -1. */
  private static int closingBrace(String s, int from) {
    int depth = 1;
    for (int k = from; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return k;
        }
      }
    }
    return -1;
  }

  private void keptUnset(Set<String> unset, String name) {
    if (unset != null) {
      unset.add(name);
    } else {
      onUnsetKept.accept(name);
    }
  }

  private static void noteUnset(Set<String> unset, String name) {
    if (unset != null) {
      unset.add(name);
    }
  }

  static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
