package io.jagent.inputs.statsd;

import io.jagent.core.runtime.SelfStatsRegistry;
import io.jagent.spi.Accumulator;
import io.jagent.spi.Clock;
import io.jagent.spi.Metric;
import io.jagent.spi.PluginContext;
import io.jagent.spi.RateLimitedLogger;
import io.jagent.spi.SelfStats;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.helpers.NOPLogger;

/**
 * The UDP receive path's warm-up, once per process, at the start of the first UDP listener (which
 * is already bound and read meanwhile, on the same event loop): the listener's own pipeline (the
 * same transport, handler, parser and aggregator code, on a throwaway engine) is bound to an
 * ephemeral loopback port and sent {@link #DATAGRAMS} statsd lines, with gathers between them and
 * now and then a burst that finds the aggregator locked (as during a real gather), so that the JIT
 * has compiled the path before real traffic meets it.
 *
 * <p>Why: a cold receive path runs interpreted for its first ~100–200 ms of traffic, several times
 * slower than compiled; at a sender's full speed (≈260k datagrams/s here) that overflowed even an 8
 * MiB socket buffer (≈10,000 small datagrams, 40 ms) and lost 0.4–2.8% of 2,000,000 datagrams, all
 * in the first 300 ms (BENCHMARKS.md). What the warm-up reads goes to its own engine and self-stats
 * and is thrown away: nothing reaches the outputs or {@code internal_statsd}.
 *
 * <p>It stops as soon as the real socket has received a datagram (before or during it): real
 * traffic warms the path itself, and the warm-up would only take CPU from it, which under a CPU
 * limit means datagrams lost (a sidecar at 200m sent 10k msgs/s from 1 s after its start lost
 * 13,280–14,016 datagrams with a full warm-up, 7,010–7,426 without).
 *
 * <p>Cost: ~0.15 CPU-s, and the input's start returns ~0.35 s later (the real socket is read
 * meanwhile; part of the CPU is compilation that real traffic would trigger anyway). The warm-up
 * socket has the kernel's default receive buffer whatever {@code read_buffer_size} says: read
 * coalescing sizes its pause from the buffer, and with 8 MiB (4 ms pauses) the warm-up took 0.65 s
 * and its sender woke every 200 µs through each pause (BENCHMARKS.md, seventh session). It runs
 * whatever the CPUs: at 200m the first traffic after an idle start met interpreted code while the
 * quota throttled the process, and 1,344–1,864 datagrams of 10k msgs/s overflowed the kernel's
 * default socket buffer in the first 0.4 s (none with it; until the fifth session it was skipped
 * below two CPUs). {@code -Djagent.statsd.warmup=N} (through {@code JAVA_OPTS}) sends N datagrams;
 * 0 turns it off.
 */
final class WarmUp {
  /**
   * Datagrams sent to the warm-up listener by default, in rounds of {@link #ROUND}, at most {@link
   * #IN_FLIGHT} unread at a time. Each part of that was needed (full-speed runs, BENCHMARKS.md):
   * during start-up the JIT raises its compile thresholds while its queue is long, so 2,000 or
   * 4,000 datagrams sent in one go left Netty's once-per-read-cycle methods (the event loop, the
   * epoll read) interpreted until real traffic came, and 263–7,918 datagrams were lost in about one
   * run in four; rounds with pauses let the queue drain, and few datagrams in flight make many
   * small read cycles: no datagram lost in 16 of 16 runs.
   */
  static final int DATAGRAMS = 4000;

  /** Datagrams per round: each round ends with a pause for the JIT ({@link #settle}). */
  static final int ROUND = 1000;

