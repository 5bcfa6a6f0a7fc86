package io.jagent.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/agent} binds the statsd UDP port first thing at process start (issue 8): datagrams
 * sent as soon as the port exists, while the agent is still loading its config and starting Netty,
 * wait in the socket and are counted once the input starts.
 */
class EarlyBindIT {
  @TempDir Path dir;

  /** Whether 127.0.0.1:port has a UDP socket (as the footprint script polls it). */
  private static boolean bound(int port) throws Exception {
    String hex = String.format(Locale.ROOT, ":%04X ", port);
    for (String f : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
      for (String l : Files.readAllLines(Path.of(f))) {
        if (l.contains(hex)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void datagramsSentBeforeTheInputStartedAreCounted() throws Exception {
    int port = AgentProcess.freeUdpPort();
    Path out = dir.resolve("metrics.out");
    Path conf = dir.resolve("agent.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "[agent]",
            "  interval = \"1s\"",
            "  flush_interval = \"1s\"",
            "  omit_hostname = true",
            "[[inputs.statsd]]",
            "  service_address = \"127.0.0.1:" + port + "\"",
            "  delete_counters = true",
            "[[outputs.file]]",
            "  files = [\"" + out + "\"]",
            ""));
    try (AgentProcess a = AgentProcess.start(dir, Map.of(), "--config", conf.toString());
        DatagramSocket client = new DatagramSocket()) {
      assertTrue(AgentProcess.await(() -> bound(port), Duration.ofSeconds(60)), a.stderr());
      boolean inputStarted = a.stderr().contains("UDP listening");
      byte[] b = "earlyhits:1|c".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 100; i++) {
        client.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
      }
      assertFalse(inputStarted, "sent before the statsd input started");
      assertTrue(a.awaitLog(s -> s.contains("UDP listening"), Duration.ofSeconds(30)), a.stderr());
      assertTrue(a.stderr().contains("bound at process start"), a.stderr());
      Pattern p = Pattern.compile("earlyhits,metric_type=counter value=(\\d+)i? ");
      assertTrue(
          AgentProcess.await(() -> sum(p, out) >= 100, Duration.ofSeconds(30)),
          "counted " + (Files.exists(out) ? Files.readString(out) : "nothing") + a.stderr());
      a.signal("TERM");
      assertEquals(0, a.waitFor(Duration.ofSeconds(30)), a.stderr());
      assertEquals(100, sum(p, out), "each counted once");
      assertFalse(bound(port), "closed at exit");
    }
  }

  private static long sum(Pattern p, Path out) throws Exception {
    if (!Files.exists(out)) {
      return 0;
    }
    long s = 0;
    Matcher m = p.matcher(Files.readString(out));
    while (m.find()) {
      s += Long.parseLong(m.group(1));
    }
    return s;
  }
}
