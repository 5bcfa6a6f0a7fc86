package io.jagent.outputs.influxdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a Unix domain socket ({@code unix:///var/run/influxdb.sock}), which java.net.http
 * cannot do: one connection per request ({@code Connection: close}), the whole exchange bounded by
 * the timeout, the answer read to EOF (Content-Length or chunked bodies).
 */
final class UnixSocketTransport implements Transport {
  private static final int MAX_RESPONSE = 4 * 1024 * 1024;

  private final Path socket;
  private final Duration timeout;

  UnixSocketTransport(Path socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  @Override
  public Response post(URI uri, Map<String, String> headers, byte[] body, int off, int len)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    StringBuilder head = new StringBuilder(256);
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    head.append("POST ").append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ")
        .append(uri.getHost() == null ? "127.0.0.1" : uri.getHost())
        .append("\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("Content-Length: ").append(len).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    ByteBuffer[] out = {
      ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.UTF_8)),
      ByteBuffer.wrap(body, off, len)
    };
    ByteArrayOutputStream in = new ByteArrayOutputStream(1024);
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector sel = Selector.open()) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.configureBlocking(false);
      SelectionKey key = ch.register(sel, SelectionKey.OP_WRITE);
      while (out[1].hasRemaining() || out[0].hasRemaining()) {
        await(sel, deadline);
        ch.write(out);
      }
      key.interestOps(SelectionKey.OP_READ);
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (true) {
        await(sel, deadline);
        int n = ch.read(buf);
        if (n < 0) {
          break;
        }
        in.write(buf.array(), 0, buf.position());
        buf.clear();
        if (in.size() > MAX_RESPONSE) {
          throw new IOException("response larger than " + MAX_RESPONSE + " bytes");
        }
        if (complete(in.toByteArray())) {
          break;
        }
      }
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("timeout")) {
        throw e;
      }
      String m = e.getMessage();
      throw new IOException(
          "unix socket "
              + socket
              + ": "
              + e.getClass().getSimpleName()
              + (m == null ? "" : ": " + m),
          e);
    }
    return parse(in.toByteArray());
  }

  private void await(Selector sel, long deadline) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0
        || sel.select(Math.max(1, left / 1_000_000)) == 0 && deadline - System.nanoTime() <= 0) {
      throw new IOException("timeout after " + timeout.toMillis() + " ms");
    }
    sel.selectedKeys().clear();
  }

  /** Whether the bytes hold a whole response (lets us stop before the server closes). */
  static boolean complete(byte[] raw) {
    int end = headerEnd(raw);
    if (end < 0) {
      return false;
    }
    Map<String, String> h = headers(raw, end);
    String cl = h.get("content-length");
    if (cl != null) {
      try {
        return raw.length - end >= Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if ("chunked".equalsIgnoreCase(h.getOrDefault("transfer-encoding", ""))) {
      String tail =
          new String(
              raw,
              Math.max(end, raw.length - 7),
              Math.min(7, raw.length - end),
              StandardCharsets.ISO_8859_1);
      return tail.endsWith("0\r\n\r\n");
    }
    int status = status(raw);
    return status == 204 || status == 304 || status / 100 == 1;
  }

  static Response parse(byte[] raw) throws IOException {
    int end = headerEnd(raw);
    if (end < 0) {
      throw new IOException("malformed HTTP response (no header end)");
    }
    int status = status(raw);
    Map<String, String> h = headers(raw, end);
    byte[] body;
    if ("chunked".equalsIgnoreCase(h.getOrDefault("transfer-encoding", ""))) {
      body = dechunk(raw, end);
    } else if (h.containsKey("content-length")) {
      int n = (int) Math.min(raw.length - end, Long.parseLong(h.get("content-length").trim()));
      body = java.util.Arrays.copyOfRange(raw, end, end + n);
    } else {
      body = java.util.Arrays.copyOfRange(raw, end, raw.length);
    }
    Map<String, List<String>> hm = new LinkedHashMap<>();
    h.forEach((k, v) -> hm.put(k, List.of(v)));
    return new Response(status, body, hm);
  }

  private static int status(byte[] raw) {
    // "HTTP/1.1 204 No Content"
    String line = new String(raw, 0, Math.min(raw.length, 64), StandardCharsets.ISO_8859_1);
    String[] parts = line.split(" ", 3);
    try {
      return parts.length > 1 ? Integer.parseInt(parts[1].trim()) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int headerEnd(byte[] raw) {
    for (int i = 3; i < raw.length; i++) {
      if (raw[i] == '\n' && raw[i - 1] == '\r' && raw[i - 2] == '\n' && raw[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  private static Map<String, String> headers(byte[] raw, int end) {
    String text = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    Map<String, String> h = new LinkedHashMap<>();
    String[] lines = text.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      if (c > 0) {
        h.put(
            lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(c + 1).trim());
      }
    }
    return h;
  }

  private static byte[] dechunk(byte[] raw, int pos) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int chunks = 0;
    while (pos < raw.length && chunks++ < 1_000_000) {
      int eol = pos;
      while (eol + 1 < raw.length && !(raw[eol] == '\r' && raw[eol + 1] == '\n')) {
        eol++;
      }
      String size = new String(raw, pos, eol - pos, StandardCharsets.ISO_8859_1);
      int semi = size.indexOf(';');
      int n;
      try {
        n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunked body");
      }
      pos = eol + 2;
      if (n == 0) {
        break;
      }
      if (pos + n > raw.length) {
        throw new IOException("truncated chunked body");
      }
      out.write(raw, pos, n);
      pos += n + 2;
    }
    return out.toByteArray();
  }
}
