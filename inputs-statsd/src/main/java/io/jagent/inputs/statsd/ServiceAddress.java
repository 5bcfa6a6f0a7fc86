package io.jagent.inputs.statsd;

/** {@code host:port} as Go's net.SplitHostPort reads it; empty host = all interfaces. */
record ServiceAddress(String host, int port) {

  /** Null when the text is not {@code host:port} with a port 0..65535. */
  static ServiceAddress parse(String s) {
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      return null;
    }
    String host = s.substring(0, colon);
    String port = s.substring(colon + 1);
    if (host.startsWith("[")) {
      if (!host.endsWith("]")) {
        return null;
      }
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      return null;
    }
    if (port.isEmpty() || port.length() > 5) {
      return null;
    }
    for (int i = 0; i < port.length(); i++) {
      if (port.charAt(i) < '0' || port.charAt(i) > '9') {
        return null;
      }
    }
    int p = Integer.parseInt(port);
    return p > 65535 ? null : new ServiceAddress(host, p);
  }
}
