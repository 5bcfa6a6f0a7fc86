package io.jagent.outputs.wavefront;

import io.jagent.outputs.wavefront.WavefrontConfig.Transport;
import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.spi.PluginContext;
import io.jagent.spi.Stat;
import io.jagent.spi.tls.SslContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * {@code [[outputs.wavefront]]}: renders each batch into Wavefront lines ({@link
 * WavefrontFormatter}) and ships them in chunks of at most {@code http_maximum_batch_size} lines
 * through a {@link Sender} (HTTP to a proxy, HTTP to Wavefront with a token, or raw TCP to a
 * proxy).
 *
 * <p>A network error or a retryable status fails the write at once so that the core keeps the whole
 * batch (chunks already delivered are sent again: Wavefront keeps one value per metric, source,
 * tags and timestamp, so a repeat is harmless). A rejected chunk (HTTP 4xx) does not stop the
 * others; the write then ends with a {@link BatchRejectedException}.
 */
final class WavefrontOutput implements Output {
  private final WavefrontConfig config;
  private final PluginContext ctx;
  private final Sender sender;
  private final WavefrontFormatter formatter;
  private final int maxLines;

  private final StringBuilder text = new StringBuilder(64 * 1024);
  private byte[] bytes = new byte[64 * 1024];

  private final Stat pointsSent;
  private final Stat pointsRejected;
  private final Stat fieldsSkipped;
  private final Stat tagsDropped;
  private final Stat sendErrors;

  WavefrontOutput(WavefrontConfig config, PluginContext ctx) throws Exception {
    this(config, ctx, sender(config, ctx), localHostname());
  }

  WavefrontOutput(WavefrontConfig config, PluginContext ctx, Sender sender, String defaultSource) {
    this.config = config;
    this.ctx = ctx;
    this.sender = sender;
    this.formatter = new WavefrontFormatter(config, defaultSource);
    this.maxLines = config.httpMaximumBatchSize();
    Map<String, String> tags = statTags(ctx.pluginId());
    this.pointsSent = ctx.stats().register("wavefront", "points_sent", tags);
    this.pointsRejected = ctx.stats().register("wavefront", "points_rejected", tags);
    this.fieldsSkipped = ctx.stats().register("wavefront", "fields_skipped", tags);
    this.tagsDropped = ctx.stats().register("wavefront", "tags_dropped", tags);
    this.sendErrors = ctx.stats().register("wavefront", "send_errors", tags);
  }

  private static Map<String, String> statTags(String pluginId) {
    int i = pluginId.indexOf("::");
    return i < 0 ? Map.of() : Map.of("alias", pluginId.substring(i + 2));
  }

  private static Sender sender(WavefrontConfig c, PluginContext ctx) throws Exception {
    if (c.transport() == Transport.PROXY_TCP) {
      return new TcpSender(c.host(), c.port(), c.timeout(), ctx.clock(), ctx.log());
    }
    HttpClient client;
    if (c.reportUri().getScheme().equals("https") && !c.tls().isDefault()) {
      SSLContext ssl = SslContexts.client(c.tls());
      HttpClient.Builder b =
          HttpClient.newBuilder()
              .connectTimeout(c.timeout())
              .followRedirects(HttpClient.Redirect.NEVER)
              .sslContext(ssl);
      SSLParameters p = SslContexts.clientParameters(c.tls(), ssl);
      if (p != null) {
        b.sslParameters(p);
      }
      client = b.build();
    } else {
      client = ctx.httpClient();
    }
    return new HttpSender(client, c.reportUri(), c.token(), c.timeout());
  }

  /** The machine's host name, the SDK's source when a point has none (Go's os.Hostname). */
  static String localHostname() {
    try {
      Path p = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(p)) {
        String h = Files.readString(p, StandardCharsets.US_ASCII).trim();
        if (!h.isEmpty()) {
          return h;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    try {
      String h = InetAddress.getLocalHost().getHostName();
      if (h != null && !h.isEmpty()) {
        return h;
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return "wavefront_direct_sender";
  }

  @Override
  public void connect() {
    try {
      sender.connect();
    } catch (IOException e) {
      // the proxy may start after the agent: writes keep retrying with backoff
      ctx.log().warn("Wavefront at {} not reachable yet: {}", config.target(), e.getMessage());
    }
    ctx.log().info("sending to {} ({})", config.target(), config.transport());
  }

  @Override
  public void write(List<Metric> batch) throws IOException {
    text.setLength(0);
    int lines = 0;
    int total = 0;
    int rejectedLines = 0;
    BatchRejectedException rejected = null;
    try {
      for (Metric m : batch) {
        formatter.prepare(m);
        for (int i = 0, n = m.fieldCount(); i < n; i++) {
          if (formatter.appendField(m, i, text)) {
            lines++;
            if (lines == maxLines) {
              BatchRejectedException r = sendChunk(lines);
              if (r != null) {
                rejected = rejected == null ? r : rejected;
                rejectedLines += lines;
              }
              total += lines;
              lines = 0;
              text.setLength(0);
            }
          }
        }
      }
      if (lines > 0) {
        BatchRejectedException r = sendChunk(lines);
        if (r != null) {
          rejected = rejected == null ? r : rejected;
          rejectedLines += lines;
        }
        total += lines;
      }
    } finally {
      fieldsSkipped.incr(formatter.takeSkippedFields());
      tagsDropped.incr(formatter.takeDroppedTags());
      if (text.capacity() > 4 * 1024 * 1024) {
        text.setLength(0);
        text.trimToSize(); // don't keep a huge buffer after one huge batch
      }
    }
    if (rejected != null) {
      pointsRejected.incr(rejectedLines);
      ctx.rateLimitedLog()
          .error(
              "Wavefront rejected {} of {} points; they are dropped: {}",
              rejectedLines,
              total,
              rejected.getMessage());
      throw new BatchRejectedException(
          rejectedLines + " of " + total + " points rejected: " + rejected.getMessage(), rejected);
    }
    ctx.log().debug("sent {} points to {}", total, config.target());
  }

  /** Sends the lines in {@link #text}; returns the rejection of a 4xx, throws to retry. */
  private BatchRejectedException sendChunk(int lines) throws IOException {
    int len = encode(text);
    try {
      sender.send(bytes, len, lines);
      pointsSent.incr(lines);
      return null;
    } catch (BatchRejectedException e) {
      return e;
    } catch (IOException e) {
      sendErrors.incr(1);
      throw e;
    }
  }

  /** UTF-8 of {@code s} into {@link #bytes} (reused); returns the length. */
  private int encode(CharSequence s) {
    int n = s.length();
    if (bytes.length < n) {
      bytes = new byte[Math.max(n, bytes.length * 2)];
    }
    if (bytes.length < n * 3) {
      int need = utf8Length(s);
      if (bytes.length < need) {
        bytes = new byte[Math.max(need, bytes.length + bytes.length / 2)];
      }
    }
    byte[] b = bytes;
    int j = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        b[j++] = (byte) c;
      } else if (c < 0x800) {
        b[j++] = (byte) (0xC0 | (c >> 6));
        b[j++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[j++] = (byte) (0xF0 | (cp >> 18));
        b[j++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[j++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[j++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        b[j++] = '?';
      } else {
        b[j++] = (byte) (0xE0 | (c >> 12));
        b[j++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[j++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return j;
  }

  private static int utf8Length(CharSequence s) {
    int len = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        len++;
      } else if (c < 0x800) {
        len += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 4;
        i++;
      } else {
        len += 3;
      }
    }
    return len;
  }

  @Override
  public void close() throws IOException {
    sender.close();
  }
}
