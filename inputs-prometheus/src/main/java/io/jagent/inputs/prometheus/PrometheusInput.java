package io.jagent.inputs.prometheus;

import io.jagent.spi.Accumulator;
import io.jagent.spi.Clock;
import io.jagent.spi.HttpStatus;
import io.jagent.spi.Input;
import io.jagent.spi.Metric;
import io.jagent.spi.MetricType;
import io.jagent.spi.PluginContext;
import io.jagent.spi.SelfStats;
import io.jagent.spi.Stat;
import io.jagent.spi.tls.SslContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;

/**
 * Scrapes every URL each gather: all requests go out at once over one HttpClient, then each body is
 * parsed on the gathering thread as it streams in. A target's metrics are published only after its
 * body parsed cleanly; a failing target is reported and does not affect the others.
 */
final class PrometheusInput implements Input {
  /** Telegraf's: delimited protobuf preferred, then text 0.0.4; OpenMetrics is not asked for. */
  static final String ACCEPT =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
          + "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3";

  static final String USER_AGENT = "jagent/" + version() + " (Telegraf-compatible)";

  private final PrometheusConfig config;
  private final Logger log;
  private final Clock clock;
  private final HttpClient client;
  private final List<Target> targets = new ArrayList<>();

  /** A configured URL: where to send the request and what to put into the url tag. */
  record Target(URI requestUri, String tagUrl, String userInfo) {}

  /** Self-metrics of one target ({@code internal_prometheus}, as Telegraf's selfstats). */
  private record TargetStats(Stat connectionStatus, Stat success, Stat failure) {
    static TargetStats register(SelfStats stats, String url) {
      return new TargetStats(
          stats.register("prometheus", "connection_status", Map.of("url", url)),
          stats.register("prometheus", "gathers_total", Map.of("url", url, "status", "success")),
          stats.register("prometheus", "gathers_total", Map.of("url", url, "status", "failure")));
    }
  }

  private final List<TargetStats> stats = new ArrayList<>();

  PrometheusInput(PrometheusConfig config, PluginContext ctx) throws Exception {
    this.config = config;
    this.log = ctx.log();
    this.clock = ctx.clock();
    this.client = config.needsOwnClient() ? ownClient(config) : ctx.httpClient();
    for (String u : config.urls()) {
      try {
        Target t = target(u);
        targets.add(t);
        stats.add(TargetStats.register(ctx.stats(), t.tagUrl()));
      } catch (URISyntaxException e) {
        log.error("skipping URL \"{}\": {}", PrometheusInputFactory.redact(u), e.getReason());
      }
    }
  }

