package io.jagent.inputs.prometheus;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Input;
import io.jagent.spi.InputFactory;
import io.jagent.spi.PluginContext;
import io.jagent.spi.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code [[inputs.prometheus]]}: scrapes Prometheus/OpenMetrics endpoints. */
public final class PrometheusInputFactory implements InputFactory<PrometheusConfig> {
  private static final String NOT_SUPPORTED =
      "not supported yet: this agent does not do service discovery; list the targets in \"urls\"";

  /** Kubernetes pod discovery options that only matter when monitor_kubernetes_pods is on. */
  private static final List<String> POD_OPTIONS =
      List.of(
          "monitor_kubernetes_pods_method",
          "monitor_kubernetes_pods_scheme",
          "monitor_kubernetes_pods_port",
          "monitor_kubernetes_pods_path",
          "monitor_kubernetes_pods_namespace",
          "pod_scrape_scope",
          "pod_scrape_interval",
          "pod_annotation_include",
          "pod_annotation_exclude",
          "pod_label_include",
          "pod_label_exclude",
          "pod_namespace_label_name",
          "kubernetes_label_selector",
          "kubernetes_field_selector",
          "kube_config",
          "cache_refresh_interval",
          "node_ip",
          "namespace_annotation_pass",
          "namespace_annotation_drop");

  /** Generic HTTP client options refused (not implemented). */
  private static final List<String> REFUSED_HTTP =
      List.of(
          "local_address",
          "tls_key_pwd",
          "tls_server_name",
          "client_id",
          "client_secret",
          "token_url",
          "scopes",
          "audience",
          "cookie_auth_url",
          "cookie_auth_method",
          "cookie_auth_username",
          "cookie_auth_password",
          "cookie_auth_headers",
          "cookie_auth_body",
          "cookie_auth_renewal");

  /** Tuning options of Go's HTTP transport: accepted, no effect here. */
  private static final List<String> IGNORED_HTTP =
      List.of(
          "max_idle_conn",
          "max_idle_conn_per_host",
          "idle_conn_timeout",
          "tls_renegotiation_method",
          "tls_enable");

  private static final Set<String> CONTENT_TYPES =
      Set.of(
          "text",
          "protobuf-delimiter",
          "protobuf-compact",
          "protobuf-text",
          "openmetrics-text",
          "openmetrics-protobuf");

  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  public String description() {
    return "Read metrics from one or many prometheus clients";
  }

