package io.jagent.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.distribution.AgentProcess;
import io.jagent.spi.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 point 8: SIGHUP with a changed config (an input added, an output option changed) while
 * statsd traffic flows. No datagram is lost: the old agent parks its bound UDP socket (reading
 * paused, datagrams wait in the kernel's receive buffer) while it gathers and flushes its last
 * interval, and the new agent's statsd input takes the same socket over. Every datagram sent is in
 * the output exactly once.
 */
class ReloadIT {
  @TempDir Path dir;

  @Test
  void sighupUnderTrafficLosesNoDatagram() throws Exception {
    int port = AgentProcess.freeUdpPort();
    Path out = dir.resolve("out.lp");
    Path extra = E2e.write(dir, "extra.lp", "reload_extra value=1i\n");
    String v1 =
        """
        [agent]
          interval = "1s"
          flush_interval = "1s"
          omit_hostname = true
        [[inputs.statsd]]
          service_address = "127.0.0.1:%d"
        [[inputs.internal]]
          collect_memstats = false
        [[outputs.file]]
          files = ["%s"]
          namepass = ["reload_*", "internal_statsd"]
        """
            .formatted(port, out);
    String v2 =
        v1.replace("namepass", "influx_sort_fields = true\n  namepass")
            + """
            [[inputs.file]]
              files = ["%s"]
              data_format = "influx"
            """
                .formatted(extra);
    Path conf = E2e.write(dir, "reload.conf", v1);
    try (AgentProcess a = AgentProcess.start(dir, Map.of(), "--config", conf.toString())) {
      E2e.awaitListening(a, "UDP listening on");
      AtomicBoolean run = new AtomicBoolean(true);
      AtomicLong sent = new AtomicLong();
      Thread sender =
          new Thread(
              () -> {
                try (E2e.UdpSender s = new E2e.UdpSender(port)) {
                  long t0 = System.nanoTime();
                  for (int i = 0; run.get() && i < 30_000; i++) {
                    E2e.sleepUntil(t0, i * 1_000_000L); // 1000 datagrams/s
                    s.send("reload.hits:1|c");
                    sent.incrementAndGet();
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              "reload-sender");
      sender.setDaemon(true);
      sender.start();
      Thread.sleep(3000);
      Files.writeString(conf, v2);
      long hupAt = System.nanoTime();
      a.signal("HUP");
      assertTrue(
          a.awaitLog(s -> s.contains("Took over the UDP listener"), Duration.ofSeconds(30)),
          "the new agent did not take the listener over:\n" + a.stderr());
      long relistenMs = (System.nanoTime() - hupAt) / 1_000_000;
      Thread.sleep(3000);
      run.set(false);
      sender.join(5000);
      // let the listener read the last datagrams, then stop: the final gather and flush write
      // every aggregate and the last internal_statsd of the agent to the file
      Thread.sleep(1500);
      a.signal("TERM");
      assertEquals(0, a.waitFor(Duration.ofSeconds(40)), a.stderr());
      long received = receivedAcrossInstances(out);
      long counted = sum(out, "reload_hits");
      long socketDrops = maxField(out, "internal_statsd", "udp_socket_drops");
      boolean extraSeen = E2e.metrics(out).stream().anyMatch(m -> m.name().equals("reload_extra"));
      String report =
          "sent %d datagrams, the listener (old and new agent) received %d, output counted %d;"
                  .formatted(sent.get(), received, counted)
              + " not received: %d (kernel drops on the socket: %d); SIGHUP to the listener taken"
                  .formatted(sent.get() - received, socketDrops)
              + " over: %d ms".formatted(relistenMs);
      System.out.println("[e2e reload] " + report);
      assertTrue(a.stderr().contains("Reloading agent config"), a.stderr());
      assertTrue(extraSeen, "the added input did not run after the reload");
      assertEquals(received, counted, "metrics the listener received were lost: " + report);
      assertEquals(sent.get(), received, "datagrams were lost across the reload: " + report);
      assertEquals(
          1,
          a.stderr().split("UDP listening on", -1).length - 1,
          "the socket was bound once, not again at the reload");
      assertFalse(a.stderr().contains("\tat "), a.stderr());
    }
  }

  private static long maxField(Path out, String name, String field) throws Exception {
    long max = 0;
    for (Metric m : E2e.metrics(out)) {
      if (m.name().equals(name) && m.field(field) != null) {
        max = Math.max(max, E2e.longField(m, field));
      }
    }
    return max;
  }

  private static long sum(Path out, String name) throws Exception {
    long n = 0;
    for (Metric m : E2e.metrics(out)) {
      if (m.name().equals(name)) {
        n += E2e.longField(m, "value");
      }
    }
    return n;
  }

  /** udp_packets_received summed over agent instances (each reload starts it again from 0). */
  static long receivedAcrossInstances(Path out) throws Exception {
    List<Metric> ms = E2e.metrics(out);
    long total = 0;
    long prev = 0;
    for (Metric m : ms) {
      if (m.name().equals("internal_statsd")) {
        long v = E2e.longField(m, "udp_packets_received");
        if (v < prev) {
          total += prev;
        }
        prev = v;
      }
    }
    return total + prev;
  }
}
