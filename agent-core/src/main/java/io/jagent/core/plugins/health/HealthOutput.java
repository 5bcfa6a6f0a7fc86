package io.jagent.core.plugins.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.jagent.spi.Clock;
import io.jagent.spi.HttpStatus;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.spi.PluginContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Telegraf's {@code outputs.health}: an HTTP endpoint answering 200 while the metrics written to
 * this output pass every check, 503 when one fails or when no metric arrived within {@code
 * max_time_between_metrics}, and {@code default_status} before the first metric.
 *
 * <p>{@link #write} (a worker thread) publishes an immutable {@link State} through a volatile
 * field; the HTTP thread only reads it. One server thread (the JDK's dispatcher) plus one handler
 * thread, both daemons.
 */
final class HealthOutput implements Output {
  private static final String SERVER = "jagent";
  private static final String REALM = "health";
  private static final int BACKLOG = 16;

  /** What the last write found; {@code lastMetricNanos} is monotonic time. */
  record State(boolean metricsAvailable, boolean healthy, long lastMetricNanos) {}

  private final HealthConfig config;
  private final PluginContext ctx;
  private final Clock clock;
  private final SSLContext ssl;
  private final List<Check> checks;
  private final long maxTimeNanos;
  private final byte[] expectedUser;
  private final byte[] expectedPassword;

  private volatile State state;
  private HttpServer server;
  private ExecutorService executor;
  private volatile InetSocketAddress boundAddress;

  HealthOutput(HealthConfig config, PluginContext ctx, SSLContext ssl) {
    this.config = config;
    this.ctx = ctx;
    this.clock = ctx.clock();
    this.ssl = ssl;
    List<Check> all = new ArrayList<>(config.compares());
    all.addAll(config.contains());
    this.checks = List.copyOf(all);
    this.maxTimeNanos = config.maxTimeBetweenMetrics().toNanos();
    this.expectedUser = config.basicUsername().getBytes(StandardCharsets.UTF_8);
    this.expectedPassword = config.basicPassword().reveal().getBytes(StandardCharsets.UTF_8);
    this.state = new State(false, true, clock.nanoTime());
  }

  @Override
  public synchronized void connect() throws IOException {
    if (server != null) {
      return;
    }
    InetSocketAddress bind = ServiceAddress.parse(config.serviceAddress()).socketAddress();
    HttpServer s;
    try {
      s = ssl != null ? HttpsServer.create(bind, BACKLOG) : HttpServer.create(bind, BACKLOG);
    } catch (IOException e) {
      throw new IOException("listen on " + config.serviceAddress() + ": " + e.getMessage(), e);
    }
    if (s instanceof HttpsServer https) {
      https.setHttpsConfigurator(
          new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters p = ssl.getDefaultSSLParameters();
              p.setNeedClientAuth(!config.tlsAllowedCacerts().isEmpty());
              params.setSSLParameters(p);
            }
          });
    }
    String threadName = ctx.pluginId() + "-http";
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    s.setExecutor(executor);
    s.createContext("/", this::handle);
    // Counted from start-up, so that an agent that never writes turns unhealthy.
    state = new State(false, true, clock.nanoTime());
    try {
      startAsDaemon(s, threadName);
    } catch (IOException e) {
      executor.shutdownNow();
      executor = null;
      throw e;
    }
    server = s;
    boundAddress = s.getAddress();
    ctx.log().info("Listening on {}", origin());
  }

  /**
   * Starts the server from a daemon thread: the JDK's dispatcher thread inherits the daemon flag of
   * the thread that starts it, and must not keep the JVM alive.
   */
  private static void startAsDaemon(HttpServer s, String name) throws IOException {
    Thread starter = new Thread(s::start, name + "-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.stop(0);
      throw new InterruptedIOException("interrupted while starting the health listener");
    }
  }

  /** {@code http://host:port} of the bound listener, or null before connect. */
  String origin() {
    InetSocketAddress a = boundAddress;
    if (a == null) {
      return null;
    }
    String host = a.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return (ssl != null ? "https" : "http") + "://" + host + ":" + a.getPort();
  }

  InetSocketAddress boundAddress() {
    return boundAddress;
  }

  @Override
  public void write(List<Metric> batch) {
    if (batch.isEmpty()) {
      return;
    }
    boolean healthy = true;
    for (int i = 0, n = checks.size(); i < n && healthy; i++) {
      healthy = checks.get(i).test(batch);
    }
    state = new State(true, healthy, clock.nanoTime());
  }

  /** The HTTP status a request gets now. */
  int status() {
    State s = state;
    if (maxTimeNanos > 0 && clock.nanoTime() - s.lastMetricNanos() >= maxTimeNanos) {
      return 503;
    }
    if (!s.metricsAvailable()) {
      return config.defaultStatus();
    }
    return s.healthy() ? 200 : 503;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getRequestBody().close();
      var h = ex.getResponseHeaders();
      h.set("Server", SERVER);
      int code;
      if (config.basicAuthEnabled()
          && !authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
        h.set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
        code = 401;
      } else {
        code = status();
      }
      h.set("Content-Type", "text/plain; charset=utf-8");
      h.set("X-Content-Type-Options", "nosniff");
      byte[] body = (HttpStatus.reason(code) + "\n").getBytes(StandardCharsets.UTF_8);
      if ("HEAD".equals(ex.getRequestMethod()) || code == 204 || code == 304) {
        ex.sendResponseHeaders(code, -1);
      } else {
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** Constant-time check of a {@code Basic} Authorization header; never logs it. */
  boolean authorized(String header) {
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(header.substring(6).trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = -1;
    for (int i = 0; i < decoded.length; i++) {
      if (decoded[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon < 0) {
      return false;
    }
    byte[] user = Arrays.copyOfRange(decoded, 0, colon);
    byte[] pass = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
    boolean userOk = MessageDigest.isEqual(user, expectedUser);
    boolean passOk = MessageDigest.isEqual(pass, expectedPassword);
    return userOk & passOk;
  }

  @Override
  public synchronized void close() {
    HttpServer s = server;
    server = null;
    if (s != null) {
      s.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
    boundAddress = null;
  }
}
