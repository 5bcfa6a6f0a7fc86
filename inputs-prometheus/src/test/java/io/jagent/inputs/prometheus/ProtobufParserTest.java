package io.jagent.inputs.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Delimited MetricFamily protobuf, encoded here by a minimal independent writer. */
class ProtobufParserTest {
  private static final long NOW = 1_700_000_000_000_000_000L;

  /** A protobuf message under construction. */
  static final class Msg {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Msg varint(long v) {
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
      return this;
    }

    Msg key(int field, int wt) {
      return varint(((long) field << 3) | wt);
    }

    Msg uint(int field, long v) {
      return key(field, 0).varint(v);
    }

    Msg dbl(int field, double d) {
      key(field, 1);
      long v = Double.doubleToRawLongBits(d);
      for (int i = 0; i < 8; i++) {
        out.write((int) (v >>> (8 * i)));
      }
      return this;
    }

    Msg bytes(int field, byte[] b) {
      key(field, 2).varint(b.length);
      out.writeBytes(b);
      return this;
    }

    Msg str(int field, String s) {
      return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Msg msg(int field, Msg m) {
      return bytes(field, m.out.toByteArray());
    }

    byte[] delimited() {
      return new Msg().varint(out.size()).append(out.toByteArray());
    }

    private byte[] append(byte[] b) {
      out.writeBytes(b);
      return out.toByteArray();
    }
  }

  static Msg label(String k, String v) {
    return new Msg().str(1, k).str(2, v);
  }

  static byte[] body() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(
        new Msg()
            .str(1, "c")
            .str(2, "help")
            .uint(3, 0)
            .msg(
                4,
                new Msg()
                    .msg(1, label("a", "1"))
                    .msg(3, new Msg().dbl(1, 3))
                    .uint(6, 1601830800000L))
            .delimited());
    all.writeBytes(
        new Msg()
            .str(1, "g")
            .uint(3, 1)
            .msg(4, new Msg().msg(2, new Msg().dbl(1, Double.NaN)))
            .msg(
                4,
                new Msg()
                    .msg(1, label("b", ""))
                    .msg(1, label("k", "v"))
                    .msg(2, new Msg().dbl(1, 2)))
            .delimited());
    all.writeBytes(
        new Msg()
            .str(1, "s")
            .uint(3, 2)
            .msg(
                4,
                new Msg()
                    .msg(
                        4,
                        new Msg()
                            .uint(1, 9)
                            .dbl(2, 18.5)
                            .msg(3, new Msg().dbl(1, 0.5).dbl(2, 1.5))
                            .msg(3, new Msg().dbl(1, 0.9).dbl(2, Double.NaN))))
            .delimited());
    all.writeBytes(
        new Msg()
            .str(1, "h")
            .uint(3, 4)
            .msg(
                4,
                new Msg()
                    .msg(
                        7,
                        new Msg()
                            .uint(1, 5)
                            .dbl(2, 1.2)
                            .msg(3, new Msg().uint(1, 1).dbl(2, 0.1))
                            .msg(3, new Msg().uint(1, 4).dbl(2, 1e6))
                            .uint(5, 3))) // a native-histogram field: skipped
            .delimited());
    all.writeBytes(
        new Msg()
            .str(1, "fh")
            .uint(3, 4)
            .msg(4, new Msg().msg(7, new Msg().dbl(4, 2.5).dbl(2, 3)))
            .delimited());
    all.writeBytes(
        new Msg()
            .str(1, "gh")
            .uint(3, 5)
            .msg(4, new Msg().msg(7, new Msg().uint(1, 1)))
            .delimited());
    all.writeBytes(
        new Msg().str(1, "u").uint(3, 3).msg(4, new Msg().msg(5, new Msg().dbl(1, 7))).delimited());
    return all.toByteArray();
  }

  static List<String> parse(byte[] body, int version, int buffer) throws Exception {
    List<String> out = new ArrayList<>();
    Exposition.parse(
        new ByteArrayInputStream(body),
        Exposition.Format.PROTOBUF,
        version,
        false,
        NOW,
        new String[0],
        buffer,
        m -> out.add(Lp.format(m)));
    out.sort(null);
    return out;
  }

  @Test
  void metricVersion1() throws Exception {
    assertEquals(
        List.of(
            "c,a=1 counter=3 1601830800000000000",
            "fh count=0,sum=3 1700000000000000000",
            "g,k=v gauge=2 1700000000000000000",
            "h 0.1=1,1e+06=4,count=5,sum=1.2 1700000000000000000",
            "s 0.5=1.5,count=9,sum=18.5 1700000000000000000",
            "u value=7 1700000000000000000"),
        parse(body(), 1, 4096));
  }

  @Test
  void metricVersion2() throws Exception {
    assertEquals(
        List.of(
            "prometheus fh_count=0,fh_sum=3 1700000000000000000",
            "prometheus gh=+Inf 1700000000000000000",
            "prometheus h_count=5,h_sum=1.2 1700000000000000000",
            "prometheus s_count=9,s_sum=18.5 1700000000000000000",
            "prometheus u=7 1700000000000000000",
            "prometheus,a=1 c=3 1601830800000000000",
            "prometheus,k=v g=2 1700000000000000000",
            "prometheus,le=+Inf fh_bucket=0 1700000000000000000",
            "prometheus,le=+Inf h_bucket=5 1700000000000000000",
            "prometheus,le=0.1 h_bucket=1 1700000000000000000",
            "prometheus,le=1e+06 h_bucket=4 1700000000000000000",
            "prometheus,quantile=0.5 s=1.5 1700000000000000000",
            "prometheus,quantile=0.9 s=NaN 1700000000000000000"),
        parse(body(), 2, 4096));
  }

  @Test
  void smallBuffersGiveTheSameResult() throws Exception {
    assertEquals(parse(body(), 2, 4096), parse(body(), 2, 64));
  }

  @Test
  void truncatedBodyIsRejected() {
    byte[] b = body();
    byte[] cut = java.util.Arrays.copyOf(b, b.length - 3);
    ExpositionException e = assertThrows(ExpositionException.class, () -> parse(cut, 1, 64));
    assertTrue(e.getMessage().startsWith("protobuf: "), e.getMessage());
  }
}
