package io.jagent.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jagent.distribution.AgentProcess;
import io.jagent.spi.Metric;
import io.jagent.spi.lineprotocol.LineProtocolParseException;
import io.jagent.spi.lineprotocol.LineProtocolParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers of the end-to-end suite: environment, servers, captured output, /proc. */
final class E2e {
  private E2e() {}

  static boolean ci() {
    return "true".equals(System.getenv("CI"));
  }

  /** The variable's value; skips the test locally when unset, fails it when CI=true. */
  static String requireEnv(String name) {
    String v = System.getenv(name);
    require(
        v != null && !v.isBlank(), name + " is not set (start the servers: .ci/servers.sh start)");
    return v;
  }

  /** Skips (locally) or fails (CI=true) when {@code ok} is false. */
  static void require(boolean ok, String reason) {
    if (ok) {
      return;
    }
    if (ci()) {
      fail(reason + " (CI=true: an end-to-end test must not skip)");
    }
    Assumptions.abort(reason);
  }

  /** True when nothing listens on the TCP port of 127.0.0.1 and 0.0.0.0 (bind test). */
  static boolean tcpPortFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** True when the UDP port can be bound on all interfaces. */
  static boolean udpPortFree(int port) {
    try (DatagramChannel c = DatagramChannel.open()) {
      c.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs {@code $AGENT_IT_SERVERS cmd what} (bounded), with the InfluxDB port of
   * AGENT_IT_INFLUXDB_URL so that a restart comes back where the agent writes.
   */
  static void servers(String cmd, String what) throws Exception {
    String script = requireEnv("AGENT_IT_SERVERS");
    ProcessBuilder pb = new ProcessBuilder(script, cmd, what).redirectErrorStream(true);
    String influx = System.getenv("AGENT_IT_INFLUXDB_URL");
    if (influx != null && !influx.isBlank()) {
      int port = URI.create(influx).getPort();
      if (port > 0) {
        pb.environment().put("AGENT_IT_INFLUX_PORT", Integer.toString(port));
      }
    }
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(script + " " + cmd + " " + what + " did not finish within 60 s");
    }
    assertEquals(0, p.exitValue(), script + " " + cmd + " " + what);
  }

  static Path write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  /** The complete lines of a file being appended to (the last, unterminated line is left out). */
  static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    String s = Files.readString(file, StandardCharsets.UTF_8);
    int end = s.lastIndexOf('\n');
    if (end < 0) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String l : s.substring(0, end).split("\n", -1)) {
      if (!l.isEmpty()) {
        out.add(l);
      }
    }
    return out;
  }

  /** The complete line protocol lines of a file, parsed (a bad line fails the test). */
  static List<Metric> metrics(Path file) throws IOException {
    LineProtocolParser p = new LineProtocolParser();
    List<Metric> out = new ArrayList<>();
    for (String l : lines(file)) {
      try {
        out.add(p.parseLine(l));
      } catch (LineProtocolParseException e) {
        fail("the agent wrote a line it cannot read back: <" + l + ">: " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * The complete lines of {@code file} that parse as line protocol; {@code unreadable} (when not
   * null) receives the others. For outputs fed with fuzzed input.
   */
  static List<Metric> metricsLenient(Path file, List<String> unreadable) throws IOException {
    LineProtocolParser p = new LineProtocolParser();
    List<Metric> out = new ArrayList<>();
    for (String l : lines(file)) {
      try {
        out.add(p.parseLine(l));
      } catch (LineProtocolParseException e) {
        if (unreadable != null) {
          unreadable.add(l);
        }
      }
    }
    return out;
  }

  /** The last metric of {@code file} that satisfies {@code which}, or null. */
  static Metric last(Path file, Predicate<Metric> which) throws IOException {
    Metric found = null;
    for (Metric m : metrics(file)) {
      if (which.test(m)) {
        found = m;
      }
    }
    return found;
  }

  static Predicate<Metric> named(String name, Map<String, String> tags) {
    return m -> {
      if (!m.name().equals(name)) {
        return false;
      }
      for (Map.Entry<String, String> e : tags.entrySet()) {
        if (!e.getValue().equals(m.tag(e.getKey()))) {
          return false;
        }
      }
      return true;
    };
  }

  static long longField(Metric m, String field) {
    Object v = m.field(field);
    if (!(v instanceof Number n)) {
      throw new AssertionError("no numeric field " + field + " in " + m);
    }
    return n.longValue();
  }

  /** A value of /proc/PID/status in kB (VmHWM, VmRSS), -1 when unreadable. */
  static long procStatusKb(long pid, String key) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith(key + ":")) {
          return Long.parseLong(l.substring(key.length() + 1).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** The kernel's drop counter of the UDP socket(s) bound to {@code port} (/proc/net/udp[6]). */
  static long udpKernelDrops(int port) throws IOException {
    long total = 0;
    String hexPort = String.format(":%04X", port);
    for (String f : List.of("/proc/net/udp", "/proc/net/udp6")) {
      Path p = Path.of(f);
      if (!Files.exists(p)) {
        continue;
      }
      List<String> all = Files.readAllLines(p);
      for (String l : all.subList(Math.min(1, all.size()), all.size())) {
        String[] c = l.trim().split("\\s+");
        if (c.length > 12 && c[1].endsWith(hexPort)) {
          total += Long.parseLong(c[c.length - 1]);
        }
      }
    }
    return total;
  }

  /** Polls {@code c} every 100 ms until true or {@code limit}; returns the last answer. */
  static boolean await(AgentProcess.CheckedBool c, Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      if (c.get()) {
        return true;
      }
      Thread.sleep(100);
    }
    return c.get();
  }

  /** Waits for the log line saying the statsd listener is up (bounded). */
  static void awaitListening(AgentProcess a, String what) throws Exception {
    if (!a.awaitLog(s -> s.contains(what), Duration.ofSeconds(90))) {
      fail("agent not listening (" + what + ") within 90 s:\n" + a.stderr() + a.stdout());
    }
  }

  static String now() {
    return Instant.now().toString();
  }

  /**
   * A blocking UDP sender to 127.0.0.1:port; counts datagrams sent. Not connected, so an ICMP "port
   * unreachable" (listener gone for a moment) never surfaces as an exception.
   */
  static final class UdpSender implements AutoCloseable {
    private final DatagramChannel ch;
    private final InetSocketAddress target;
    long datagrams;

    UdpSender(int port) throws IOException {
      ch = DatagramChannel.open();
      target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    void send(String payload) throws IOException {
      send(payload.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] b) throws IOException {
      ch.send(ByteBuffer.wrap(b), target);
      datagrams++;
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  /** Sleeps until {@code startNanos + offsetNanos} (paced senders). */
  static void sleepUntil(long startNanos, long offsetNanos) throws InterruptedException {
    long wait = startNanos + offsetNanos - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  static Duration secs(long s) {
    return Duration.ofSeconds(s);
  }
}