  @Override
  public PrometheusConfig parse(ConfigTable t) {
    List<String> urls = t.getStringList("urls", List.of());
    for (String u : urls) {
      String problem = checkUrl(u);
      if (problem != null) {
        t.error("urls", problem);
      }
    }
    int version = t.getInt("metric_version", PrometheusConfig.DEFAULT_METRIC_VERSION);
    if (version == 0) {
      version = 1;
    }
    if (version != 1 && version != 2) {
      t.error("metric_version", "unknown metric version " + version + " (want 1 or 2)");
    }
    String urlTag = t.getString("url_tag", PrometheusConfig.DEFAULT_URL_TAG);
    boolean ignoreTimestamp = t.getBoolean("ignore_timestamp", false);
    Duration timeout = t.getDuration("timeout", PrometheusConfig.DEFAULT_TIMEOUT);
    if (timeout.isZero() || timeout.isNegative()) {
      timeout = PrometheusConfig.DEFAULT_TIMEOUT;
    }
    Duration responseTimeout =
        t.getDuration("response_timeout", PrometheusConfig.DEFAULT_RESPONSE_TIMEOUT);
    if (responseTimeout.isNegative()) {
      t.error("response_timeout", "must not be negative");
    } else if (!responseTimeout.isZero()) {
      t.warn(
          "response_timeout",
          "only bounds the wait for the response headers; use \"timeout\" for the whole request");
    }
    String bearerToken = t.getString("bearer_token", "");
    Secret bearerTokenString = t.getSecret("bearer_token_string");
    Secret username = t.getSecret("username");
    Secret password = t.getSecret("password");
    Map<String, String> headers = t.getStringMap("http_headers", Map.of());
    for (String k : headers.keySet()) {
      String lk = k.toLowerCase(Locale.ROOT);
      if (lk.equals("host")) {
        t.error("http_headers", "setting the Host header is not supported yet");
      } else if (Set.of("connection", "content-length", "expect", "upgrade").contains(lk)) {
        t.error("http_headers", "header \"" + k + "\" cannot be set");
      }
    }
    long limit = t.getSize("content_length_limit", PrometheusConfig.DEFAULT_CONTENT_LENGTH_LIMIT);
    if (limit < 0) {
      t.error("content_length_limit", "must not be negative");
    }
    String override = t.getString("content_type_override", "");
    if (!override.isEmpty()) {
      if (!CONTENT_TYPES.contains(override)) {
        t.error("content_type_override", "unknown content type \"" + override + "\"");
      } else if (override.equals("openmetrics-protobuf")) {
        t.error("content_type_override", "\"openmetrics-protobuf\" is not supported yet");
      }
    }
    boolean requestMetrics = t.getBoolean("enable_request_metrics", false);
    String tlsCa = t.getString("tls_ca", "");
    String tlsCert = t.getString("tls_cert", "");
    String tlsKey = t.getString("tls_key", "");
    if (tlsCert.isEmpty() != tlsKey.isEmpty()) {
      t.error(tlsCert.isEmpty() ? "tls_key" : "tls_cert", "tls_cert and tls_key go together");
    }
    boolean insecure = t.getBoolean("insecure_skip_verify", false);
    String tlsMin = t.getString("tls_min_version", "");
    if (!tlsMin.isEmpty() && !Set.of("TLS12", "TLS13").contains(tlsMin)) {
      t.error("tls_min_version", "unsupported TLS version \"" + tlsMin + "\" (TLS12 or TLS13)");
    }
    String proxy = t.getString("http_proxy_url", "");
    if (!proxy.isEmpty()) {
      try {
        URI p = new URI(proxy);
        if (p.getHost() == null || p.getPort() < 0) {
          t.error("http_proxy_url", "want http://host:port");
        }
      } catch (URISyntaxException e) {
        t.error("http_proxy_url", "invalid URL: " + e.getMessage());
      }
    }
    boolean systemProxy = t.getBoolean("use_system_proxy", false);
    for (String k : IGNORED_HTTP) {
      t.markUsed(k);
    }
    for (String k : REFUSED_HTTP) {
      if (t.contains(k)) {
        t.markUsed(k);
        t.error(k, "option not supported yet");
      }
    }
    refuseDiscovery(t);
    return new PrometheusConfig(
        urls,
        version,
        urlTag,
        ignoreTimestamp,
        timeout,
        responseTimeout,
        bearerToken,
        bearerTokenString,
        username,
        password,
        headers,
        limit,
        override,
        requestMetrics,
        tlsCa,
        tlsCert,
        tlsKey,
        insecure,
        tlsMin,
        proxy,
        systemProxy);
  }

  private static void refuseDiscovery(ConfigTable t) {
    boolean pods = t.getBoolean("monitor_kubernetes_pods", false);
    if (pods) {
      t.error("monitor_kubernetes_pods", "Kubernetes pod discovery is " + NOT_SUPPORTED);
    }
    for (String k : POD_OPTIONS) {
      if (t.contains(k)) {
        t.markUsed(k);
        if (pods) {
          t.error(k, "Kubernetes pod discovery is " + NOT_SUPPORTED);
        } else {
          t.warn(k, "ignored: only used with monitor_kubernetes_pods, which is not supported yet");
        }
      }
    }
    if (!t.getStringList("kubernetes_services", List.of()).isEmpty()) {
      t.error("kubernetes_services", "kubernetes_services discovery is " + NOT_SUPPORTED);
    }
    for (String sd : List.of("consul", "http_service_discovery")) {
      if (t.contains(sd)) {
        t.markUsed(sd);
        t.error(sd, "[inputs.prometheus." + sd + "] discovery is " + NOT_SUPPORTED);
      }
    }
  }

  /** Null when {@code url} is a URL this plugin can scrape, else the problem. */
  static String checkUrl(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      return "invalid URL \"" + redact(url) + "\": " + e.getReason();
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("unix") || scheme.equals("http+unix")) {
      return "unix socket URLs are not supported yet: \"" + redact(url) + "\"";
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "URL \"" + redact(url) + "\" must use http or https";
    }
    if (u.getHost() == null) {
      return "URL \"" + redact(url) + "\" has no host";
    }
    return null;
  }

  /** The URL without user-info, for messages. */
  static String redact(String url) {
    int scheme = url.indexOf("://");
    int at = url.indexOf('@');
    int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
    if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
      return url.substring(0, scheme + 3) + url.substring(at + 1);
    }
    return url;
  }

  @Override
  public Input create(PrometheusConfig config, PluginContext ctx) throws Exception {
    return new PrometheusInput(config, ctx);
  }
}
