package io.jagent.outputs.influxdb;

import io.jagent.spi.Metric;
import io.jagent.spi.RateLimitedLogger;
import io.jagent.spi.Stat;
import io.jagent.spi.lineprotocol.LineBuffer;
import io.jagent.spi.lineprotocol.LineProtocolSerializer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;

/**
 * UDP client (reference influxdb.md §4): each line, split to fit {@code udp_payload}, is one
 * datagram including its {@code \n}. The socket is opened on first use and closed on a send error.
 */
final class UdpV1Client implements V1Client {
  private final Endpoint endpoint;
  private final LineProtocolSerializer serializer;
  private final RateLimitedLogger log;
  private final LineBuffer scratch = new LineBuffer(1024);
  private DatagramChannel channel;

  private final Stat bytesWritten;

  UdpV1Client(Endpoint endpoint, InfluxdbConfig config, RateLimitedLogger log, Stat bytesWritten) {
    this.bytesWritten = bytesWritten;
    this.endpoint = endpoint;
    this.serializer =
        new LineProtocolSerializer(
            false,
            config.influxUintSupport(),
            config.influxOmitTimestamp(),
            (int) Math.min(Integer.MAX_VALUE, config.udpPayload()));
    this.log = log;
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public void write(List<Group> groups) throws IOException {
    DatagramChannel ch = channel();
    try {
      for (Group g : groups) {
        for (Metric m : g.metrics()) {
          scratch.reset();
          if (!serializer.append(m, scratch)) {
            log.warn("could not serialize metric: \"{}\": {}", m.name(), serializer.skipReason(m));
            continue;
          }
          byte[] a = scratch.array();
          int start = 0;
          for (int i = 0; i < scratch.size(); i++) {
            if (a[i] == '\n') {
              bytesWritten.incr(ch.write(ByteBuffer.wrap(a, start, i + 1 - start)));
              start = i + 1;
            }
          }
        }
      }
    } catch (IOException e) {
      close();
      throw new IOException("UDP write to [" + endpoint + "] failed: " + e.getMessage(), e);
    }
  }

  private DatagramChannel channel() throws IOException {
    if (channel == null) {
      DatagramChannel ch = DatagramChannel.open();
      try {
        ch.connect(new InetSocketAddress(endpoint.uri().getHost(), endpoint.uri().getPort()));
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      channel = ch;
    }
    return channel;
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to do
      }
      channel = null;
    }
  }
}
