package io.jagent.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.distribution.AgentProcess;
import io.jagent.spi.Metric;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 point 5: statsd over UDP offered as fast as one sender thread can for 30 s, then at a
 * sustainable rate. Every datagram sent is either received by the agent (internal_statsd
 * udp_packets_received) or dropped by the kernel (/proc/net/udp drops of the agent's socket),
 * exactly; every received line is in the counter; RSS stays bounded; the slow phase loses nothing.
 */
class FloodIT {
  static final int FLOOD_SECONDS = Integer.getInteger("e2e.floodSeconds", 30);
  static final int LINES_PER_DATAGRAM = 20;

  /** Peak RSS allowed under the flood: the launcher's heap is capped at 48 MiB. */
  static final long RSS_LIMIT_KIB = 128 * 1024;

  @TempDir Path dir;

  @Test
  void floodIsCountedRssStaysBoundedAndASustainableRateLosesNothingAfterwards() throws Exception {
    int port = AgentProcess.freeUdpPort();
    Path out = dir.resolve("out.lp");
    Path conf =
        E2e.write(
            dir,
            "flood.conf",
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
              namepass = ["flood_hits", "steady_hits", "internal_statsd"]
            """
                .formatted(port, out));
    try (AgentProcess a = AgentProcess.start(dir, Map.of(), "--config", conf.toString())) {
      E2e.awaitListening(a, "UDP listening on");
      long pid = a.process.pid();
      long idleRss = E2e.procStatusKb(pid, "VmRSS");

      // ---- phase 1: flood
      byte[] datagram =
          "flood.hits:1|c\n".repeat(LINES_PER_DATAGRAM).getBytes(StandardCharsets.UTF_8);
      long floodSent = 0;
      long peakRss = 0;
      InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      long t0 = System.nanoTime();
      long end = t0 + TimeUnit.SECONDS.toNanos(FLOOD_SECONDS);
      long nextSample = t0;
      try (DatagramChannel ch = DatagramChannel.open()) {
        ByteBuffer buf = ByteBuffer.wrap(datagram);
        while (true) {
          long now = System.nanoTime();
          if (now >= end) {
            break;
          }
          if (now >= nextSample) {
            peakRss = Math.max(peakRss, E2e.procStatusKb(pid, "VmRSS"));
            nextSample = now + TimeUnit.MILLISECONDS.toNanos(250);
          }
          for (int i = 0; i < 256; i++) {
            buf.rewind();
            ch.send(buf, target);
            floodSent++;
          }
        }
      }
      double floodSecs = (System.nanoTime() - t0) / 1e9;
      long dropsAfterFlood = E2e.udpKernelDrops(port);

      // ---- phase 2: a sustainable rate, counted exactly; recovery = first interval with no loss
      Thread.sleep(2000);
      long steadySent = 0;
      try (E2e.UdpSender s = new E2e.UdpSender(port)) {
        long s0 = System.nanoTime();
        for (int i = 0; i < 2500; i++) { // 5 s at 500 datagrams/s
          E2e.sleepUntil(s0, i * 2_000_000L);
          s.send("steady.hits:1|c");
          steadySent++;
        }
      }
      long dropsAfterSteady = E2e.udpKernelDrops(port);
      long steadyExpected = steadySent;
      boolean steadyComplete =
          E2e.await(() -> sum(out, "steady_hits") == steadyExpected, Duration.ofSeconds(20));
      Thread.sleep(2500); // a later internal_statsd, after every datagram was read
      long hwm = E2e.procStatusKb(pid, "VmHWM");
      Metric st = E2e.last(out, m -> m.name().equals("internal_statsd"));
      assertNotNull(st, "no internal_statsd");
      long received = E2e.longField(st, "udp_packets_received");
      long agentDropped = E2e.longField(st, "udp_packets_dropped");
      long parseErrors = E2e.longField(st, "parse_errors");
      long socketDrops = E2e.longField(st, "udp_socket_drops");
      long floodCounted = sum(out, "flood_hits");
      long steadyCounted = sum(out, "steady_hits");
      a.signal("TERM");
      assertEquals(0, a.waitFor(Duration.ofSeconds(40)), a.stderr());

      String report =
          ("flood %.1f s: sent %d datagrams (%d lines, %.0f datagrams/s); kernel drops %d;"
                  + " agent received %d datagrams in all, udp_packets_dropped %d, parse_errors %d;"
                  + " flood lines counted %d; steady phase sent %d counted %d (kernel drops"
                  + " during it %d); RSS idle %d KiB, peak VmRSS %d KiB, VmHWM %d KiB")
              .formatted(
                  floodSecs,
                  floodSent,
                  floodSent * LINES_PER_DATAGRAM,
                  floodSent / floodSecs,
                  dropsAfterSteady,
                  received,
                  agentDropped,
                  parseErrors,
                  floodCounted,
                  steadySent,
                  steadyCounted,
                  dropsAfterSteady - dropsAfterFlood,
                  idleRss,
                  peakRss,
                  hwm);
      System.out.println("[e2e flood] " + report);
      assertTrue(steadyComplete, report);
      assertEquals(steadySent, steadyCounted, "steady phase: " + report);
      assertEquals(0, parseErrors, report);
      // every datagram sent was either received or dropped (and counted) by the kernel
      assertEquals(
          floodSent + steadySent,
          received + dropsAfterSteady + agentDropped,
          "accounting: " + report);
      // the kernel's drops are in the agent's own metrics too, not only in /proc/net/udp
      assertEquals(dropsAfterSteady, socketDrops, "internal_statsd udp_socket_drops: " + report);
      // every datagram received was counted in full
      assertEquals(
          (received - steadySent) * LINES_PER_DATAGRAM, floodCounted, "flood lines: " + report);
      assertTrue(hwm > 0 && hwm < RSS_LIMIT_KIB, "VmHWM over " + RSS_LIMIT_KIB + " KiB: " + report);
    }
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
}
