package io.jagent.outputs.influxdb;

import io.jagent.spi.Metric;
import io.jagent.spi.lineprotocol.LineBuffer;
import io.jagent.spi.lineprotocol.LineProtocolSerializer;
import java.io.IOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;

/**
 * Serializes a batch into a reused buffer, gzip'ed on the fly when asked (the uncompressed batch is
 * never held whole: each line goes through a small scratch buffer into the deflater). The last body
 * is kept so that trying the next URL does not serialize again. Not thread-safe: one per output,
 * used by its single writer.
 */
final class BodyEncoder {
  private final LineProtocolSerializer serializer;
  private final boolean gzip;
  private final Logger log;
  private LineBuffer body = new LineBuffer(64 * 1024);
  private LineBuffer scratch = new LineBuffer(1024);
  private List<Metric> last;
  private int lastMetrics;

  BodyEncoder(LineProtocolSerializer serializer, boolean gzip, Logger log) {
    this.serializer = serializer;
    this.gzip = gzip;
    this.log = log;
  }

  boolean gzip() {
    return gzip;
  }

  /** Forgets the cached body: call at the start of every write (the core may reuse lists). */
  void newBatch() {
    last = null;
  }

  /** The body for {@code metrics}; the same instance as last time is not serialized again. */
  LineBuffer encode(List<Metric> metrics) throws IOException {
    if (metrics == last) {
      return body;
    }
    last = null;
    body.reset();
    int n = 0;
    if (gzip) {
      try (GZIPOutputStream z = new GZIPOutputStream(body, 8192)) {
        for (Metric m : metrics) {
          scratch.reset();
          if (append(m, scratch)) {
            scratch.writeTo(z);
            n++;
          }
        }
      }
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
    scratch = new LineBuffer(1024);
    last = null;
  }
}
