package io.jagent.core.cli;

import io.jagent.core.config.ConfigException;
import io.jagent.core.config.ConfigFiles;
import io.jagent.spi.EarlyUdpSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Binds the statsd UDP listeners of the configuration first thing at process start, before logging,
 * the command line parser, the TOML parser and Netty are loaded (issue 8: start to listening; in a
 * 200m container the full start-up takes ~2 s, during which an app's datagrams would be refused).
 * The sockets are handed to the runner, which offers them to the statsd inputs at the first start
 * ({@link EarlyUdpSocket}); the config is loaded and checked as always, and a socket it does not
 * confirm is closed.
 *
 * <p>This is a prediction, never a second configuration parser: it reads the config files the run
 * will load, looks for {@code [[inputs.statsd]]} tables and in them only for {@code protocol},
 * {@code service_address} and {@code read_buffer_size} written as plain literals on one line.
 * Anything else (a value with {@code $} substitution, a host name other than {@code localhost},
 * TCP, port 0, a flag other than a daemon run's) means no early bind for that listener, which then
 * binds at its start as before. It never throws and never prints: a failure is a listener bound
 * later.
 */
final class EarlyBind {
  /** A socket bound early and the handover key of the listener it is for. */
  record Bound(String key, EarlyUdpSocket socket) {}

  /** Options that take a value (the value is skipped). */
  private static final Set<String> WITH_VALUE =
      Set.of(
          "--config",
          "-config",
          "--config-directory",
          "-config-directory",
          "--input-filter",
          "-input-filter",
          "--output-filter",
          "-output-filter",
          "--pidfile",
          "-pidfile");

  /** Flags of a daemon run; any other argument (--test, --once, a command...) binds nothing. */
  private static final Set<String> DAEMON_FLAGS =
      Set.of("--debug", "-debug", "--quiet", "-quiet", "--strict-env-handling");

  private static final String DEFAULT_PROTOCOL = "udp";
  private static final String DEFAULT_SERVICE_ADDRESS = ":8125";

  private EarlyBind() {}

  /**
   * The sockets bound for a daemon run with these arguments; empty for any other run or when
   * nothing could be predicted.
   *
   * @param embedded the config text run when no file is found
   */
  static List<Bound> bind(
      String[] args,
      Map<String, String> env,
      Path userHome,
      Path etcDir,
      Supplier<String> embedded) {
    try {
      List<String> texts = configTexts(args, env, userHome, etcDir, embedded);
      if (texts == null) {
        return List.of();
      }
      List<Bound> out = new ArrayList<>();
      for (String text : texts) {
        for (Map<String, String> listener : statsdTables(text)) {
          Bound b = bindOne(listener);
          if (b != null) {
            out.add(b);
          }
        }
      }
      return out;
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** Closes sockets nobody took (a run that did not reach the runner). */
  static void closeAll(List<Bound> bound) {
    for (Bound b : bound) {
      try {
        b.socket().channel().close();
      } catch (IOException e) {
        // nothing to do: the process is about to exit or bind anew
      }
    }
  }

  /** The texts of the config files of a daemon run with these arguments, or null. */
  static List<String> configTexts(
      String[] args,
      Map<String, String> env,
      Path userHome,
      Path etcDir,
      Supplier<String> embedded) {
    List<String> configs = new ArrayList<>();
    List<String> dirs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("-") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (WITH_VALUE.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            return null;
          }
          value = args[++i];
        }
        switch (name) {
          case "--config", "-config" -> configs.add(value);
          case "--config-directory", "-config-directory" -> dirs.add(value);
          case "--input-filter", "-input-filter" -> {
            if (!List.of(value.split(":")).contains("statsd")) {
              return null;
            }
          }
          default -> {}
        }
      } else if (value != null || !DAEMON_FLAGS.contains(name)) {
        return null;
      }
    }
    List<Path> files;
    try {
      files = ConfigFiles.resolve(configs, dirs, env, userHome, etcDir, ConfigFiles.Warnings.NONE);
    } catch (ConfigException e) {
      return null;
    }
    List<String> texts = new ArrayList<>();
    if (files.isEmpty()) {
      texts.add(embedded.get());
    }
    for (Path f : files) {
      try {
        texts.add(Files.readString(f, StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        return null; // the real load reports it
      }
    }
    return texts;
  }

  /**
   * The literal one-line values of {@code protocol}, {@code service_address} and {@code
   * read_buffer_size} of every {@code [[inputs.statsd]]} (or {@code [inputs.statsd]}) table of a
   * config text, with the defaults filled in; a key whose value is not such a literal is recorded
   * as null (the listener is then not bound early).
   */
  static List<Map<String, String>> statsdTables(String text) {
    List<Map<String, String>> tables = new ArrayList<>();
    Map<String, String> current = null;
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        current = null;
        String header = stripComment(line);
        if (header.equals("[[inputs.statsd]]") || header.equals("[inputs.statsd]")) {
          current = new HashMap<>();
          current.put("protocol", DEFAULT_PROTOCOL);
          current.put("service_address", DEFAULT_SERVICE_ADDRESS);
          current.put("read_buffer_size", "0");
          tables.add(current);
        }
        continue;
      }
      int eq = line.indexOf('=');
      if (current == null || eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      if (!current.containsKey(key)) {
        continue;
      }
      current.put(key, literal(line.substring(eq + 1).strip(), key.equals("read_buffer_size")));
    }
    return tables;
  }

  /** A one-line string (or, when {@code number}, a decimal integer) literal; null otherwise. */
  private static String literal(String v, boolean number) {
    if (number) {
      String digits = stripComment(v);
      return digits.matches("[0-9]{1,9}") ? digits : null;
    }
    if (v.length() < 2 || (v.charAt(0) != '"' && v.charAt(0) != '\'')) {
      return null;
    }
    char q = v.charAt(0);
    int end = v.indexOf(q, 1);
    if (end < 0 || v.startsWith("\"\"\"") || v.startsWith("'''")) {
      return null;
    }
    String s = v.substring(1, end);
    String rest = v.substring(end + 1).strip();
    if ((q == '"' && s.indexOf('\\') >= 0) || s.indexOf('$') >= 0) {
      return null; // escapes or ${VAR}: the real load decides
    }
    return rest.isEmpty() || rest.startsWith("#") ? s : null;
  }

  private static String stripComment(String s) {
    int hash = s.indexOf('#');
    return (hash < 0 ? s : s.substring(0, hash)).strip();
  }

  /** Binds one listener's socket; null when it is not predictable or cannot be bound. */
  private static Bound bindOne(Map<String, String> t) {
    String protocol = t.get("protocol");
    String address = t.get("service_address");
    String rbs = t.get("read_buffer_size");
    if (protocol == null || address == null || rbs == null) {
      return null;
    }
    ProtocolFamily family =
        switch (protocol) {
          case "udp" -> null;
          case "udp4" -> StandardProtocolFamily.INET;
          case "udp6" -> StandardProtocolFamily.INET6;
          default -> StandardProtocolFamily.UNIX; // tcp and the like: not here
        };
    if (family == StandardProtocolFamily.UNIX) {
      return null;
    }
    InetSocketAddress bindTo = bindAddress(address, family);
    if (bindTo == null) {
      return null;
    }
    int readBufferSize = Integer.parseInt(rbs);
    DatagramChannel ch = null;
    try {
      ch = family == null ? DatagramChannel.open() : DatagramChannel.open(family);
      if (readBufferSize > 0) {
        ch.setOption(StandardSocketOptions.SO_RCVBUF, readBufferSize);
      }
      ch.bind(bindTo);
      ch.configureBlocking(false);
      return new Bound("statsd:udp:" + bindTo.getPort(), new EarlyUdpSocket(ch, protocol, address));
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // not bound
        }
      }
      return null;
    }
  }

  /**
   * The address {@code service_address} binds to, as the statsd input binds it: an empty host is
   * the wildcard of the family; only IP literals and {@code localhost} (no name lookups at start);
   * port 0 (a random port) is not bound early.
   */
  static InetSocketAddress bindAddress(String serviceAddress, ProtocolFamily family) {
    int colon = serviceAddress.lastIndexOf(':');
    if (colon < 0) {
      return null;
    }
    String host = serviceAddress.substring(0, colon);
    String port = serviceAddress.substring(colon + 1);
    if (!port.matches("[0-9]{1,5}")) {
      return null;
    }
    int p = Integer.parseInt(port);
    if (p == 0 || p > 65535) {
      return null;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      if (host.isEmpty()) {
        if (family == StandardProtocolFamily.INET) {
          return new InetSocketAddress(InetAddress.getByName("0.0.0.0"), p);
        }
        if (family == StandardProtocolFamily.INET6) {
          return new InetSocketAddress(InetAddress.getByName("::"), p);
        }
        return new InetSocketAddress(p);
      }
      if (host.equals("localhost") || host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
        return new InetSocketAddress(InetAddress.getByName(host), p);
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
