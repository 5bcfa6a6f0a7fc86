package io.jagent.inputs.statsd;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Datagrams the kernel dropped on our UDP socket because its receive buffer was full: the last
 * column of {@code /proc/net/udp} and {@code /proc/net/udp6}. That is where statsd loss happens
 * (PERFORMANCE.md), and no counter in the process can see it. Read once per gather.
 */
final class SocketDrops {
  static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

  private SocketDrops() {}

  /**
   * The drops of every UDP socket bound to local {@code port} in {@code tables}; -1 when no table
   * can be read (not Linux) or no socket is bound there.
   */
  static long read(int port, List<Path> tables) {
    long sum = 0;
    boolean found = false;
    for (Path t : tables) {
      if (!Files.isReadable(t)) {
        continue;
      }
      try (BufferedReader r = Files.newBufferedReader(t, StandardCharsets.US_ASCII)) {
        r.readLine(); // header
        for (String line; (line = r.readLine()) != null; ) {
          long d = dropsIfPort(line, port);
          if (d >= 0) {
            sum += d;
            found = true;
          }
        }
      } catch (IOException | RuntimeException e) {
        // a table that changed format or vanished: report what the others say
      }
    }
    return found ? sum : -1;
  }

  /**
   * For a row {@code sl local_address rem_address st ... drops}: its drops when the local port is
   * {@code port}, else -1.
   */
  static long dropsIfPort(String line, int port) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 13) {
      return -1;
    }
    String local = f[1];
    int colon = local.lastIndexOf(':');
    if (colon < 0 || Integer.parseInt(local.substring(colon + 1), 16) != port) {
      return -1;
    }
    return Long.parseLong(f[f.length - 1]);
  }
}
