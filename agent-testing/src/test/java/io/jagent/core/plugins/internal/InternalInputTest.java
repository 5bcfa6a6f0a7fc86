package io.jagent.core.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.runtime.SelfStatsRegistry;
import io.jagent.core.runtime.Version;
import io.jagent.spi.InputFactory;
import io.jagent.spi.Metric;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestAccumulator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class InternalInputTest {
  private final SelfStatsRegistry reg = new SelfStatsRegistry();

  private void twoStatsdOutputs() {
    reg.register("agent", "metrics_gathered", Map.of()).incr(5);
    reg.register("write", "metrics_written", Map.of("output", "influxdb", "_id", "1")).incr(3);
    reg.register("write", "buffer_limit", Map.of("output", "influxdb", "_id", "1")).set(100);
    reg.register("write", "metrics_written", Map.of("output", "influxdb", "_id", "2")).incr(4);
    reg.register("write", "buffer_limit", Map.of("output", "influxdb", "_id", "2")).set(100);
    reg.register("statsd", "udp_packets_received", Map.of("address", ":8125")).incr(9);
  }

  private static Metric named(List<Metric> ms, String name) {
    return ms.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void instancesOfOnePluginAreSummedByDefault() throws Exception {
    twoStatsdOutputs();
    TestAccumulator acc = new TestAccumulator();
    new InternalInput(new InternalConfig(false, false, false), reg).gather(acc);
    List<Metric> ms = acc.metrics();
    assertEquals(3, ms.size());
    Metric w = named(ms, "internal_write");
    assertEquals(7L, w.field("metrics_written"));
    assertEquals(200L, w.field("buffer_limit"), "Telegraf sums buffer_limit too");
    assertEquals(Map.of("output", "influxdb", "version", Version.get()), w.tags());
    Metric agent = named(ms, "internal_agent");
    assertEquals(5L, agent.field("metrics_gathered"));
    assertEquals(Map.of("version", Version.get()), agent.tags());
    assertEquals(9L, named(ms, "internal_statsd").field("udp_packets_received"));
  }

  @Test
  void perInstanceKeepsTheIdTag() throws Exception {
    twoStatsdOutputs();
    TestAccumulator acc = new TestAccumulator();
    new InternalInput(new InternalConfig(false, false, true), reg).gather(acc);
    List<Metric> writes = acc.named("internal_write");
    assertEquals(2, writes.size());
    assertEquals("1", writes.get(0).tag("_id"));
    assertEquals(3L, writes.get(0).field("metrics_written"));
  }

  @Test
  void memstatsAreJvmEquivalents() throws Exception {
    TestAccumulator acc = new TestAccumulator();
    new InternalInput(InternalConfig.defaults(), reg).gather(acc);
    Metric mem = named(acc.metrics(), "internal_memstats");
    assertTrue((Long) mem.field("heap_alloc_bytes") > 0);
    assertNotNull(mem.field("num_gc"));
    assertNotNull(mem.field("sys_bytes"));
    assertEquals(Version.get(), mem.tag("version"));
  }

  @Test
  void timingStatsReportTheAverageSinceTheLastCollection() throws Exception {
    SelfStatsRegistry.Timing t =
        reg.registerTiming("gather", "gather_time_ns", Map.of("input", "cpu"));
    t.record(100);
    t.record(300);
    TestAccumulator acc = new TestAccumulator();
    InternalInput in = new InternalInput(new InternalConfig(false, false, false), reg);
    in.gather(acc);
    assertEquals(200L, named(acc.metrics(), "internal_gather").field("gather_time_ns"));
    acc.clear();
    in.gather(acc); // nothing recorded meanwhile: previous value
    assertEquals(200L, named(acc.metrics(), "internal_gather").field("gather_time_ns"));
  }

  @Test
  void sampleConfigParsesToTheDefaults() {
    InternalInputFactory f = new InternalInputFactory();
    assertTrue(f.sampleConfig().contains("[[inputs.internal]]"));
    String body = f.sampleConfig().replace("[[inputs.internal]]", "");
    assertEquals(InternalConfig.defaults(), PluginConfigs.parse(f, body));
    assertEquals(
        new InternalConfig(false, false, true),
        PluginConfigs.parse(f, "collect_memstats = false\nper_instance = true\n"));
  }

  @Test
  void unknownOptionsAreRejected() {
    assertEquals(
        1, PluginConfigs.problems(new InternalInputFactory(), "per_instanse = true").size());
  }

  @Test
  void isFoundThroughServiceLoader() {
    boolean found = false;
    for (InputFactory<?> f : ServiceLoader.load(InputFactory.class)) {
      found |= f.name().equals("internal");
    }
    assertTrue(found);
  }
}
