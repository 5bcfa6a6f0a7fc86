package io.jagent.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricFilterTest {
  private static Metric metric(String name, Map<String, String> tags, String... fields) {
    Metric.Builder b = Metric.builder(name).time(1);
    tags.forEach(b::tag);
    for (String f : fields) {
      b.field(f, 1L);
    }
    return b.build();
  }

  private static final Metric CPU =
      metric("cpu", Map.of("cpu", "cpu0", "host", "a", "env", "prod"), "usage_idle", "usage_user");

  @Test
  void noneSelectsAndKeepsEverything() {
    assertTrue(MetricFilter.NONE.isEmpty());
    assertTrue(MetricFilter.NONE.selects(CPU));
    assertSame(CPU, MetricFilter.NONE.modify(CPU));
    assertTrue(MetricFilter.builder().namePass(List.of(), "").build().isEmpty());
  }

  @Test
  void namepassAndNamedrop() {
    MetricFilter pass = MetricFilter.builder().namePass(List.of("cp*", "mem"), "").build();
    assertTrue(pass.selects(CPU));
    assertTrue(pass.selects(metric("mem", Map.of(), "x")));
    assertFalse(pass.selects(metric("disk", Map.of(), "x")));

    MetricFilter drop = MetricFilter.builder().nameDrop(List.of("cpu"), "").build();
    assertFalse(drop.selects(CPU));
    assertTrue(drop.selects(metric("mem", Map.of(), "x")));

    MetricFilter both =
        MetricFilter.builder().namePass(List.of("c*"), "").nameDrop(List.of("cpu_*"), "").build();
    assertTrue(both.selects(CPU));
    assertFalse(both.selects(metric("cpu_x", Map.of(), "x")));
    assertFalse(both.selects(metric("mem", Map.of(), "x")));
  }

  @Test
  void namepassSeparator() {
    MetricFilter f = MetricFilter.builder().namePass(List.of("app.*"), ".").build();
    assertTrue(f.selects(metric("app.requests", Map.of(), "x")));
    assertFalse(f.selects(metric("app.requests.count", Map.of(), "x")));
  }

  @Test
  void tagpassIsAnOrOverKeysAndValues() {
    MetricFilter f =
        MetricFilter.builder()
            .tagPass("env", List.of("staging", "dev*"))
            .tagPass("cpu", List.of("cpu0"))
            .build();
    assertTrue(f.selects(CPU)); // env=prod does not match, but cpu=cpu0 does
    assertTrue(f.selects(metric("m", Map.of("env", "dev1"), "x")));
    assertFalse(f.selects(metric("m", Map.of("env", "prod"), "x")));
    assertFalse(f.selects(metric("m", Map.of(), "x"))); // absent keys do not count
  }

  @Test
  void tagdropDropsOnAnyMatch() {
    MetricFilter f = MetricFilter.builder().tagDrop("env", List.of("prod")).build();
    assertFalse(f.selects(CPU));
    assertTrue(f.selects(metric("m", Map.of("env", "dev"), "x")));
    assertTrue(f.selects(metric("m", Map.of(), "x")));

    MetricFilter both =
        MetricFilter.builder()
            .tagPass("host", List.of("*"))
            .tagDrop("env", List.of("prod"))
            .build();
    assertFalse(both.selects(CPU));
    assertTrue(both.selects(metric("m", Map.of("host", "b", "env", "dev"), "x")));
  }

  @Test
  void tagpassWithAnEmptyListSelectsNothing() {
    MetricFilter f = MetricFilter.builder().tagPass("env", List.of()).build();
    assertFalse(f.isEmpty());
    assertFalse(f.selects(CPU));
  }

  @Test
  void fieldIncludeAndExclude() {
    MetricFilter inc = MetricFilter.builder().fieldInclude(List.of("usage_i*")).build();
    Metric m = inc.modify(CPU);
    assertEquals(Set.of("usage_idle"), m.fields().keySet());
    assertEquals(CPU.tags(), m.tags());

    MetricFilter exc = MetricFilter.builder().fieldExclude(List.of("usage_idle")).build();
    assertEquals(Set.of("usage_user"), exc.modify(CPU).fields().keySet());

    MetricFilter both =
        MetricFilter.builder()
            .fieldInclude(List.of("usage_*"))
            .fieldExclude(List.of("*_user"))
            .build();
    assertEquals(Set.of("usage_idle"), both.modify(CPU).fields().keySet());
  }

  @Test
  void noFieldLeftDropsTheMetric() {
    MetricFilter f = MetricFilter.builder().fieldExclude(List.of("*")).build();
    assertNull(f.modify(CPU));
    assertNull(MetricFilter.NONE.modify(metric("empty", Map.of())));
  }

  @Test
  void tagIncludeAndExclude() {
    MetricFilter inc = MetricFilter.builder().tagInclude(List.of("cpu", "h*")).build();
    assertEquals(Set.of("cpu", "host"), inc.modify(CPU).tags().keySet());
    MetricFilter exc = MetricFilter.builder().tagExclude(List.of("host")).build();
    Metric m = exc.modify(CPU);
    assertEquals(Set.of("cpu", "env"), m.tags().keySet());
    assertEquals(CPU.fields(), m.fields());
    assertEquals(CPU.timeNanos(), m.timeNanos());
  }

  @Test
  void modifyReturnsTheSameInstanceWhenNothingChanges() {
    MetricFilter f =
        MetricFilter.builder()
            .fieldInclude(List.of("usage_*"))
            .tagExclude(List.of("nothere"))
            .build();
    assertSame(CPU, f.modify(CPU));
  }

  @Test
  void badPatternIsRejectedAtBuild() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MetricFilter.builder().namePass(List.of("cpu[", "x*"), ""));
    assertTrue(e.getMessage().contains("cpu["), e.getMessage());
  }
}
