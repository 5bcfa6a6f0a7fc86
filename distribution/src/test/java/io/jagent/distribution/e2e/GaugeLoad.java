package io.jagent.distribution.e2e;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady statsd traffic: every second ("round" r = 1, 2, ...) each of {@code series} gauges {@code
 * load,k=NNNN} (DogStatsD tags) gets the value r, spread over 20 slices of the second, ten lines
 * per datagram. So each series' values only grow, and the agent's output per interval is one point
 * per series updated. Runs on its own thread until {@link #stop} (bounded by {@code maxSeconds}).
 */
final class GaugeLoad implements AutoCloseable {
  private final int port;
  private final int series;
  private final long maxNanos;
  private final Thread thread;
  private volatile boolean running = true;
  final AtomicLong lines = new AtomicLong();
  final AtomicLong datagrams = new AtomicLong();
  volatile IOException failure;

  GaugeLoad(int port, int series, int maxSeconds) {
    this.port = port;
    this.series = series;
    this.maxNanos = TimeUnit.SECONDS.toNanos(maxSeconds);
    this.thread = new Thread(this::run, "gauge-load");
    thread.setDaemon(true);
  }

  GaugeLoad start() {
    thread.start();
    return this;
  }

  private void run() {
    long t0 = System.nanoTime();
    long slice = TimeUnit.MILLISECONDS.toNanos(50);
    int perSlice = (series + 19) / 20;
    try (E2e.UdpSender s = new E2e.UdpSender(port)) {
      StringBuilder sb = new StringBuilder(512);
      for (long round = 1; running && System.nanoTime() - t0 < maxNanos; round++) {
        for (int sl = 0; sl < 20 && running; sl++) {
          E2e.sleepUntil(t0, (round - 1) * 1_000_000_000L + sl * slice);
          int from = sl * perSlice;
          int to = Math.min(series, from + perSlice);
          int inDatagram = 0;
          for (int k = from; k < to; k++) {
            sb.append("load:").append(round).append("|g|#k:").append(String.format("%04d", k));
            sb.append('\n');
            if (++inDatagram == 10 || k == to - 1) {
              s.send(sb.toString());
              datagrams.incrementAndGet();
              lines.addAndGet(inDatagram);
              sb.setLength(0);
              inDatagram = 0;
            }
          }
        }
      }
    } catch (IOException e) {
      failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops after the current slice; waits (bounded) for the thread. */
  void stop() throws InterruptedException {
    running = false;
    thread.join(5000);
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
