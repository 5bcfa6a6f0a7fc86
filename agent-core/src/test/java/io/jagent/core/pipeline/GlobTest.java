package io.jagent.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "cpu | cpu | true",
        "cpu | cpu0 | false",
        "cpu | xcpu | false",
        "cpu* | cpu | true",
        "cpu* | cpu_usage | true",
        "*cpu | mycpu | true",
        "*cpu* | a.cpu.b | true",
        "c*u | cpu | true",
        "c*u | cu | true",
        "c*u | cpux | false",
        "*a*a*b | aaaaaaaab | true",
        "*a*a*b | aaaaaaaa | false",
        "cpu? | cpu0 | true",
        "cpu? | cpu | false",
        "cpu? | cpu10 | false",
        "cpu[0-3] | cpu2 | true",
        "cpu[0-3] | cpu4 | false",
        "cpu[!0-3] | cpu4 | true",
        "cpu[!0-3] | cpu2 | false",
        "cpu[abc] | cpub | true",
        "cpu[abc] | cpud | false",
        "cpu[!abc] | cpud | true",
        "cpu[a-c0-9_] | cpu_ | true",
        "{cpu,mem} | mem | true",
        "{cpu,mem} | disk | false",
        "{cpu,mem}_* | cpu_x | true",
        "{cpu,m{e,i}m} | mim | true",
        "{cpu,} | `` | true",
        "\\* | * | true",
        "\\* | x | false",
        "a\\?b | a?b | true",
        "a\\?b | axb | false",
        "** | a.b.c | true",
        "`` | `` | true",
        "`` | a | false",
        "a,b | a,b | true",
        "x} | x} | true",
      })
  void matchesLikeGobwas(String pattern, String input, boolean expected) {
    assertEquals(expected, Glob.compile(pattern).matches(input));
  }

  @Test
  void separatorsStopSingleStarButNotDoubleStar() {
    Glob single = Glob.compile("cpu.*", ".");
    assertTrue(single.matches("cpu.usage"));
    assertFalse(single.matches("cpu.usage.idle"));
    Glob dbl = Glob.compile("cpu.**", ".");
    assertTrue(dbl.matches("cpu.usage.idle"));
    Glob q = Glob.compile("a?b", ".");
    assertTrue(q.matches("axb"));
    assertFalse(q.matches("a.b"));
    Glob mid = Glob.compile("*.*.idle", ".");
    assertTrue(mid.matches("cpu.usage.idle"));
    assertFalse(mid.matches("cpu.usage.x.idle"));
  }

  @Test
  void syntaxErrorsNameThePattern() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("cpu[0-3"));
    assertTrue(e.getMessage().contains("\"cpu[0-3\""), e.getMessage());
    assertTrue(e.getMessage().contains("unclosed '['"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Glob.compile("{cpu,mem"));
    assertTrue(e.getMessage().contains("unclosed '{'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Glob.compile("a\\"));
    assertThrows(IllegalArgumentException.class, () -> Glob.compile("[]"));
    assertThrows(IllegalArgumentException.class, () -> Glob.compile("[z-a]"));
  }

  @Test
  void listWithoutWildcardsIsComparedByEquality() {
    // the quirk: a lone {cpu,mem} is a literal when no pattern has * ? or [
    GlobFilter literal = GlobFilter.compile(List.of("{cpu,mem}"));
    assertTrue(literal.matches("{cpu,mem}"));
    assertFalse(literal.matches("cpu"));
    // ... and an alternative as soon as another pattern has a wildcard
    GlobFilter glob = GlobFilter.compile(List.of("{cpu,mem}", "disk*"));
    assertTrue(glob.matches("cpu"));
    assertTrue(glob.matches("diskio"));
    assertFalse(glob.matches("{cpu,mem}"));
    // equality list
    GlobFilter eq = GlobFilter.compile(List.of("cpu", "mem"));
    assertTrue(eq.matches("mem"));
    assertFalse(eq.matches("me"));
    // separators force glob mode
    GlobFilter sep = GlobFilter.compile(List.of("{a,b}"), ".");
    assertTrue(sep.matches("a"));
  }

  @Test
  void filterReportsTheBadEntry() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> GlobFilter.compile(List.of("ok*", "bad[")));
    assertTrue(e.getMessage().contains("\"bad[\""), e.getMessage());
  }
}
