package io.jagent.outputs.influxdb;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.tls.SslContexts;
import io.jagent.spi.tls.TlsClientOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** The HTTP client options both InfluxDB outputs share; builds the one client per output. */
record HttpSettings(
    Duration timeout,
    String userAgent,
    Map<String, String> headers,
    String httpProxy,
    TlsClientOptions tls) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  static final String DEFAULT_USER_AGENT = defaultUserAgent();

  /** Headers java.net.http refuses to set. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private static String defaultUserAgent() {
    String v = HttpSettings.class.getPackage().getImplementationVersion();
    return "jagent/" + (v == null ? "dev" : v) + " Java/" + Runtime.version().feature();
  }

  static HttpSettings parse(ConfigTable t) {
    Duration timeout = t.getDuration("timeout", DEFAULT_TIMEOUT);
    if (timeout.isNegative()) {
      t.error("timeout", "must not be negative");
    }
    if (timeout.isZero()) {
      timeout = DEFAULT_TIMEOUT;
    }
    String ua = t.getString("user_agent", "");
    if (ua.isEmpty()) {
      ua = DEFAULT_USER_AGENT;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : t.getStringMap("http_headers", Map.of()).entrySet()) {
      String k = e.getKey();
      if (k.equals("User-Agent")) {
        continue; // Telegraf: overwritten by user_agent
      }
      if (RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) {
        t.error(
            "http_headers",
            "header \"" + k + "\" cannot be set with the Java HTTP client (restricted header)");
        continue;
      }
      headers.put(k, e.getValue());
    }
    String proxy = t.getString("http_proxy", "");
    if (!proxy.isEmpty()) {
      try {
        URI p = URI.create(proxy);
        if (p.getHost() == null || p.getPort() < 0 && !"http".equals(p.getScheme())) {
          t.error("http_proxy", "proxy URL needs a host (and a port)");
        } else if (p.getUserInfo() != null) {
          t.error("http_proxy", "proxy credentials in the URL are not supported");
        }
      } catch (IllegalArgumentException e) {
        t.error("http_proxy", "invalid proxy URL");
      }
    }
    if (!t.getString("local_address", "").isEmpty()) {
      t.warn("local_address", "not supported by the Java HTTP client; ignored");
    }
    return new HttpSettings(timeout, ua, Map.copyOf(headers), proxy, tls(t));
  }

  /**
   * Telegraf's client TLS options: all of them, plus {@code tls_server_name} (refused), {@code
   * tls_renegotiation_method} (ignored with a warning) and {@code tls_enable} (ignored).
   */
  private static TlsClientOptions tls(ConfigTable t) {
    TlsClientOptions tls = TlsClientOptions.parse(t, TlsClientOptions.Support.ALL);
    if (!t.getString("tls_server_name", "").isEmpty()) {
      t.error(
          "tls_server_name",
          "not supported: the Java HTTP client always verifies and sends the URL's host name");
    }
    if (!t.getString("tls_renegotiation_method", "").isEmpty()) {
      t.warn("tls_renegotiation_method", "ignored: the JDK never renegotiates as a client");
    }
    t.getBoolean("tls_enable", false); // Telegraf: only meaningful for servers
    return tls;
  }

  /** Header values may hold credentials ({@code Authorization}): only their names are shown. */
  @Override
  public String toString() {
    return "HttpSettings[timeout="
        + timeout
        + ", userAgent="
        + userAgent
        + ", headers="
        + headers.keySet()
        + ", httpProxy="
        + Endpoint.redact(httpProxy)
        + ", tls="
        + tls
        + "]";
  }

  /** One client per output: TLS, proxy and connect timeout applied. */
  HttpClient buildClient() throws IOException {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (!tls.isDefault()) {
      SSLContext ctx = SslContexts.client(tls);
      b.sslContext(ctx);
      SSLParameters p = SslContexts.clientParameters(tls, ctx);
      if (p != null) {
        b.sslParameters(p);
      }
    }
    b.proxy(proxySelector());
    return b.build();
  }

  ProxySelector proxySelector() {
    if (!httpProxy.isEmpty()) {
      URI p = URI.create(httpProxy);
      int port = p.getPort() >= 0 ? p.getPort() : ("https".equals(p.getScheme()) ? 443 : 80);
      return ProxySelector.of(new InetSocketAddress(p.getHost(), port));
    }
    return new EnvProxySelector(System.getenv());
  }

  /** Go's {@code http.ProxyFromEnvironment}: HTTP(S)_PROXY and NO_PROXY; loopback never proxied. */
  static final class EnvProxySelector extends ProxySelector {
    private final Map<String, String> env;

    EnvProxySelector(Map<String, String> env) {
      this.env = env;
    }

    private String get(String name) {
      String v = env.get(name);
      if (v == null || v.isEmpty()) {
        v = env.get(name.toLowerCase(Locale.ROOT));
      }
      return v == null ? "" : v;
    }

    @Override
    public List<Proxy> select(URI uri) {
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      String proxy = get("https".equals(uri.getScheme()) ? "HTTPS_PROXY" : "HTTP_PROXY");
      if (proxy.isEmpty() || isLoopback(host) || noProxy(host)) {
        return List.of(Proxy.NO_PROXY);
      }
      try {
        URI p = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
        int port = p.getPort() >= 0 ? p.getPort() : ("https".equals(p.getScheme()) ? 443 : 80);
        return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(p.getHost(), port)));
      } catch (IllegalArgumentException e) {
        return List.of(Proxy.NO_PROXY);
      }
    }

    private static boolean isLoopback(String host) {
      return host.equals("localhost")
          || host.startsWith("127.")
          || host.equals("[::1]")
          || host.equals("::1");
    }

    private boolean noProxy(String host) {
      for (String entry : get("NO_PROXY").split(",")) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        if (e.isEmpty()) {
          continue;
        }
        if (e.equals("*")) {
          return true;
        }
        int colon = e.lastIndexOf(':');
        if (colon > 0 && !e.contains("]") && e.indexOf(':') == colon) {
          e = e.substring(0, colon);
        }
        if (e.startsWith(".")) {
          e = e.substring(1);
        }
        if (host.equals(e) || host.endsWith("." + e)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
  }
}
