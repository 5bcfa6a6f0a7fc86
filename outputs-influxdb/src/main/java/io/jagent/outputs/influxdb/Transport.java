package io.jagent.outputs.influxdb;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A POST and its answer: over java.net.http, or HTTP/1.1 over a Unix socket. */
interface Transport {
  record Response(int status, byte[] body, Map<String, List<String>> headers) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    Optional<String> header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
            && !e.getValue().isEmpty()) {
          return Optional.of(e.getValue().get(0));
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Posts {@code body[off, off+len)}. The caller must not touch the array until this returns; after
   * an exception it must not reuse it at all (a timed-out exchange may still read it).
   */
  Response post(URI uri, Map<String, String> headers, byte[] body, int off, int len)
      throws IOException;

  /** The output's one java.net.http client. */
  static Transport jdk(HttpClient http, Duration timeout) {
    return (uri, headers, body, off, len) -> {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body, off, len));
      headers.forEach(b::setHeader);
      try {
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        byte[] bytes = r.body() == null ? new byte[0] : r.body();
        return new Response(r.statusCode(), bytes, r.headers().map());
      } catch (HttpTimeoutException e) {
        throw new IOException("timeout after " + timeout.toMillis() + " ms", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      } catch (IOException e) {
        String m = e.getMessage();
        throw new IOException(
            e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m), e);
      }
    };
  }
}
