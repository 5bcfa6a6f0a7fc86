package io.jagent.outputs.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP over a Unix socket against an in-process socket server. */
class UnixSocketTransportTest {
  @TempDir Path dir;
  private Path sock;
  private ServerSocketChannel server;
  private Thread thread;
  private final List<String> requests = new ArrayList<>();
  private final Deque<String> answers = new ArrayDeque<>();

  @BeforeEach
  void start() throws IOException {
    sock = dir.resolve("influx.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(sock));
    thread =
        new Thread(
            () -> {
              while (server.isOpen()) {
                try (SocketChannel c = server.accept()) {
                  String req = readRequest(c);
                  String answer;
                  synchronized (this) {
                    requests.add(req);
                    answer = answers.isEmpty() ? "HTTP/1.1 204 No Content\r\n\r\n" : answers.poll();
                  }
                  if (answer.equals("HANG")) {
                    Thread.sleep(3000);
                    continue;
                  }
                  c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
                } catch (IOException | InterruptedException e) {
                  return;
                }
              }
            },
            "unix-fake");
    thread.setDaemon(true);
    thread.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    thread.join(5000);
  }

  /** Headers, then Content-Length bytes of body; gzip bodies decoded, as text. */
  private static String readRequest(SocketChannel c) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(4096);
    int headerEnd = -1;
    int length = 0;
    while (true) {
      if (c.read(buf) < 0) {
        break;
      }
      all.write(buf.array(), 0, buf.position());
      buf.clear();
      String s = all.toString(StandardCharsets.ISO_8859_1);
      if (headerEnd < 0 && (headerEnd = s.indexOf("\r\n\r\n")) >= 0) {
        headerEnd += 4;
        for (String line : s.substring(0, headerEnd).split("\r\n")) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
      }
      if (headerEnd >= 0 && all.size() - headerEnd >= length) {
        break;
      }
    }
    byte[] raw = all.toByteArray();
    String head = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1);
    byte[] body = java.util.Arrays.copyOfRange(raw, headerEnd, raw.length);
    if (head.contains("Content-Encoding: gzip")) {
      body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
    }
    return head + new String(body, StandardCharsets.UTF_8);
  }

  private Output output(String extra) throws Exception {
    InfluxdbOutputFactory f = new InfluxdbOutputFactory();
    return f.create(
        PluginConfigs.parse(f, "urls = [\"unix://" + sock + "\"]\n" + extra),
        new TestPluginContext("outputs.influxdb"));
  }

  @Test
  void writesOverTheSocket() throws Exception {
    try (Output o = output("username = \"u\"\npassword = \"p\"")) {
      o.connect();
      o.write(List.of(Metric.builder("m").field("v", 1L).time(1).build()));
    }
    String create = requests.get(0);
    assertTrue(create.startsWith("POST /query HTTP/1.1\r\n"), create);
    assertTrue(create.endsWith("q=CREATE+DATABASE+%22telegraf%22"), create);
    String write = requests.get(1);
    assertTrue(write.startsWith("POST /write?db=telegraf HTTP/1.1\r\n"), write);
    assertTrue(write.contains("Host: 127.0.0.1\r\n"), write);
    assertTrue(write.contains("Authorization: Basic dTpw\r\n"), write);
    assertTrue(write.endsWith("\r\n\r\nm v=1i 1\n"), write);
  }

  @Test
  void statusHandlingAppliesAsOverTcp() throws Exception {
    synchronized (this) {
      answers.add(
          "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n"
              + "{\"error\":\"partial write: type conflict\"}");
      answers.add(
          "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "7\r\n{\"error\r\n12\r\n\":\"unknown error\"}\r\n0\r\n\r\n");
    }
    try (Output o = output("skip_database_creation = true")) {
      List<Metric> batch = List.of(Metric.builder("m").field("v", 1L).time(1).build());
      BatchRejectedException r = assertThrows(BatchRejectedException.class, () -> o.write(batch));
      assertTrue(r.getMessage().contains("partial write: type conflict"), r.getMessage());
      IOException e = assertThrows(IOException.class, () -> o.write(batch));
      assertFalse(e instanceof BatchRejectedException);
      assertEquals("could not write any address", e.getMessage());
      o.write(batch);
    }
  }

  @Test
  void chunkedBodiesAreDecoded() throws Exception {
    Transport.Response r =
        UnixSocketTransport.parse(
            ("HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\nX-Influx-Error: e\r\n\r\n"
                    + "7\r\n{\"error\r\n12\r\n\":\"unknown error\"}\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
    assertEquals(503, r.status());
    assertEquals("{\"error\":\"unknown error\"}", r.text());
    assertEquals("e", r.header("x-influx-error").orElseThrow());
  }

  @Test
  void timesOutAndMissingSocketFails() throws Exception {
    synchronized (this) {
      answers.add("HANG");
    }
    UnixSocketTransport t = new UnixSocketTransport(sock, Duration.ofMillis(300));
    byte[] body = "m v=1i\n".getBytes(StandardCharsets.UTF_8);
    URI u = URI.create("http://127.0.0.1/write?db=x");
    IOException e =
        assertThrows(IOException.class, () -> t.post(u, Map.of(), body, 0, body.length));
    assertTrue(e.getMessage().startsWith("timeout"), e.getMessage());
    UnixSocketTransport missing =
        new UnixSocketTransport(dir.resolve("nope.sock"), Duration.ofSeconds(1));
    assertFalse(Files.exists(dir.resolve("nope.sock")));
    assertThrows(IOException.class, () -> missing.post(u, Map.of(), body, 0, body.length));
  }

  @Test
  void v2OverTheSocket() throws Exception {
    InfluxdbV2OutputFactory f = new InfluxdbV2OutputFactory();
    try (Output o =
        f.create(
            PluginConfigs.parse(
                f,
                "urls = [\"unix://"
                    + sock
                    + "\"]\ntoken = \"t\"\norganization = \"o\"\nbucket = \"b\""),
            new TestPluginContext("outputs.influxdb_v2"))) {
      o.write(List.of(Metric.builder("m").field("v", 1L).time(1).build()));
    }
    String w = requests.get(0);
    assertTrue(w.startsWith("POST /api/v2/write?bucket=b&org=o&precision=ns HTTP/1.1\r\n"), w);
    assertTrue(w.contains("Authorization: Token t\r\n"), w);
    assertTrue(w.endsWith("m v=1i 1\n"), w);
  }
}
