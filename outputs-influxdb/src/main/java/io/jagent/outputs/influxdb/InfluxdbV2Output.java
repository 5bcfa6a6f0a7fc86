package io.jagent.outputs.influxdb;

import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Clock;
import io.jagent.spi.HttpStatus;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.spi.PluginContext;
import io.jagent.spi.Stat;
import io.jagent.spi.lineprotocol.LineBuffer;
import io.jagent.spi.lineprotocol.LineProtocolSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * {@code outputs.influxdb_v2}: {@code POST <url>/api/v2/write?bucket=&org=&precision=ns} with
 * {@code Authorization: Token ...}; one random URL per batch, the others as fallbacks; 413 splits
 * the batch; 429/502/503/504 back off (reference influxdb.md §6).
 */
final class InfluxdbV2Output implements Output {
  private static final Set<Integer> SUCCESS = Set.of(200, 201, 202, 204, 206, 207, 208);
  private static final Set<Integer> THROTTLE = Set.of(429, 502, 503, 504);

  private final InfluxdbV2Config config;
  private final PluginContext ctx;
  private final Logger log;
  private final Clock clock;
  private final Map<Endpoint, Transport> transports = new LinkedHashMap<>();
  private final BodyEncoder encoder;
  private final Random random;
  private final Map<Endpoint, Backoff> backoff = new LinkedHashMap<>();
  private final Stat bytesWritten;

  /** Per-URL throttling state. */
  private static final class Backoff {
    long retryAtNanos;
    boolean active;
    int count;
  }

  InfluxdbV2Output(InfluxdbV2Config config, PluginContext ctx) throws IOException {
    this(config, ctx, new Random());
  }

  InfluxdbV2Output(InfluxdbV2Config config, PluginContext ctx, Random random) throws IOException {
    this.config = config;
    this.ctx = ctx;
    this.log = ctx.log();
    this.clock = ctx.clock();
    this.random = random;
    Transport jdk = null;
    for (Endpoint e : config.urls()) {
      if (e.unix()) {
        transports.put(e, new UnixSocketTransport(e.socketPath(), config.http().timeout()));
      } else {
        if (jdk == null) {
          jdk = Transport.jdk(config.http().buildClient(), config.http().timeout());
        }
        transports.put(e, jdk);
      }
    }
    this.bytesWritten = SelfStatsTags.bytesWritten(ctx, "influxdb_v2");
    this.encoder =
        new BodyEncoder(
            new LineProtocolSerializer(
                false, config.influxUintSupport(), config.influxOmitTimestamp()),
            config.gzip(),
            log);
    for (Endpoint e : config.urls()) {
      backoff.put(e, new Backoff());
    }
  }

  @Override
  public void connect() {}

  @Override
  public void close() {
    encoder.close();
  }

  @Override
  public void write(List<Metric> batch) throws IOException {
    encoder.newBatch();
    Map<String, List<Metric>> groups = group(batch);
    List<Endpoint> order = new ArrayList<>(config.urls());
    Collections.shuffle(order, random);
    for (Endpoint e : order) {
      try {
        for (Map.Entry<String, List<Metric>> g : groups.entrySet()) {
          post(e, g.getKey(), g.getValue());
        }
        return;
      } catch (BatchRejectedException ex) {
        throw ex;
      } catch (IOException ex) {
        ctx.rateLimitedLog().warn("When writing to [{}]: {}", e, ex.getMessage());
      }
    }
    throw new IOException("failed to send metrics to any configured server(s)");
  }

  private Map<String, List<Metric>> group(List<Metric> batch) {
    String tag = config.bucketTag();
    if (tag.isEmpty()) {
      return Map.of(config.bucket(), batch);
    }
    Map<String, List<Metric>> groups = new LinkedHashMap<>();
    for (Metric m : batch) {
      String bucket = config.bucket();
      Metric w = m;
      if (m.hasTag(tag)) {
        bucket = m.tag(tag);
        if (config.excludeBucketTag()) {
          w = m.toBuilder().removeTag(tag).build();
        }
      }
      groups.computeIfAbsent(bucket, k -> new ArrayList<>()).add(w);
    }
    return groups;
  }

