package io.jagent.outputs.influxdb;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One configured URL: the address without user info (which goes to {@link #userinfo} and is never
 * printed) and a form safe for logs.
 */
record Endpoint(URI uri, String scheme, String redacted, String user, Secret password) {

  static final String DEFAULT_URL = "http://localhost:8086";

  boolean udp() {
    return scheme.startsWith("udp");
  }

  boolean unix() {
    return scheme.equals("unix");
  }

  /** The socket file of a {@code unix://} URL. */
  java.nio.file.Path socketPath() {
    return java.nio.file.Path.of(uri.getPath());
  }

  /** {@code <url path>/<suffix>}: {@code http://h:8086/x/} + {@code write} → {@code /x/write}. */
  URI resolve(String suffix, Map<String, String> query) {
    // unix://<socket>: the URL path is the socket file; requests go to http://127.0.0.1/<suffix>
    String path = unix() || uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    StringBuilder sb =
        unix()
            ? new StringBuilder("http://127.0.0.1")
            : new StringBuilder(scheme).append("://").append(uri.getRawAuthority()).append(path);
    sb.append('/').append(suffix);
    if (!query.isEmpty()) {
      StringJoiner j = new StringJoiner("&", "?", "");
      new TreeMap<>(query).forEach((k, v) -> j.add(queryEscape(k) + "=" + queryEscape(v)));
      sb.append(j);
    }
    return URI.create(sb.toString());
  }

  /** Go's {@code url.QueryEscape}. */
  static String queryEscape(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
  }

  @Override
  public String toString() {
    return redacted;
  }

  /**
   * Parses {@code urls} (and the deprecated {@code url}) of a table; reports bad entries. {@code
   * udp} says whether UDP schemes are allowed.
   */
  static List<Endpoint> parseUrls(ConfigTable t, boolean udp) {
    List<String> raw = new ArrayList<>(t.getStringList("urls", List.of()));
    if (t.contains("url")) {
      t.deprecated("url", "urls");
      String one = t.getString("url", "");
      if (!one.isEmpty()) {
        raw.add(one);
      }
    }
    if (raw.isEmpty()) {
      raw.add(DEFAULT_URL);
    }
    List<Endpoint> out = new ArrayList<>();
    for (String s : raw) {
      URI u;
      try {
        u = new URI(s);
      } catch (URISyntaxException e) {
        t.error("urls", "invalid URL \"" + redact(s) + "\": " + e.getReason());
        continue;
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      switch (scheme) {
        case "http", "https" -> {}
        case "udp", "udp4", "udp6" -> {
          if (!udp) {
            t.error("urls", "unsupported scheme [\"" + scheme + "\"]: \"" + redact(s) + "\"");
            continue;
          }
        }
        case "unix" -> {
          if (u.getPath() == null || u.getPath().isEmpty()) {
            t.error("urls", "unix URL \"" + redact(s) + "\" needs the socket path");
            continue;
          }
          out.add(new Endpoint(u, scheme, u.toString(), "", Secret.empty()));
          continue;
        }
        default -> {
          t.error("urls", "unsupported scheme [\"" + scheme + "\"]: \"" + redact(s) + "\"");
          continue;
        }
      }
      if (u.getHost() == null) {
        t.error("urls", "URL \"" + redact(s) + "\" has no host");
        continue;
      }
      if (scheme.startsWith("udp") && u.getPort() < 0) {
        t.error("urls", "UDP URL \"" + redact(s) + "\" needs a port");
        continue;
      }
      String user = "";
      Secret pass = Secret.empty();
      URI clean = u;
      if (u.getRawUserInfo() != null) {
        String[] ui = u.getRawUserInfo().split(":", 2);
        user = URLDecoder.decode(ui[0], StandardCharsets.UTF_8);
        pass = Secret.of(ui.length > 1 ? URLDecoder.decode(ui[1], StandardCharsets.UTF_8) : "");
        try {
          clean =
              new URI(
                  u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), null);
        } catch (URISyntaxException e) {
          t.error("urls", "invalid URL \"" + redact(s) + "\"");
          continue;
        }
      }
      out.add(new Endpoint(clean, scheme, clean.toString(), user, pass));
    }
    return out;
  }

  /** The URL with any user info replaced, for messages. */
  static String redact(String url) {
    return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1<redacted>@");
  }
}