  private static String version() {
    String v = PrometheusInput.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static HttpClient ownClient(PrometheusConfig c) throws Exception {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(c.timeout());
    if (!c.tls().isDefault()) {
      SSLContext ssl;
      try {
        ssl = SslContexts.client(c.tls());
      } catch (IOException e) {
        throw new IllegalArgumentException("loading the TLS files failed: " + e, e);
      }
      b.sslContext(ssl);
      SSLParameters p = SslContexts.clientParameters(c.tls(), ssl);
      if (p != null) {
        b.sslParameters(p);
      }
    }
    if (!c.httpProxyUrl().isEmpty()) {
      URI p = new URI(c.httpProxyUrl());
      b.proxy(ProxySelector.of(new InetSocketAddress(p.getHost(), p.getPort())));
    } else if (c.useSystemProxy()) {
      b.proxy(ProxySelector.getDefault());
    }
    return b.build();
  }

  /** A bare host gets path /metrics; user-info goes out of the tag (reference §3). */
  static Target target(String url) throws URISyntaxException {
    URI u = new URI(url);
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/metrics" : u.getRawPath();
    String authority = u.getRawAuthority();
    int at = authority.lastIndexOf('@');
    String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
    String userInfo = at >= 0 ? u.getUserInfo() : null;
    StringBuilder clean = new StringBuilder();
    clean.append(u.getScheme()).append("://").append(hostPort).append(path);
    if (u.getRawQuery() != null) {
      clean.append('?').append(u.getRawQuery());
    }
    String s = clean.toString();
    return new Target(new URI(s), s, userInfo);
  }

  List<Target> targets() {
    return targets;
  }

  HttpClient client() {
    return client;
  }

  private HttpRequest request(Target t, Duration headerTimeout) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(t.requestUri())
            .GET()
            // no h2c upgrade dance on plain http (Telegraf's Go client speaks HTTP/1.1 there)
            .version(HttpClient.Version.HTTP_1_1)
            .timeout(headerTimeout)
            .header("User-Agent", USER_AGENT)
            .header("Accept", ACCEPT)
            .header("Accept-Encoding", "gzip");
    String auth = null;
    if (!config.bearerToken().isEmpty()) {
      // re-read on every scrape (rotated service-account tokens); content used verbatim
      String token;
      try {
        token = Files.readString(Path.of(config.bearerToken()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException(
            "reading bearer token file \"" + config.bearerToken() + "\" failed: " + e, e);
      }
      auth = "Bearer " + token;
    } else if (!config.bearerTokenString().isEmpty()) {
      auth = "Bearer " + config.bearerTokenString().reveal();
    } else if (!config.username().isEmpty() || !config.password().isEmpty()) {
      auth = basic(config.username().reveal(), config.password().reveal());
    } else if (t.userInfo() != null) {
      int colon = t.userInfo().indexOf(':');
      auth =
          colon < 0
              ? basic(t.userInfo(), "")
              : basic(t.userInfo().substring(0, colon), t.userInfo().substring(colon + 1));
    }
    if (auth != null) {
      if (auth.indexOf('\n') >= 0 || auth.indexOf('\r') >= 0) {
        throw new IOException("invalid header value for Authorization (contains a newline)");
      }
      b.header("Authorization", auth);
    }
    for (Map.Entry<String, String> h : config.httpHeaders().entrySet()) {
      b.setHeader(h.getKey(), h.getValue());
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid request header: " + e.getMessage(), e);
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void gather(Accumulator acc) throws Exception {
    int n = targets.size();
    Duration timeout = config.timeout();
    Duration headerTimeout = timeout;
    if (!config.responseTimeout().isZero() && config.responseTimeout().compareTo(timeout) < 0) {
      headerTimeout = config.responseTimeout();
    }
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    List<CompletableFuture<HttpResponse<InputStream>>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Target t = targets.get(i);
      HttpRequest req;
      try {
        req = request(t, headerTimeout);
      } catch (IOException e) {
        stats.get(i).failure().incr(1);
        acc.addError(
            new IOException(
                "error making HTTP request to \"" + t.tagUrl() + "\": " + e.getMessage()));
        futures.add(null);
        continue;
      }
      futures.add(client.sendAsync(req, info -> new StreamingBody(deadline)));
    }
    try {
      for (int i = 0; i < n; i++) {
        if (futures.get(i) != null) {
          boolean ok = scrape(targets.get(i), stats.get(i), futures.get(i), start, deadline, acc);
          (ok ? stats.get(i).success() : stats.get(i).failure()).incr(1);
        }
      }
    } finally {
      for (CompletableFuture<HttpResponse<InputStream>> f : futures) {
        if (f != null) {
          // a response that arrives after we gave up (timeout, interrupt) releases its connection
          f.whenComplete((r, e) -> closeQuietly(r));
        }
      }
    }
  }

  /** Scrapes one target; true when its metrics were published. */
  private boolean scrape(
      Target t,
      TargetStats st,
      CompletableFuture<HttpResponse<InputStream>> f,
      long start,
      long deadline,
      Accumulator acc)
      throws InterruptedException {
    String url = t.tagUrl();
    Stat connection = st.connectionStatus();
    HttpResponse<InputStream> resp;
    try {
      long wait = Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(1);
      resp = f.get(wait, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      acc.addError(
          new IOException(
              "error making HTTP request to \"" + url + "\": " + describe(e.getCause())));
      connection.set(0);
      return false;
    } catch (TimeoutException | CancellationException e) {
      acc.addError(new IOException("error making HTTP request to \"" + url + "\": timeout"));
      connection.set(0);
      return false;
    }
    connection.set(1);
    boolean ok = false;
    double responseTime = (System.nanoTime() - start) / 1e9;
    long contentLength = -1;
    try (InputStream body = resp.body()) {
      if (resp.statusCode() != 200) {
        acc.addError(
            new IOException(
                "\""
                    + url
                    + "\" returned HTTP status \""
                    + HttpStatus.line(resp.statusCode())
                    + "\""));
      } else {
        ok = read(t, resp, body, acc);
        if (ok && body instanceof StreamingBody sb) {
          contentLength = sb.bytesRead();
        }
      }
    } catch (IOException e) {
      ok = false;
      acc.addError(new IOException("error reading metrics for \"" + url + "\": " + describe(e)));
    }
    if (config.enableRequestMetrics()) {
      Metric.Builder b =
          Metric.builder("prometheus_request")
              .type(MetricType.UNTYPED)
              .field("response_time", responseTime);
      if (!config.urlTag().isEmpty()) {
        b.tag(config.urlTag(), url);
      }
      if (contentLength >= 0) {
        b.field("content_length", contentLength);
      }
      acc.add(b.build());
    }
    return ok;
  }

  /**
   * Parses one body and, only when all of it parsed, hands its metrics to {@code acc}; false when
   * the scrape yields nothing (error reported, or body too large).
   */
  private boolean read(Target t, HttpResponse<InputStream> resp, InputStream body, Accumulator acc)
      throws IOException {
    String encoding = resp.headers().firstValue("Content-Encoding").orElse("");
    InputStream in = body;
    if (encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
      in = new GZIPInputStream(in, 8192);
    }
    LimitedInputStream limited = new LimitedInputStream(in, config.contentLengthLimit());
    Exposition.Format format =
        Exposition.formatOf(
            resp.headers().firstValue("Content-Type").orElse(null), config.contentTypeOverride());
    String[] extra =
        config.urlTag().isEmpty() ? new String[0] : new String[] {config.urlTag(), t.tagUrl()};
    try {
      Exposition.parse(
          limited,
          format,
          config.metricVersion(),
          config.ignoreTimestamp(),
          clock.epochNanos(),
          extra,
          LineReader.DEFAULT_BUFFER,
          acc::add);
    } catch (LimitedInputStream.TooLarge e) {
      log.info("skipping {}: {}", t.tagUrl(), e.getMessage());
      return false;
    } catch (ExpositionException e) {
      acc.addError(
          new IOException(
              "error reading metrics for \""
                  + t.tagUrl()
                  + "\": decoding response failed: "
                  + e.getMessage()));
      return false;
    }
    return true;
  }

  private static void closeQuietly(HttpResponse<InputStream> r) {
    if (r != null) {
      try {
        r.body().close();
      } catch (IOException | RuntimeException e) {
        // nothing left to do with this response
      }
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "timeout (" + e.getMessage() + ")";
    }
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