  private void post(Endpoint e, String bucket, List<Metric> metrics) throws IOException {
    Backoff b = backoff.get(e);
    if (b.active && clock.nanoTime() - b.retryAtNanos < 0) {
      throw new IOException("retry time has not elapsed");
    }
    LineBuffer body = encoder.encode(metrics);
    if (encoder.lastMetrics() == 0) {
      return;
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("bucket", bucket);
    q.put("org", config.organization());
    q.put("precision", "ns");
    Map<String, String> h = new LinkedHashMap<>(config.http().headers());
    h.put("User-Agent", config.http().userAgent());
    h.put("Content-Type", "text/plain; charset=utf-8");
    if (!config.token().isEmpty()) {
      h.put("Authorization", "Token " + config.token().reveal());
    }
    if (encoder.gzip()) {
      h.put("Content-Encoding", "gzip");
    }
    Transport.Response resp;
    try {
      resp = transports.get(e).post(e.resolve("api/v2/write", q), h, body.array(), 0, body.size());
    } catch (IOException ex) {
      encoder.abandon();
      throw ex;
    }
    bytesWritten.incr(body.size());
    int status = resp.status();
    if (log.isDebugEnabled()) {
      log.debug(
          "wrote {} metrics ({} bytes) to [{}]: {}", encoder.lastMetrics(), body.size(), e, status);
    }
    if (SUCCESS.contains(status)) {
      b.active = false;
      b.count = 0;
      return;
    }
    String desc = describe(resp);
    if (status == 413) {
      if (metrics.size() <= 1) {
        throw new BatchRejectedException(
            "Failed to write metric (will be dropped: " + HttpStatus.line(status) + "): " + desc);
      }
      int half = metrics.size() / 2;
      List<Metric> first = new ArrayList<>(metrics.subList(0, half));
      List<Metric> second = new ArrayList<>(metrics.subList(half, metrics.size()));
      post(e, bucket, first);
      post(e, bucket, second);
      return;
    }
    if (status == 401 || status == 403) {
      throw new IOException(HttpStatus.line(status) + ": " + desc);
    }
    if (THROTTLE.contains(status)) {
      b.count++;
      long wait = retryAfterSeconds(resp.header("Retry-After").orElse(null));
      long byCount = Math.min(60_000L, (long) b.count * b.count * 1000L / 40);
      long waitMillis = Math.max(TimeUnit.SECONDS.toMillis(wait), byCount);
      b.active = true;
      b.retryAtNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
      throw new IOException(
          HttpStatus.line(status) + ": " + desc + " (retrying in " + waitMillis + " ms)");
    }
    if (status >= 400 && status < 500) {
      throw new BatchRejectedException(
          "Failed to write metric to "
              + bucket
              + " (will be dropped: "
              + HttpStatus.line(status)
              + "): "
              + desc);
    }
    throw new IOException(HttpStatus.line(status) + ": " + desc);
  }

  /** Retry-After in seconds, capped at 600; absent → 0, unparsable → 10. */
  static long retryAfterSeconds(String header) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    try {
      return Math.min(600, Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return 10;
    }
  }

  private static String describe(Transport.Response resp) {
    String body = HttpV1Client.truncate(resp.text());
    JsonBody j = JsonBody.parse(body);
    String desc = body;
    if (j.valid() && j.object()) {
      // v2 error bodies: {"code":"invalid","message":"..."}
      desc = jsonMessage(body);
    }
    String xerr = resp.header("X-Influx-Error").orElse("");
    if (!xerr.isEmpty()) {
      desc = desc.isEmpty() ? xerr : desc + ": " + xerr;
    }
    return desc;
  }

  private static String jsonMessage(String body) {
    try (var p = new com.fasterxml.jackson.core.JsonFactory().createParser(body)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return body;
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String n = p.currentName();
        p.nextToken();
        if (n.equals("message")) {
          return p.getText();
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      return body;
    }
    return body;
  }
}
