package io.jagent.outputs.wavefront;

import io.jagent.outputs.wavefront.WavefrontConfig.Transport;
import io.jagent.spi.ConfigTable;
import io.jagent.spi.Output;
import io.jagent.spi.OutputFactory;
import io.jagent.spi.PluginContext;
import io.jagent.spi.Secret;
import io.jagent.spi.tls.TlsClientOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code [[outputs.wavefront]]}: sends metrics to a Wavefront proxy or to Wavefront directly. */
public final class WavefrontOutputFactory implements OutputFactory<WavefrontConfig> {
  /** Generic HTTP-client and OAuth/cookie options of Telegraf, accepted and ignored. */
  private static final List<String> IGNORED_HTTP_OPTIONS =
      List.of(
          "max_idle_conn",
          "max_idle_conn_per_host",
          "idle_conn_timeout",
          "response_timeout",
          "use_system_proxy",
          "http_proxy_url",
          "local_address",
          "tls_key_pwd",
          "tls_server_name",
          "tls_max_version",
          "tls_cipher_suites",
          "tls_renegotiation_method",
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

  @Override
  public String name() {
    return "wavefront";
  }

  @Override
  public String description() {
    return "Configuration for Wavefront server to send metrics to";
  }

  @Override
  public WavefrontConfig parse(ConfigTable t) {
    Optional<String> urlOpt = t.getString("url");
    boolean hasHost = t.contains("host");
    String legacyHost = t.getString("host", "");
    int legacyPort = t.getInt("port", WavefrontConfig.DEFAULT_PROXY_PORT);
    Secret token = t.getSecret("token");

    String prefix = t.getString("prefix", WavefrontConfig.DEFAULT_PREFIX);
    boolean simpleFields = t.getBoolean("simple_fields", WavefrontConfig.DEFAULT_SIMPLE_FIELDS);
    String separator = t.getString("metric_separator", WavefrontConfig.DEFAULT_METRIC_SEPARATOR);
    boolean convertPaths = t.getBoolean("convert_paths", WavefrontConfig.DEFAULT_CONVERT_PATHS);
    boolean useStrict = t.getBoolean("use_strict", WavefrontConfig.DEFAULT_USE_STRICT);
    boolean useRegex = t.getBoolean("use_regex", WavefrontConfig.DEFAULT_USE_REGEX);
    List<String> sourceOverride =
        t.getStringList("source_override", WavefrontConfig.DEFAULT_SOURCE_OVERRIDE);
    boolean convertBool = t.getBoolean("convert_bool", WavefrontConfig.DEFAULT_CONVERT_BOOL);
    boolean truncateTags = t.getBoolean("truncate_tags", WavefrontConfig.DEFAULT_TRUNCATE_TAGS);
    boolean immediateFlush =
        t.getBoolean("immediate_flush", WavefrontConfig.DEFAULT_IMMEDIATE_FLUSH);
    if (!immediateFlush) {
      t.warn(
          "immediate_flush",
          "ignored: points are always sent at the end of each write (the agent's flush_interval"
              + " and metric_batch_size do the batching)");
    }
    boolean sendInternal =
        t.getBoolean("send_internal_metrics", WavefrontConfig.DEFAULT_SEND_INTERNAL_METRICS);
    if (sendInternal && t.contains("send_internal_metrics")) {
      t.warn(
          "send_internal_metrics",
          "not implemented: the SDK's ~sdk.go.* metrics are not sent; this output's counters are"
              + " in internal_wavefront");
    }
    int batchSize =
        t.getInt("http_maximum_batch_size", WavefrontConfig.DEFAULT_HTTP_MAXIMUM_BATCH_SIZE);
    if (batchSize <= 0) {
      t.error("http_maximum_batch_size", "must be positive, got " + batchSize);
    }
    Duration timeout = t.getDuration("timeout", WavefrontConfig.DEFAULT_TIMEOUT);
    if (timeout.isNegative() || timeout.isZero()) {
      t.error("timeout", "must be positive");
    }

    // TLS (https only)
    t.getBoolean("tls_enable", false); // https always uses TLS; plain http never does
    // tls_key_pwd and tls_cipher_suites: accepted and ignored below
    TlsClientOptions tls =
        TlsClientOptions.parse(
            t, new TlsClientOptions.Support(false, false, TlsClientOptions.VERSIONS, true));
    for (String k : IGNORED_HTTP_OPTIONS) {
      if (t.contains(k)) {
        t.markUsed(k);
        t.warn(k, "accepted for compatibility and ignored (not implemented)");
      }
    }
    if (t.contains("string_to_number")) {
      t.markUsed("string_to_number");
      t.warn("string_to_number", "removed from Telegraf and ignored; use processors.enum instead");
    }

    // CSP authentication (not implemented: accepted and reported)
    t.getString("auth_csp_base_url", WavefrontConfig.DEFAULT_CSP_BASE_URL);
    Secret cspToken = t.getSecret("auth_csp_api_token");
    Optional<ConfigTable> csp = t.getTable("auth_csp_client_credentials");
    boolean cspSet = !cspToken.isEmpty() || csp.isPresent();
    if (csp.isPresent()) {
      csp.get().getString("app_id", "");
      csp.get().getSecret("app_secret");
      csp.get().getString("org_id", "");
    }
    if (cspSet && token.isEmpty()) {
      t.warn(
          cspToken.isEmpty() ? "auth_csp_client_credentials" : "auth_csp_api_token",
          "VMware CSP authentication is not implemented: requests carry no Authorization header;"
              + " use token");
    }

    Transport transport;
    String url = "";
    URI reportUri = null;
    String host = "";
    int port = 0;
    if (urlOpt.isPresent() && !urlOpt.get().isBlank()) {
      if (hasHost) {
        t.warn("host", "ignored: url is set and wins over host and port");
      }
      String raw = urlOpt.get().trim();
      URI u = null;
      try {
        u = new URI(raw);
      } catch (URISyntaxException e) {
        t.error("url", "could not parse the provided URL: " + redactUserInfo(raw));
      }
      if (u != null) {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
          t.error(
              "url",
              "could not create Wavefront Sender for the provided url "
                  + redactUserInfo(raw)
                  + ": the scheme must be http or https");
        } else if (u.getHost() == null) {
          t.error("url", "could not parse the provided URL: " + redactUserInfo(raw));
        } else {
          String userInfo = u.getRawUserInfo();
          if (token.isEmpty() && userInfo != null && !userInfo.isEmpty()) {
            token = Secret.of(userInfo);
          }
          boolean direct = !token.isEmpty() || cspSet;
          transport = direct ? Transport.DIRECT_HTTP : Transport.PROXY_HTTP;
          port = u.getPort();
          if (port == -1) {
            port =
                direct ? (scheme.equals("https") ? 443 : 80) : WavefrontConfig.DEFAULT_PROXY_PORT;
          }
          String path = u.getRawPath() == null ? "" : u.getRawPath();
          while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
          }
          host = u.getHost();
          url = scheme + "://" + host + (u.getPort() == -1 ? "" : ":" + u.getPort()) + path;
          reportUri = URI.create(scheme + "://" + host + ":" + port + path + "/report?f=wavefront");
          return new WavefrontConfig(
              transport,
              url,
              reportUri,
              host,
              port,
              token,
              prefix,
              simpleFields,
              separator,
              convertPaths,
              useStrict,
              useRegex,
              sourceOverride,
              convertBool,
              truncateTags,
              immediateFlush,
              sendInternal,
              batchSize,
              timeout,
              tls);
        }
      }
      transport = Transport.PROXY_HTTP;
    } else if (hasHost) {
      transport = Transport.PROXY_TCP;
      host = legacyHost.trim();
      port = legacyPort;
      if (host.isEmpty()) {
        t.error("host", "no URL specified: host is empty");
      }
      if (port < 1 || port > 65535) {
        t.error("port", "must be between 1 and 65535, got " + port);
      }
      t.deprecated(
          "host",
          "use url = \"http://"
              + host
              + ":"
              + port
              + "\" instead (HTTP to the proxy, what Telegraf 1.24+ does); with host and port"
              + " this output writes raw TCP lines to the proxy");
      if (!token.isEmpty()) {
        t.warn("token", "ignored with host and port (raw TCP to a proxy has no authentication)");
      }
    } else {
      t.error("url", "no URL specified");
      transport = Transport.PROXY_HTTP;
    }
    return new WavefrontConfig(
        transport,
        url,
        reportUri,
        host,
        port,
        token,
        prefix,
        simpleFields,
        separator,
        convertPaths,
        useStrict,
        useRegex,
        sourceOverride,
        convertBool,
        truncateTags,
        immediateFlush,
        sendInternal,
        batchSize,
        timeout,
        tls);
  }

  /** {@code https://TOKEN@host} → {@code https://<redacted>@host}, for messages. */
  static String redactUserInfo(String url) {
    return url.replaceAll("//[^/?#]*@", "//<redacted>@");
  }

  @Override
  public Output create(WavefrontConfig config, PluginContext ctx) throws Exception {
    return new WavefrontOutput(config, ctx);
  }
}
