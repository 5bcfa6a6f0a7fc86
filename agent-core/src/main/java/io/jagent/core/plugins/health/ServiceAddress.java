package io.jagent.core.plugins.health;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * A parsed {@code service_address}: {@code http://host:port}, also with scheme https, tcp, tcp4 or
 * tcp6 (as Telegraf; https alone does not turn TLS on, tls_cert/tls_key do). An empty host listens
 * on every interface.
 */
record ServiceAddress(String host, int port) {

  /**
   * @throws IllegalArgumentException with a message for the user
   */
  static ServiceAddress parse(String address) {
    int sep = address.indexOf("://");
    if (sep < 0) {
      throw new IllegalArgumentException(
          "service_address contains invalid scheme: expected http://host:port");
    }
    String scheme = address.substring(0, sep).toLowerCase(Locale.ROOT);
    String rest = address.substring(sep + 3);
    String wildcard;
    switch (scheme) {
      case "http", "https", "tcp" -> wildcard = "";
      case "tcp4" -> wildcard = "0.0.0.0";
      case "tcp6" -> wildcard = "::";
      case "unix" ->
          throw new IllegalArgumentException(
              "unix sockets are not supported by this agent; use http://host:port");
      default -> throw new IllegalArgumentException("service_address contains invalid scheme");
    }
    int slash = rest.indexOf('/');
    String hostPort = slash >= 0 ? rest.substring(0, slash) : rest;
    String host;
    String port;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("missing port in address \"" + hostPort + "\"");
      }
      host = hostPort.substring(1, close);
      port = hostPort.substring(close + 2);
    } else {
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("missing port in address \"" + hostPort + "\"");
      }
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        throw new IllegalArgumentException(
            "too many colons in address \"" + hostPort + "\" (write IPv6 as [::1]:8080)");
      }
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port \"" + port + "\"");
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("invalid port " + p);
    }
    return new ServiceAddress(host.isEmpty() ? wildcard : host, p);
  }

  /** The socket address to bind; resolves the host name. */
  InetSocketAddress socketAddress() {
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }
}
