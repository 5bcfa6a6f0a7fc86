package io.jagent.outputs.influxdb;

import io.jagent.spi.Metric;
import io.jagent.spi.lineprotocol.LineBuffer;
import io.jagent.spi.lineprotocol.LineProtocolSerializer;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.slf4j.Logger;

/**
 * Serializes a batch into a reused buffer, gzip'ed on the fly when asked: lines are collected in a
 * small scratch buffer and fed to one reused {@link Deflater} (gzip header and trailer written
 * here), so the uncompressed batch is never held whole and no deflater is created per batch. The
 * last body is kept so that trying the next URL does not serialize again. Not thread-safe: one per
 * output, used by its single writer.
 */
final class BodyEncoder implements AutoCloseable {
  private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  private static final int SCRATCH_FLUSH = 16 * 1024;

  private final LineProtocolSerializer serializer;
  private final boolean gzip;
  private final Logger log;
  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private final byte[] chunk;
  private LineBuffer body = new LineBuffer(64 * 1024);
  private LineBuffer scratch = new LineBuffer(SCRATCH_FLUSH + 1024);
  private List<Metric> last;
  private int lastMetrics;

  BodyEncoder(LineProtocolSerializer serializer, boolean gzip, Logger log) {
    this.serializer = serializer;
    this.gzip = gzip;
    this.log = log;
    this.deflater = gzip ? new Deflater(Deflater.DEFAULT_COMPRESSION, true) : null;
    this.chunk = gzip ? new byte[16 * 1024] : null;
  }

  boolean gzip() {
    return gzip;
  }

  /** Forgets the cached body: call at the start of every write (the core may reuse lists). */
  void newBatch() {
    last = null;
  }

  /** The body for {@code metrics}; the same instance as last time is not serialized again. */
  LineBuffer encode(List<Metric> metrics) {
    if (metrics == last) {
      return body;
    }
    last = null;
    body.reset();
    int n = 0;
    if (gzip) {
      deflater.reset();
      crc.reset();
      body.write(GZIP_HEADER, 0, GZIP_HEADER.length);
      scratch.reset();
      for (Metric m : metrics) {
        if (append(m, scratch)) {
          n++;
          if (scratch.size() >= SCRATCH_FLUSH) {
            deflate(scratch);
            scratch.reset();
          }
        }
      }
      deflate(scratch);
      scratch.reset();
      deflater.finish();
      while (!deflater.finished()) {
        int k = deflater.deflate(chunk, 0, chunk.length);
        body.write(chunk, 0, k);
      }
      writeIntLe((int) crc.getValue());
      writeIntLe((int) deflater.getBytesRead());
    } else {
      for (Metric m : metrics) {
        if (append(m, body)) {
          n++;
        }
      }
    }
    last = metrics;
    lastMetrics = n;
    return body;
  }

  private void deflate(LineBuffer in) {
    if (in.size() == 0) {
      return;
    }
    crc.update(in.array(), 0, in.size());
    deflater.setInput(in.array(), 0, in.size());
    while (!deflater.needsInput()) {
      int k = deflater.deflate(chunk, 0, chunk.length, Deflater.NO_FLUSH);
      body.write(chunk, 0, k);
    }
  }

  private void writeIntLe(int v) {
    body.write(v);
    body.write(v >>> 8);
    body.write(v >>> 16);
    body.write(v >>> 24);
  }

  /** Metrics in the last body (unserializable ones left out). */
  int lastMetrics() {
    return lastMetrics;
  }

  private boolean append(Metric m, LineBuffer out) {
    if (serializer.append(m, out)) {
      return true;
    }
    if (log.isDebugEnabled()) {
      log.debug("could not serialize metric \"{}\": {}", m.name(), serializer.skipReason(m));
    }
    return false;
  }

  /**
   * Drops the buffers after a failed request: a timed-out exchange may still be reading the old
   * array, which must then not be overwritten by the next batch.
   */
  void abandon() {
    body = new LineBuffer(64 * 1024);
    last = null;
  }

  @Override
  public void close() {
    if (deflater != null) {
      deflater.end();
    }
  }
}
