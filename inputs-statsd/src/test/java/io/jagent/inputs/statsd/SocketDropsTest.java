package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketDropsTest {
  static final String HEADER =
      "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
          + " inode ref pointer drops";
  // 0x1FBD = 8125, 0x0385 = 901
  static final String V4 =
      "  571: 00000000:1FBD 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0"
          + " 61234 2 0000000000000000 42\n"
          + "  630: 0100007F:0385 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0"
          + " 61235 2 0000000000000000 7\n";
  static final String V6 =
      "  571: 00000000000000000000000000000000:1FBD 00000000000000000000000000000000:0000 07"
          + " 00000000:00000000 00:00000000 00000000     0        0 61236 2 0000000000000000 3\n";

  @TempDir Path dir;

  @Test
  void sumsTheDropsOfTheSocketsOnThePortInBothTables() throws Exception {
    Path udp = Files.writeString(dir.resolve("udp"), HEADER + "\n" + V4);
    Path udp6 = Files.writeString(dir.resolve("udp6"), HEADER + "\n" + V6);
    assertEquals(45, SocketDrops.read(8125, List.of(udp, udp6)));
    assertEquals(7, SocketDrops.read(901, List.of(udp, udp6)));
  }

  @Test
  void unknownPortOrNoTableIsMinusOne() throws Exception {
    Path udp = Files.writeString(dir.resolve("udp"), HEADER + "\n" + V4);
    assertEquals(-1, SocketDrops.read(9999, List.of(udp)));
    assertEquals(-1, SocketDrops.read(8125, List.of(dir.resolve("missing"))));
  }

  @Test
  void aMalformedRowIsIgnored() throws Exception {
    Path udp = Files.writeString(dir.resolve("udp"), HEADER + "\n  garbage\n" + V4);
    assertEquals(42, SocketDrops.read(8125, List.of(udp)));
  }

  @Test
  void findsARealSocketOnLinux() throws Exception {
    boolean linux = Files.isReadable(Path.of("/proc/net/udp"));
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      long d = SocketDrops.read(s.getLocalPort(), SocketDrops.TABLES);
      assertTrue(linux ? d == 0 : d == -1, "drops " + d);
    }
  }
}
