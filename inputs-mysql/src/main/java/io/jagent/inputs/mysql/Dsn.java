package io.jagent.inputs.mysql;

import io.jagent.spi.Secret;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A server address in go-sql-driver/mysql's DSN form, {@code
 * [user[:password]@][net[(address)]]/[dbname][?param1=value1&...]}, parsed exactly as that driver
 * does (last {@code /} ends the address part, last {@code @} before it ends the credentials).
 *
 * <p>{@link #toString()} never shows the password.
 */
record Dsn(
    String user,
    Secret password,
    String net,
    String address,
    String dbName,
    SortedMap<String, String> params) {

  static final String DEFAULT_TCP_ADDRESS = "127.0.0.1:3306";
  static final String DEFAULT_UNIX_ADDRESS = "/tmp/mysql.sock";

  Dsn {
    params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
  }

  /** Thrown for a DSN the go driver rejects; the message never contains the DSN itself. */
  static final class DsnException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    DsnException(String message) {
      super(message);
    }
  }

  /**
   * Parses a DSN; the empty string is {@code tcp(127.0.0.1:3306)/}.
   *
   * @throws DsnException with go-sql-driver's wording, never echoing the DSN (it may hold a
   *     password)
   */
  static Dsn parse(String dsn) {
    String user = "";
    String password = "";
    String net = "";
    String addr = "";
    String dbName = "";
    SortedMap<String, String> params = new TreeMap<>();
    boolean foundSlash = false;
    for (int i = dsn.length() - 1; i >= 0; i--) {
      if (dsn.charAt(i) != '/') {
        continue;
      }
      foundSlash = true;
      if (i > 0) {
        // [username[:password]@][protocol[(address)]]; the last '@' before the slash
        int j;
        for (j = i; j >= 0; j--) {
          if (dsn.charAt(j) == '@') {
            int k;
            for (k = 0; k < j; k++) {
              if (dsn.charAt(k) == ':') {
                password = dsn.substring(k + 1, j);
                break;
              }
            }
            user = dsn.substring(0, k);
            break;
          }
        }
        // [protocol[(address)]]: the first '(' after the credentials
        int k;
        for (k = j + 1; k < i; k++) {
          if (dsn.charAt(k) == '(') {
            if (dsn.charAt(i - 1) != ')') {
              if (dsn.substring(k + 1, i).indexOf(')') >= 0) {
                throw new DsnException("invalid DSN: did you forget to escape a param value?");
              }
              throw new DsnException(
                  "invalid DSN: network address not terminated (missing closing brace)");
            }
            addr = dsn.substring(k + 1, i - 1);
            break;
          }
        }
        net = dsn.substring(j + 1, k);
      }
      // dbname[?param1=value1&...]
      int j;
      for (j = i + 1; j < dsn.length(); j++) {
        if (dsn.charAt(j) == '?') {
          parseParams(dsn.substring(j + 1), params);
          break;
        }
      }
      dbName = unescape(dsn.substring(i + 1, j), false, "invalid dbname");
      break;
    }
    if (!foundSlash && !dsn.isEmpty()) {
      throw new DsnException("invalid DSN: missing the slash separating the database name");
    }
    // normalize, as go-sql-driver's Config.normalize
    if (net.isEmpty()) {
      net = "tcp";
    }
    if (addr.isEmpty()) {
      switch (net) {
        case "tcp" -> addr = DEFAULT_TCP_ADDRESS;
        case "unix" -> addr = DEFAULT_UNIX_ADDRESS;
        default -> throw new DsnException("default addr for network '" + net + "' unknown");
      }
    } else if (net.equals("tcp")) {
      addr = ensureHavePort(addr);
    }
    if (!net.equals("tcp") && !net.equals("unix")) {
      throw new DsnException("unsupported network '" + net + "' (supported: tcp, unix)");
    }
    return new Dsn(user, Secret.of(password), net, addr, dbName, params);
  }

  private static void parseParams(String query, SortedMap<String, String> params) {
    for (String v : query.split("&", -1)) {
      int eq = v.indexOf('=');
      if (eq < 0) {
        continue; // go-sql-driver ignores a parameter without '='
      }
      String key = v.substring(0, eq);
      String value = unescape(v.substring(eq + 1), true, "invalid value of parameter " + key);
      params.put(key, value);
    }
  }

  private static String unescape(String s, boolean query, String what) {
    if (s.indexOf('%') < 0 && !(query && s.indexOf('+') >= 0)) {
      return s;
    }
    try {
      String t = query ? s : s.replace("+", "%2B");
      return URLDecoder.decode(t, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new DsnException(what + ": bad escape sequence");
    }
  }

  /** Go's ensureHavePort: {@code host} → {@code host:3306}, {@code ::1} → {@code [::1]:3306}. */
  static String ensureHavePort(String addr) {
    if (hasPort(addr)) {
      return addr;
    }
    return addr.indexOf(':') >= 0 ? "[" + addr + "]:3306" : addr + ":3306";
  }

  /** Like Go's net.SplitHostPort succeeding. */
  private static boolean hasPort(String addr) {
    if (addr.startsWith("[")) {
      int end = addr.indexOf(']');
      return end > 0 && end + 1 < addr.length() && addr.charAt(end + 1) == ':';
    }
    int colon = addr.lastIndexOf(':');
    return colon >= 0 && addr.indexOf(':') == colon;
  }

  /** The {@code server} tag: the address only ({@code host:port} or socket path). */
  String serverTag() {
    return address;
  }

  /** Host of a tcp address, without IPv6 brackets. */
  String host() {
    if (address.startsWith("[")) {
      return address.substring(1, address.indexOf(']'));
    }
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }

  /** Port of a tcp address; a missing or empty port is 3306 (Go dials :3306 too). */
  int port() {
    int colon = address.lastIndexOf(':');
    String p = colon < 0 ? "" : address.substring(colon + 1);
    if (p.isEmpty()) {
      return 3306;
    }
    try {
      return Integer.parseInt(p);
    } catch (NumberFormatException e) {
      throw new DsnException("invalid port in address " + address);
    }
  }

  @Override
  public String toString() {
    return (user.isEmpty() ? "" : user + (password.isEmpty() ? "" : ":<redacted>") + "@")
        + net
        + "("
        + address
        + ")/"
        + dbName
        + (params.isEmpty() ? "" : "?" + params);
  }
}
