package io.jagent.inputs.statsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jagent.spi.Metric;
import io.jagent.testing.ManualClock;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Seeded random bytes and mutated valid lines through the UDP and TCP handlers: nothing escapes the
 * handler, nothing stalls, and the valid marker lines between the garbage are all counted.
 */
class StatsdFuzzTest {
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8125);
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
  private static final String[] CORPUS = {
    "api.requests:1|c",
    "api.requests:2|c|@0.5",
    "api.latency:12.5|ms|@0.1",
    "queue.depth:-2|g",
    "users.online,region=eu:alice|s",
    "a:1|c:2|g:3|ms",
    "page.views:1|c|@0.5|#env:prod,canary|c:abc",
    "lat:1|d|#a:b",
    "_e{5,4}:title|text|p:low|#env:prod",
    "_sc|db.up|0|h:dbhost|#env:prod|m:ok",
    "cpu.idle.localhost:1|h",
    "x:0x1p-2|g",
    "y:1_000|c",
    "z:inf|ms",
    "_e{9223372036854775807,0}:abc|d",
    "_e{2147483647,2147483647}:ab|cd",
    "_e{-1,1}:a|b",
    "_sc|n|9223372036854775808|d:9223372036854775807",
  };
  private static final byte[] SPECIAL =
      ":|@#,=.\n\r _e{}-+0123456789cgmshd".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "datadog_extensions = true\ndatadog_distributions = true\ndatadog_keep_container_tag ="
            + " true\npercentiles = [50, 90, 99.9]\npercentile_limit = 5\n",
        "templates = [\"cpu.* measurement.field.host\", \"measurement*\"]\n"
            + "sanitize_name_method = \"upstream\"\nconvert_names = true\nmax_series = 50\n"
            + "max_samples = 200\n",
      })
  void garbageNeverEscapesNorStallsAndValidLinesCount(String body) {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(body));
  }

  private void run(String body) {
    StatsdConfig cfg = TestSupport.config(body);
    ManualClock clock = new ManualClock();
    try (TestPluginContext ctx = new TestPluginContext("inputs.statsd", clock)) {
      StatsdEngine engine = new StatsdEngine(cfg, ctx);
      TestAccumulator live = new TestAccumulator();
      engine.setLive(live);
      EmbeddedChannel udp =
          new EmbeddedChannel(new UdpHandler(engine, LoggerFactory.getLogger("fuzz"), 0));
      EmbeddedChannel tcp =
          new EmbeddedChannel(
              TcpLineHandler.decoder(),
              new TcpLineHandler(engine, LoggerFactory.getLogger("fuzz"), 10, new AtomicInteger()));
      Random rnd = new Random(0xC0FFEE ^ body.hashCode());
      long markers = 1;
      long counted = 0;
      udp.writeInbound(
          new DatagramPacket(
              Unpooled.wrappedBuffer("zz.fuzz.marker:1|c".getBytes(StandardCharsets.UTF_8)),
              LOCAL,
              PEER));
      for (int i = 0; i < 3000; i++) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = 1 + rnd.nextInt(5);
        for (int l = 0; l < lines; l++) {
          byte[] g =
              switch (rnd.nextInt(4)) {
                case 0 -> randomBytes(rnd);
                case 1 -> CORPUS[rnd.nextInt(CORPUS.length)].getBytes(StandardCharsets.UTF_8);
                default -> mutate(rnd);
              };
          out.writeBytes(g);
          out.write('\n');
          if (rnd.nextBoolean()) {
            out.writeBytes("zz.fuzz.marker:1|c\n".getBytes(StandardCharsets.UTF_8));
            markers++;
          }
        }
        byte[] p = out.toByteArray();
        if (rnd.nextBoolean()) {
          udp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(p), LOCAL, PEER));
        } else {
          tcp.writeInbound(Unpooled.wrappedBuffer(p));
          tcp.writeInbound(Unpooled.wrappedBuffer(new byte[] {'\n'}));
        }
        udp.checkException();
        if (i % 500 == 499) {
          clock.advance(Duration.ofSeconds(10));
          TestAccumulator acc = new TestAccumulator();
          engine.gather(acc);
          counted += markers(acc);
        }
      }
      TestAccumulator acc = new TestAccumulator();
      engine.gather(acc);
      counted += markers(acc);
      assertEquals(markers, counted);
      // the parser's safety net turns an exception into a parse error: none may have been needed
      for (Throwable t : live.errors()) {
        assertFalse(String.valueOf(t.getMessage()).startsWith("Internal error"), t.getMessage());
      }
      udp.finishAndReleaseAll();
      tcp.finishAndReleaseAll();
    }
  }

  private static long markers(TestAccumulator acc) {
    long n = 0;
    for (Metric m : acc.metrics()) {
      if (m.name().equals("zz_fuzz_marker") && m.tagCount() == 1) {
        n += (Long) m.field("value");
      }
    }
    return n;
  }

  private static byte[] randomBytes(Random rnd) {
    byte[] b = new byte[rnd.nextInt(200)];
    for (int i = 0; i < b.length; i++) {
      b[i] = rnd.nextInt(4) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : (byte) rnd.nextInt(256);
      if (b[i] == '\n') {
        b[i] = ' ';
      }
    }
    return b;
  }

  private static byte[] mutate(Random rnd) {
    byte[] b = CORPUS[rnd.nextInt(CORPUS.length)].getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int cut = rnd.nextInt(b.length + 1);
    for (int i = 0; i < b.length; i++) {
      int op = rnd.nextInt(12);
      if (i == cut && rnd.nextInt(4) == 0) {
        break;
      }
      switch (op) {
        case 0 -> out.write(SPECIAL[rnd.nextInt(SPECIAL.length)]);
        case 1 -> {}
        case 2 -> {
          out.write(b[i]);
          out.write(b[i]);
        }
        case 3 -> out.write(rnd.nextInt(256));
        default -> out.write(b[i]);
      }
    }
    byte[] r = out.toByteArray();
    for (int i = 0; i < r.length; i++) {
      if (r[i] == '\n') {
        r[i] = ' ';
      }
    }
    return r;
  }
}
