package io.jagent.core.runtime;

import static io.jagent.core.runtime.TestConfigs.config;
import static io.jagent.core.runtime.TestConfigs.input;
import static io.jagent.core.runtime.TestConfigs.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.AgentConfig;
import io.jagent.core.runtime.TestConfigs.ScriptedInput;
import io.jagent.testing.CapturingOutput;
import io.jagent.testing.ManualClock;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Real POSIX signals raised in this JVM reach the runner: HUP reloads, TERM stops with 0. */
@DisabledOnOs(OS.WINDOWS)
class SignalsTest {
  private static void raise(String name) throws Exception {
    Class<?> signal = Class.forName("sun.misc.Signal");
    Method raise = signal.getMethod("raise", signal);
    raise.invoke(null, signal.getConstructor(String.class).newInstance(name));
  }

  @Test
  void hupReloadsAndTermStopsInOrder() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch loaded = new CountDownLatch(2);
    ScriptedInput in = new ScriptedInput(acc -> acc.addGauge("g", Map.of("v", 1L), Map.of()));
    CapturingOutput out = new CapturingOutput();
    AgentConfig cfg = config(List.of(input("g", in)), List.of(output("o", out)));
    AgentRunner r =
        new AgentRunner(
            () -> {
              loads.incrementAndGet();
              loaded.countDown();
              return cfg;
            },
            new ManualClock(),
            AgentOptions.defaults().withStopDeadline(Duration.ofSeconds(5)),
            true);
    AtomicInteger code = new AtomicInteger(-1);
    Thread t = new Thread(() -> code.set(r.run()), "runner-under-test");
    t.start();
    assertTrue(r.awaitRunning(20, TimeUnit.SECONDS));
    raise("HUP");
    // handlers run on their own threads: let the reload begin before TERM is queued
    assertTrue(loaded.await(20, TimeUnit.SECONDS));
    raise("TERM");
    t.join(20_000);
    assertFalse(t.isAlive(), "run() did not return");
    assertEquals(0, code.get());
    assertEquals(2, loads.get(), "reloaded once");
    assertEquals(2, in.gathers.get(), "final gather at the reload and at the stop");
    assertEquals(2, out.closeCount());
  }

  @Test
  void termDuringStartUpIsAnOrderlyStopOnceStarted() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ScriptedInput in = new ScriptedInput(acc -> acc.addGauge("g", Map.of("v", 1L), Map.of()));
    CapturingOutput out = new CapturingOutput();
    AgentConfig cfg = config(List.of(input("g", in)), List.of(output("o", out)));
    AgentRunner r =
        new AgentRunner(
            () -> {
              loading.countDown();
              try {
                release.await(20, TimeUnit.SECONDS); // a slow start: TERM arrives meanwhile
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return cfg;
            },
            new ManualClock(),
            AgentOptions.defaults().withStopDeadline(Duration.ofSeconds(5)),
            true);
    AtomicInteger code = new AtomicInteger(-1);
    Thread t = new Thread(() -> code.set(r.run()), "runner-under-test");
    t.start();
    assertTrue(loading.await(20, TimeUnit.SECONDS));
    raise("TERM"); // the JVM's default handler would exit 143 here
    Thread.sleep(100); // let the handler thread queue the stop
    release.countDown();
    t.join(20_000);
    assertFalse(t.isAlive(), "run() did not return");
    assertEquals(0, code.get());
    assertEquals(1, in.gathers.get(), "the final gather of the orderly stop");
    assertEquals(1, out.closeCount());
  }
}