  /** The pause after each round. */
  static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** Datagrams between two gathers of the throwaway engine (into {@link #DISCARD}). */
  private static final int GATHER_EVERY = 500;

  /** The longest the warm-up holds the aggregator lock at a time. */
  private static final long LOCKED_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** Where the throwaway engine's gathers go. */
  private static final Accumulator DISCARD =
      new Accumulator() {
        @Override
        public void add(Metric metric) {}

        @Override
        public void addError(Throwable error) {}
      };

  /** The longest a warm-up may take, whatever the machine's speed. */
  static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(2);

  /**
   * Datagrams sent ahead of those read: few, so that the listener reads them in many small cycles
   * (what makes the per-cycle code hot), and little waits in the warm-up socket.
   */
  private static final int IN_FLIGHT = 16;

  /** How long the sender waits for the reader to catch up. */
  private static final long PACE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  /**
   * One line of each kind the reference deployments send (counters first, the commonest), with
   * influx tags and a sample rate, one line per datagram as most clients send.
   */
  private static final String[] LINES = {
    "warmup.requests:1|c",
    "warmup.latency:12.5|ms",
    "warmup.requests,status=200:1|c|@0.5",
    "warmup.queue:42|g",
    "warmup.queue:+1|g",
    "warmup.users:u123|s",
    "warmup.size:512|h",
    "warmup.requests:1|c\nwarmup.latency:3|ms\nwarmup.queue:-1|g",
  };

  /**
   * Whether this process has warmed up. Static on purpose (the project avoids static state): what
   * it records, compiled code, belongs to the process, not to a plugin instance.
   */
  private static final AtomicBoolean DONE = new AtomicBoolean();

  /**
   * What one warm-up did, for the log and for tests.
   *
   * @param port the warm-up listener's ephemeral port
   * @param sent datagrams sent
   * @param read datagrams the warm-up listener read
   * @param nanos how long it took
   * @param yielded it stopped early because real datagrams arrived
   * @param receiveBuffer the warm-up socket's effective receive buffer (bytes; 0 when not a UDP
   *     channel)
   */
  record Result(int port, int sent, long read, long nanos, boolean yielded, int receiveBuffer) {}

  private WarmUp() {}

  /**
   * The datagrams to send: {@code jagent.statsd.warmup} when set to a number, else {@link
   * #DATAGRAMS}.
   */
  static int configuredDatagrams() {
    return configuredDatagrams(System.getProperty("jagent.statsd.warmup"));
  }

  static int configuredDatagrams(String property) {
    if (property != null) {
      try {
        return Math.max(0, Integer.parseInt(property.trim()));
      } catch (NumberFormatException e) {
        // as if unset
      }
    }
    return DATAGRAMS;
  }

  /** Claims the process's one warm-up: true for the first caller only. */
  static boolean claim() {
    return DONE.compareAndSet(false, true);
  }

  /** For tests: the next listener warms up again. */
  static void resetForTests() {
    DONE.set(false);
  }

  /** Something that binds a UDP listener with the real pipeline on a given engine. */
  interface Binder {
    Channel bind(StatsdEngine engine, InetSocketAddress address) throws Exception;
  }

  /**
   * Binds a listener on {@code 127.0.0.1:0} with {@code binder} and a throwaway engine of {@code
   * cfg}, sends it {@code datagrams} lines (paced so that at most {@link #IN_FLIGHT} wait), waits
   * until they are read or {@link #MAX_NANOS} passed, and closes it. Stops sending once {@code
   * realReceived} (the real listener's datagram count) is above zero.
   */
  static Result run(
      StatsdConfig cfg, PluginContext ctx, Binder binder, int datagrams, LongSupplier realReceived)
      throws Exception {
    long start = System.nanoTime();
    long deadline = start + MAX_NANOS;
    StatsdEngine engine = new StatsdEngine(cfg, new Throwaway(ctx));
    Channel ch = binder.bind(engine, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    int port = ((InetSocketAddress) ch.localAddress()).getPort();
    int receiveBuffer =
        ch instanceof io.netty.channel.socket.DatagramChannel dc
            ? dc.config().getReceiveBufferSize()
            : 0;
    int sent = 0;
    boolean yielded = false;
    try (java.nio.channels.DatagramChannel out = java.nio.channels.DatagramChannel.open()) {
      out.connect(ch.localAddress());
      ByteBuffer[] payloads = new ByteBuffer[LINES.length];
      for (int i = 0; i < LINES.length; i++) {
        payloads[i] = ByteBuffer.wrap(LINES[i].getBytes(StandardCharsets.US_ASCII));
      }
      while (sent < datagrams && System.nanoTime() < deadline) {
        if (realReceived.getAsLong() > 0) {
          yielded = true; // real traffic is here: it warms the path, and needs the CPU
          break;
        }
        if (sent - engine.udpPacketsReceived.get() >= IN_FLIGHT) {
          LockSupport.parkNanos(PACE_NANOS); // the event loop reads meanwhile
          continue;
        }
        if (sent % GATHER_EVERY == GATHER_EVERY / 2) {
          // as when a gather holds the aggregator while a burst comes in: the listener copies
          // what it reads to the pending queue, drained after the gather
          int before = sent;
          engine.whileLocked(
              () -> {
                for (int i = 0; i < IN_FLIGHT / 2; i++) {
                  send(out, payloads, before + i);
                }
                awaitRead(engine, before + IN_FLIGHT / 2, System.nanoTime() + LOCKED_NANOS);
              });
          sent += IN_FLIGHT / 2;
          continue;
        }
        send(out, payloads, sent);
        sent++;
        if (sent % GATHER_EVERY == 0) {
          engine.gather(DISCARD);
        }
        if (sent % ROUND == 0 || sent >= datagrams) {
          settle(engine, sent, deadline);
        }
      }
      engine.gather(DISCARD);
    } finally {
      ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    return new Result(
        port,
        sent,
        engine.udpPacketsReceived.get(),
        System.nanoTime() - start,
        yielded,
        receiveBuffer);
  }

  private static void send(java.nio.channels.DatagramChannel out, ByteBuffer[] payloads, int n) {
    ByteBuffer p = payloads[n % payloads.length];
    p.rewind();
    try {
      out.write(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Waits (bounded by {@code until}) until the listener has read {@code n} datagrams. */
  private static void awaitRead(StatsdEngine engine, int n, long until) {
    while (engine.udpPacketsReceived.get() < n && System.nanoTime() < until) {
      LockSupport.parkNanos(PACE_NANOS);
    }
  }

  /**
   * Waits until the listener has read all {@code sent} datagrams, then {@link #SETTLE_NANOS} more:
   * the JIT compiles what the round made hot meanwhile, so that the next round (or real traffic)
   * meets compiled code.
   */
  private static void settle(StatsdEngine engine, int sent, long deadline)
      throws InterruptedException {
    while (engine.udpPacketsReceived.get() < sent && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    long rest = Math.min(SETTLE_NANOS, deadline - System.nanoTime());
    if (rest > 0) {
      TimeUnit.NANOSECONDS.sleep(rest);
    }
  }

  /**
   * The warm-up engine's context: the plugin's own, but with self-stats of its own (so nothing is
   * counted in {@code internal_statsd}), no log (a config's own limits, say {@code max_series = 3},
   * would otherwise warn about series named {@code warmup_*} that nobody sent) and no handovers.
   */
  private static final class Throwaway implements PluginContext {
    private final PluginContext delegate;

    /** The production registry type (the same Stat class on the hot path), reported by nobody. */
    private final SelfStats stats = new SelfStatsRegistry();

    private final RateLimitedLogger rateLimited;

    Throwaway(PluginContext delegate) {
      this.delegate = delegate;
      this.rateLimited = new RateLimitedLogger(NOPLogger.NOP_LOGGER, delegate.clock());
    }

    @Override
    public String pluginId() {
      return delegate.pluginId();
    }

    @Override
    public Logger log() {
      return NOPLogger.NOP_LOGGER;
    }

    @Override
    public RateLimitedLogger rateLimitedLog() {
      return rateLimited;
    }

    @Override
    public Clock clock() {
      return delegate.clock();
    }

    @Override
    public SelfStats stats() {
      return stats;
    }

    @Override
    public HttpClient httpClient() {
      return delegate.httpClient();
    }

    @Override
    public <T> T shared(String key, Supplier<T> create, Consumer<? super T> close) {
      return delegate.shared(key, create, close);
    }

    @Override
    public boolean handOver(String key, Object resource, Runnable closeIfUnclaimed) {
      return false;
    }

    @Override
    public <T> Optional<T> takeOver(String key, Class<T> type) {
      return Optional.empty();
    }
  }
}
