package io.jagent.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statsd sockets bound at process start, before the config is loaded (issue 8). */
class EarlyBindTest {
  @TempDir Path tmp;

  private static final Path SIDECAR =
      Path.of("../../shared/fixtures/seed-configs/sidecar-statsd-wavefront.conf");

  private List<String> texts(String... args) {
    return EarlyBind.configTexts(
        args, Map.of(), tmp.resolve("home"), tmp.resolve("etc"), () -> "EMBEDDED");
  }

  private Path conf(String name, String text) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  /** A UDP port free on 127.0.0.1 now. */
  private static int freePort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Test
  void theSidecarFixtureHasOneUdpListenerOn8125() throws Exception {
    List<Map<String, String>> t = EarlyBind.statsdTables(Files.readString(SIDECAR));
    assertEquals(
        List.of(Map.of("protocol", "udp", "service_address", ":8125", "read_buffer_size", "0")), t);
  }

  @Test
  void onlyOneLineLiteralsOfTheStatsdTableAreRead() {
    String text =
        String.join(
            "\n",
            "[[inputs.cpu]]",
            "  service_address = \"ignored:1\"",
            "[[inputs.statsd]]  # first",
            "  protocol = 'udp4'",
            "  service_address = \"127.0.0.1:9125\" # comment",
            "  read_buffer_size = 4194304",
            "  [inputs.statsd.tagpass]",
            "    service_address = \"a sub-table: ignored\"",
            "[inputs.statsd]",
            "  service_address = \":${STATSD_PORT}\"",
            "[[inputs.statsd]]",
            "  service_address = \"\"\"",
            "[[inputs.statsd]]",
            "  read_buffer_size = \"big\"",
            "[[inputs.statsd]]",
            "  service_address = \"esc\\\\aped:1\"");
    List<Map<String, String>> t = EarlyBind.statsdTables(text);
    assertEquals(5, t.size());
    assertEquals(
        Map.of(
            "protocol", "udp4", "service_address", "127.0.0.1:9125", "read_buffer_size", "4194304"),
        t.get(0));
    assertNull(t.get(1).get("service_address"), "substitution: the real load decides");
    assertNull(t.get(2).get("service_address"), "multi-line string");
    assertNull(t.get(3).get("read_buffer_size"));
    assertNull(t.get(4).get("service_address"), "escapes");
  }

  @Test
  void onlyADaemonRunBindsEarly() throws Exception {
    Path f = conf("a.conf", "A");
    assertEquals(List.of("A"), texts("--config", f.toString()));
    assertEquals(List.of("A"), texts("--config=" + f, "--debug", "--quiet"));
    assertEquals(List.of("A"), texts("-config", f.toString(), "--input-filter", "statsd:cpu"));
    for (String[] other :
        List.of(
            new String[] {"--config", f.toString(), "--test"},
            new String[] {"--config", f.toString(), "--test-wait", "3"},
            new String[] {"--config", f.toString(), "--once"},
            new String[] {"--config", f.toString(), "version"},
            new String[] {"config"},
            new String[] {"--help"},
            new String[] {"--config", f.toString(), "--input-filter", "cpu"},
            new String[] {"--config"},
            new String[] {"--config", tmp.resolve("missing.conf").toString()})) {
      assertNull(texts(other), String.join(" ", other));
    }
  }

  @Test
  void filesOfAConfigDirectoryAndTheEmbeddedDefaultAreRead() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Files.writeString(dir.resolve("b.conf"), "B");
    Files.writeString(dir.resolve("a.conf"), "A");
    Path main = conf("main.conf", "M");
    assertEquals(
        List.of("M", "A", "B"),
        texts("--config", main.toString(), "--config-directory", dir.toString()));
    assertEquals(List.of("EMBEDDED"), texts(), "no file anywhere: the embedded default");
  }

  @Test
  void bindsTheListenerNonBlockingWithItsReceiveBuffer() throws Exception {
    int port = freePort();
    Path f =
        conf(
            "s.conf",
            "[[inputs.statsd]]\n  service_address = \"127.0.0.1:"
                + port
                + "\"\n  read_buffer_size = 262144\n");
    List<EarlyBind.Bound> b =
        EarlyBind.bind(new String[] {"--config", f.toString()}, Map.of(), tmp, tmp, () -> "");
    try {
      assertEquals(1, b.size());
      assertEquals("statsd:udp:" + port, b.get(0).key());
      var s = b.get(0).socket();
      assertEquals("udp", s.protocol());
      assertEquals("127.0.0.1:" + port, s.serviceAddress());
      assertEquals(
          new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port),
          s.channel().getLocalAddress());
      assertFalse(s.channel().isBlocking());
      assertTrue(
          s.channel().getOption(StandardSocketOptions.SO_RCVBUF) > 212992 / 2, "SO_RCVBUF was set");
    } finally {
      EarlyBind.closeAll(b);
    }
    assertFalse(b.get(0).socket().channel().isOpen());
  }

  @Test
  void aPortInUseTcpAndPortZeroBindNothing() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      String text =
          "[[inputs.statsd]]\n service_address = \"127.0.0.1:"
              + taken.getLocalPort()
              + "\"\n[[inputs.statsd]]\n protocol = \"tcp\"\n service_address = \"127.0.0.1:"
              + freePort()
              + "\"\n[[inputs.statsd]]\n service_address = \"127.0.0.1:0\"\n";
      Path f = conf("s.conf", text);
      assertEquals(
          List.of(),
          EarlyBind.bind(new String[] {"--config", f.toString()}, Map.of(), tmp, tmp, () -> ""));
    }
  }

  @Test
  void addressesAreBoundAsTheStatsdInputBindsThem() throws Exception {
    assertEquals(new InetSocketAddress(8125), EarlyBind.bindAddress(":8125", null));
    assertEquals(
        new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8125),
        EarlyBind.bindAddress(":8125", StandardProtocolFamily.INET));
    assertEquals(
        new InetSocketAddress(InetAddress.getByName("::"), 8125),
        EarlyBind.bindAddress(":8125", StandardProtocolFamily.INET6));
    assertEquals(
        new InetSocketAddress(InetAddress.getByName("::1"), 8125),
        EarlyBind.bindAddress("[::1]:8125", null));
    assertEquals(
        new InetSocketAddress(InetAddress.getByName("localhost"), 8125),
        EarlyBind.bindAddress("localhost:8125", null));
    assertNull(EarlyBind.bindAddress("statsd.example.com:8125", null), "no lookups at start");
    assertNull(EarlyBind.bindAddress(":0", null));
    assertNull(EarlyBind.bindAddress("8125", null));
    assertNull(EarlyBind.bindAddress(":99999", null));
  }
}
