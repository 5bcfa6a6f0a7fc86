package io.jagent.inputs.statsd;

import io.jagent.spi.Accumulator;
import io.jagent.spi.Clock;
import io.jagent.spi.PluginContext;
import io.jagent.spi.RateLimitedLogger;
import io.jagent.spi.Stat;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * Between the sockets and the aggregator. Entries (a datagram or a TCP line) are parsed on the
 * receiving thread as long as the aggregator lock is free — which is always, except while a gather
 * holds it. Then the entry is copied into a bounded pending queue of {@code
 * allowed_pending_messages} entries (and at most {@link #MAX_PENDING_BYTES}); when that is full the
 * entry is dropped, counted and warned about. The queue is drained, in order, by the next entry
 * that finds the lock free or by the next gather. So the event loop never waits and the memory held
 * does not depend on the offered load.
 */
final class StatsdEngine implements StatsdParser.Sink, Aggregator.Listener {
  /** Bytes the pending queue may hold (entries are copied only while a gather runs). */
  static final int MAX_PENDING_BYTES = 4 << 20;

  /** {@code parse_time_ns} is measured on one entry in this many (a power of two). */
  static final int PARSE_TIME_SAMPLE = 32;

  private record Pending(byte[] data, Object sender) {}

  /** Entries parsed (under the lock), for sampling {@code parse_time_ns}. */
  private long entries;

  private final StatsdConfig cfg;
  private final Clock clock;
  private final Logger log;
  private final ReentrantLock lock = new ReentrantLock();
  private final Aggregator agg;
  private final StatsdParser parser;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private int pendingBytes;
  private volatile int pendingCount;
  private long dropped;
  private volatile Accumulator live;

  private final RateLimitedLogger queueFullLog;
  private final RateLimitedLogger parseErrorLog;
  private final RateLimitedLogger seriesCapLog;
  private final RateLimitedLogger samplesLog;

  final Stat udpPacketsReceived;
  final Stat udpBytesReceived;
  final Stat udpPacketsDropped;
  final Stat tcpPacketsReceived;
  final Stat tcpBytesReceived;
  final Stat tcpPacketsDropped;
  final Stat tcpCurrentConnections;
  final Stat tcpTotalConnections;
  final Stat tcpMaxConnections;
  final Stat parseTimeNs;
  final Stat pendingMessages;
  final Stat maxPendingMessages;
  final Stat parseErrors;
  final Stat seriesDropped;
  final Stat samplesDropped;
  final Stat samplesApproximated;
  final Stat udpPacketsTruncated;

  /** Datagrams the kernel dropped on the socket (receive buffer full), from /proc/net/udp. */
  final Stat udpSocketDrops;

  StatsdEngine(StatsdConfig cfg, PluginContext ctx) {
    this.cfg = cfg;
    this.clock = ctx.clock();
    this.log = ctx.log();
    this.agg = new Aggregator(cfg, this, clock.epochNanos());
    this.parser = new StatsdParser(cfg, agg, this);
    this.queueFullLog = new RateLimitedLogger(log, clock);
    this.parseErrorLog = new RateLimitedLogger(log, clock);
    this.seriesCapLog = new RateLimitedLogger(log, clock);
    this.samplesLog = new RateLimitedLogger(log, clock);
    Map<String, String> tags = Map.of("address", cfg.serviceAddress());
    udpPacketsReceived = ctx.stats().register("statsd", "udp_packets_received", tags);
    udpBytesReceived = ctx.stats().register("statsd", "udp_bytes_received", tags);
    udpPacketsDropped = ctx.stats().register("statsd", "udp_packets_dropped", tags);
    tcpPacketsReceived = ctx.stats().register("statsd", "tcp_packets_received", tags);
    tcpBytesReceived = ctx.stats().register("statsd", "tcp_bytes_received", tags);
    tcpPacketsDropped = ctx.stats().register("statsd", "tcp_packets_dropped", tags);
    tcpCurrentConnections = ctx.stats().register("statsd", "tcp_current_connections", tags);
    tcpTotalConnections = ctx.stats().register("statsd", "tcp_total_connections", tags);
    tcpMaxConnections = ctx.stats().register("statsd", "tcp_max_connections", tags);
    parseTimeNs = ctx.stats().register("statsd", "parse_time_ns", tags);
    pendingMessages = ctx.stats().register("statsd", "pending_messages", tags);
    maxPendingMessages = ctx.stats().register("statsd", "max_pending_messages", tags);
    parseErrors = ctx.stats().register("statsd", "parse_errors", tags);
    seriesDropped = ctx.stats().register("statsd", "series_dropped", tags);
    samplesDropped = ctx.stats().register("statsd", "samples_dropped", tags);
    samplesApproximated = ctx.stats().register("statsd", "samples_approximated", tags);
    udpPacketsTruncated = ctx.stats().register("statsd", "udp_packets_truncated", tags);
    udpSocketDrops = ctx.stats().register("statsd", "udp_socket_drops", tags);
    tcpMaxConnections.set(cfg.maxTcpConnections());
    maxPendingMessages.set(cfg.allowedPendingMessages());
  }

  /** Where events, service checks and parse errors go between gathers. */
  void setLive(Accumulator acc) {
    this.live = acc;
  }

  /**
   * Takes one entry received now; never blocks. {@code b} is only read during the call. Returns
   * false when the entry was dropped because the pending queue is full.
   */
  boolean offer(byte[] b, int off, int len, Object sender, boolean udp) {
    return offer(b, off, len, sender, udp, clock.nanoTime());
  }

  /**
   * As {@link #offer(byte[], int, int, Object, boolean)}, for an entry received at {@code
   * receivedNanos} ({@link #nanoTime}): one clock reading may serve all the entries of a read cycle
   * (series remember it for {@code max_ttl}, where a millisecond does not matter).
   */
  boolean offer(byte[] b, int off, int len, Object sender, boolean udp, long receivedNanos) {
    if (lock.tryLock()) {
      try {
        if (pendingCount > 0) {
          drainLocked();
        }
        parseTimed(b, off, len, sender, receivedNanos);
      } finally {
        lock.unlock();
      }
      return true;
    }
    synchronized (pending) {
      if (pending.size() < cfg.allowedPendingMessages()
          && pendingBytes + len <= MAX_PENDING_BYTES) {
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        pending.add(new Pending(copy, sender));
        pendingBytes += len;
        pendingCount = pending.size();
        pendingMessages.set(pendingCount);
        return true;
      }
      dropped++;
    }
    (udp ? udpPacketsDropped : tcpPacketsDropped).incr(1);
    queueFullLog.error(
        "Statsd message queue full. We have dropped {} messages so far. You may want to increase"
            + " allowed_pending_messages in the config",
        dropped);
    return false;
  }

  /** The engine's clock ({@link Clock#nanoTime}), for {@link #offer}'s receive time. */
  long nanoTime() {
    return clock.nanoTime();
  }

  /**
   * Parses one entry received at {@code nowNanos} (series remember it, for {@code max_ttl}). {@code
   * parse_time_ns} is measured on the first entry and then on every {@link #PARSE_TIME_SAMPLE}th:
   * the other entries read no clock at all (the gauge only ever reports the latest measured entry).
   */
  private void parseTimed(byte[] b, int off, int len, Object sender, long nowNanos) {
    if ((entries++ & (PARSE_TIME_SAMPLE - 1)) == 0) {
      long t0 = clock.nanoTime();
      parser.parse(b, off, len, sender, nowNanos);
      parseTimeNs.set(clock.nanoTime() - t0);
    } else {
      parser.parse(b, off, len, sender, nowNanos);
    }
  }

  private void drainLocked() {
    long now = clock.nanoTime();
    while (true) {
      Pending p;
      synchronized (pending) {
        p = pending.poll();
        if (p == null) {
          pendingCount = 0;
          pendingMessages.set(0);
          return;
        }
        pendingBytes -= p.data.length;
        pendingCount = pending.size();
        pendingMessages.set(pendingCount);
      }
      parseTimed(p.data, 0, p.data.length, p.sender, now);
    }
  }

  /** Emits the aggregates of the interval (also after the listener stopped). */
  void gather(Accumulator acc) {
    long time = clock.epochNanos();
    lock.lock();
    try {
      drainLocked();
      agg.gather(acc, time, clock.nanoTime());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code r} holding the aggregation lock, as a gather does: entries offered meanwhile go to
   * the pending queue. For the warm-up ({@link WarmUp}), which needs that path compiled too.
   */
  void whileLocked(Runnable r) {
    lock.lock();
    try {
      r.run();
    } finally {
      lock.unlock();
    }
  }

  int seriesCount() {
    lock.lock();
    try {
      return agg.seriesCount();
    } finally {
      lock.unlock();
    }
  }

  long samplesReserved() {
    lock.lock();
    try {
      return agg.samplesReserved();
    } finally {
      lock.unlock();
    }
  }

  /** For tests: hold the aggregator as a long gather would. */
  ReentrantLock lockForTest() {
    return lock;
  }

  // ------------------------------------------------------------------ StatsdParser.Sink

  @Override
  public void parseError(String message) {
    parseErrors.incr(1);
    Accumulator acc = live;
    if (acc != null) {
      acc.addError(new StatsdParseException(message));
    } else {
      parseErrorLog.error("{}", message);
    }
  }

  @Override
  public boolean debugEnabled() {
    return log.isDebugEnabled();
  }

  @Override
  public void debug(String message) {
    log.debug("{}", message);
  }

  @Override
  public void datadogMessage(String line, boolean event, Object sender) {
    String source = senderText(sender);
    long now = clock.epochNanos();
    try {
      io.jagent.spi.Metric m =
          event
              ? DatadogMessages.event(line, source, now)
              : DatadogMessages.serviceCheck(line, source, now);
      Accumulator acc = live;
      if (acc != null) {
        acc.add(m);
      }
    } catch (DatadogMessages.BadMessage e) {
      parseError("Parsing line failed: " + e.getMessage());
      if (log.isDebugEnabled()) {
        log.debug("  line was: {}", line);
      }
    }
  }

  static String senderText(Object sender) {
    if (sender instanceof InetSocketAddress a && a.getAddress() != null) {
      return NetUtil.toAddressString(a.getAddress());
    }
    return sender == null ? "" : sender.toString();
  }

  // ------------------------------------------------------------------ Aggregator.Listener

  @Override
  public void seriesDropped(String what) {
    seriesDropped.incr(1);
    seriesCapLog.warn(
        "max_series = {} reached: dropped a new series of measurement \"{}\" ({} new series"
            + " dropped so far); raise max_series or reduce the cardinality",
        cfg.maxSeries(),
        what,
        seriesDropped.get());
  }

  @Override
  public void samplesApproximated() {
    samplesApproximated.incr(1);
    samplesLog.warn(
        "max_samples = {} reached: median and percentiles of some timings are computed over a"
            + " subset of their samples ({} samples not kept so far)",
        cfg.maxSamples(),
        samplesApproximated.get());
  }

  @Override
  public void samplesDropped(String what) {
    samplesDropped.incr(1);
    samplesLog.warn(
        "max_samples = {} reached: dropped a {} ({} dropped so far)",
        cfg.maxSamples(),
        what,
        samplesDropped.get());
  }

  /** A skipped statsd line; no stack trace (cheap to create). */
  static final class StatsdParseException extends Exception {
    StatsdParseException(String message) {
      super(message, null, false, false);
    }
  }
}
