package io.jagent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictEnvExpanderTest {
  private static final Map<String, String> ENV =
      Map.of(
          "HOST", "web1",
          "EMPTY", "",
          "VAR", "v",
          "VARbase", "long",
          "QUOTE", "a\"b",
          "HASH", "x # not a comment",
          "NL", "line1\nline2",
          "DOLLAR", "p$ss$HOST",
          "B", "bee");

  private final StrictEnvExpander env = new StrictEnvExpander(ENV);

  // Telegraf's substitution table (reference agent.md §4.4); '|' stands for nothing special
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "$$ | $",
        "$$VAR | $VAR",
        "$${VAR} | ${VAR}",
        "$VAR | v",
        "$VARbase | long",
        "${VAR}base | vbase",
        "${HOST} | web1",
        "x-$HOST-y | x-web1-y",
        "${EMPTY} | ``",
        "$EMPTY | ``",
        "${NOT_SET} | ${NOT_SET}",
        "$NOT_SET | $NOT_SET",
        "${NOT_SET:-def} | def",
        "${EMPTY:-def} | def",
        "${VAR:-def} | v",
        "${NOT_SET-def} | def",
        "${EMPTY-def} | ``",
        "${VAR-def} | v",
        "${VAR:+alt} | alt",
        "${EMPTY:+alt} | ``",
        "${NOT_SET:+alt} | ``",
        "${EMPTY+alt} | alt",
        "${NOT_SET+alt} | ``",
        "${NOT_SET:-${B}} | bee",
        "${NOT_SET:-${ALSO_NOT:-deep}} | deep",
        "${NOT_SET:-${ALSO_NOT}} | ${ALSO_NOT}",
        "${NOT_SET:-#$\\\"} | #$\\\"",
        "${NOT_SET:-a{b}c} | a{b}c",
        "${1} | ${1}",
        "${} | ${}",
        "${VAR | ${VAR",
        "$1 | $1",
        "a $ b | a $ b",
        "end$ | end$",
        "\\$VAR | \\v",
        "\\${VAR} | \\v",
        "${VAR:x} | ${VAR:x}",
        "${HOST}${VAR} | web1v",
        "${DOLLAR} | p$ss$HOST",
      })
  void substitutesLikeTelegraf(String raw, String expected) {
    assertEquals(expected, env.expand(raw));
  }

  @Test
  void valuesAreInsertedLiterally() {
    assertEquals("a\"b", env.expand("$QUOTE"));
    assertEquals("[x # not a comment]", env.expand("[${HASH}]"));
    assertEquals("line1\nline2", env.expand("${NL}"));
    // a value holding '$' is not expanded again
    assertEquals("p$ss$HOST", env.expand("$DOLLAR"));
  }

  @Test
  void requiredVariableFailsNamingItButNeverTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> env.expand("${NOT_SET:?set it}"));
    assertEquals("required variable NOT_SET is missing a value: set it", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> env.expand("${EMPTY:?need}"));
    assertEquals("required variable EMPTY is missing a value: need", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> env.expand("${NOT_SET?}"));
    assertEquals("required variable NOT_SET is missing a value", e.getMessage());
    // set-but-empty passes the non-colon form
    assertEquals("", env.expand("${EMPTY?need}"));
    assertEquals("web1", env.expand("${HOST:?need}"));
    StrictEnvExpander secret = new StrictEnvExpander(Map.of("PW", "hunter2", "E", ""));
    e = assertThrows(IllegalArgumentException.class, () -> secret.expand("$PW${E:?no}"));
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void listsUnsetVariables() {
    assertEquals(List.of("INTERVAL"), env.unsetVariables("$INTERVAL"));
    assertEquals(List.of("A", "C"), env.unsetVariables("${A}-$HOST-${C:-x}-$$D-${HOST:-${NOPE}}"));
    assertEquals(List.of(), env.unsetVariables("plain"));
    // a dry run does not throw for a required variable
    assertEquals(List.of("R"), env.unsetVariables("${R:?msg}"));
  }

  @Test
  void reportsUnsetReferencesKeptVerbatim() {
    List<String> kept = new ArrayList<>();
    StrictEnvExpander e = new StrictEnvExpander(ENV, kept::add);
    e.expand("$X ${Y} ${Z:-default} $HOST");
    assertEquals(List.of("X", "Y"), kept);
  }

  @Test
  void stringWithoutDollarIsReturnedAsIs() {
    String s = "no variables here";
    assertTrue(s == env.expand(s));
  }
}
