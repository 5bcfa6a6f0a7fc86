package io.jagent.outputs.wavefront;

import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * POSTs gzip'd lines to {@code <url>/report?f=wavefront} (reference wavefront.md §6.2), with {@code
 * Authorization: Bearer} in direct-ingestion mode. 2xx/3xx: delivered. Network errors, 5xx and the
 * 4xx statuses that say nothing about the data (auth, throttling, timeouts) are retryable; any
 * other 4xx rejects the batch. Neither the token nor a response body ever goes into a message.
 */
final class HttpSender implements Sender {
  private final HttpClient client;
  private final URI uri;
  private final Secret token;
  private final Duration timeout;
  private ExposedBytes gzipped = new ExposedBytes(64 * 1024);

  HttpSender(HttpClient client, URI uri, Secret token, Duration timeout) {
    this.client = client;
    this.uri = uri;
    this.token = token;
    this.timeout = timeout;
  }

  @Override
  public void connect() {
    // HTTP connects per request (the client keeps connections alive)
  }

  @Override
  public void send(byte[] data, int len, int lines) throws IOException {
    gzipped.reset();
    try (GZIPOutputStream gz = new GZIPOutputStream(gzipped, 8192)) {
      gz.write(data, 0, len);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .version(HttpClient.Version.HTTP_1_1) // the proxy speaks HTTP/1.1; no h2c upgrade
            .timeout(timeout)
            .header("Content-Type", "application/octet-stream")
            .header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.array(), 0, gzipped.size()));
    if (!token.isEmpty()) {
      b.header("Authorization", "Bearer " + token.reveal());
    }
    HttpResponse<Void> r;
    try {
      r = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException | IOException | RuntimeException e) {
      // a cancelled exchange may still read the body: never reuse that buffer
      gzipped = new ExposedBytes(64 * 1024);
      throw failure(e, lines);
    }
    int s = r.statusCode();
    if (s >= 200 && s < 400) {
      return;
    }
    String msg = "HTTP " + s + " from " + uri + " for " + lines + " points";
    if (retryable(s)) {
      throw new IOException(msg);
    }
    throw new BatchRejectedException(msg + " (rejected as bad data; the batch is dropped)");
  }

  private IOException failure(Exception e, int lines) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new InterruptedIOException("interrupted while posting to " + uri);
    }
    if (e instanceof IOException io) {
      // messages of the JDK client name the URI at most; ours carries no user info
      return new IOException(
          "posting " + lines + " points to " + uri + " failed: " + describe(io), io);
    }
    return new IOException("posting to " + uri + " failed: " + e.getMessage(), e);
  }

  /** 5xx, and 4xx that are about the request's circumstances rather than its content. */
  static boolean retryable(int status) {
    return switch (status) {
      case 401, 403, 404, 406, 407, 408, 409, 425, 429 -> true;
      default -> status < 400 || status >= 500;
    };
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
  }

  @Override
  public void close() {
    // the HttpClient of JDK 17 has no close(); its threads end once it is unreachable
  }

  /** A ByteArrayOutputStream whose array can be handed out without a copy. */
  static final class ExposedBytes extends ByteArrayOutputStream {
    ExposedBytes(int size) {
      super(size);
    }

    byte[] array() {
      return buf;
    }
  }
}
