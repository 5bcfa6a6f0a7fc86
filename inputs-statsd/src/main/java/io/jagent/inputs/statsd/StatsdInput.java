package io.jagent.inputs.statsd;

import io.jagent.spi.Accumulator;
import io.jagent.spi.EarlyUdpSocket;
import io.jagent.spi.PluginContext;
import io.jagent.spi.ServiceInput;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The statsd service input: a Netty listener on the agent's one event loop feeding a {@link
 * StatsdEngine}; {@link #gather} emits the interval's aggregates (also after {@link #stop}).
 *
 * <p>At a configuration reload the UDP listener is not closed: {@link #stop} pauses reading and
 * hands the bound channel over ({@link PluginContext#handOver}); the new configuration's instance
 * on the same port takes it over in {@link #start}, swaps in its own handler and resumes reading.
 * Datagrams sent meanwhile wait in the socket's receive buffer, so none is refused or counted
 * twice. The TCP listener is closed as before (clients reconnect).
 */
final class StatsdInput implements ServiceInput {
  /** Key of the agent-wide event loop in {@link PluginContext#shared}. */
  static final String EVENT_LOOP_KEY = "netty-event-loop";

  /**
   * With epoll, datagrams are read many per recvmmsg call into slots of this size: the largest UDP
   * payload, so nothing is cut (only the touched pages of a slot cost memory).
   */
  static final int MAX_DATAGRAM_PAYLOAD = 64 * 1024;

  /** The fewest slots of a {@code recvmmsg} call, and the first call's ({@link DatagramSlots}). */
  static final int DATAGRAMS_PER_READ = 16;

  /**
   * The most slots of a {@code recvmmsg} call, reached while calls come back full: a 4 MiB buffer
   * (the launcher's pool chunk and thread-cache limit), of which only the pages datagrams are
   * written to become resident. 256 was no cheaper than 64 at the sender's ceiling.
   */
  static final int MAX_DATAGRAMS_PER_READ = 64;

  /**
   * A UDP listener parked at a reload ({@link PluginContext#handOver}): bound, reading paused, so
   * that datagrams wait in the socket's receive buffer for the next configuration's instance.
   */
  record ParkedUdp(Channel channel, String protocol, String serviceAddress) {}

  /** The handover key of a UDP listener: one per port ({@code statsd:udp:8125}). */
  static String udpHandoverKey(ServiceAddress sa) {
    return "statsd:udp:" + sa.port();
  }

  private final StatsdConfig cfg;
  private final PluginContext ctx;
  private final StatsdEngine engine;
  private volatile Channel channel;
  private final AtomicInteger openConnections = new AtomicInteger();
  private volatile ChannelGroup connections;
  private volatile WarmUp.Result lastWarmUp;

  StatsdInput(StatsdConfig cfg, PluginContext ctx) {
    this.cfg = cfg;
    this.ctx = ctx;
    this.engine = new StatsdEngine(cfg, ctx);
  }

  StatsdEngine engine() {
    return engine;
  }

  /** The bound address (port 0 resolved), for tests. */
  InetSocketAddress localAddress() {
    Channel c = channel;
    return c == null ? null : (InetSocketAddress) c.localAddress();
  }

  /** The listener's channel class, for tests; null when not started. */
  Class<?> channelType() {
    Channel c = channel;
    return c == null ? null : c.getClass();
  }

  /** The UDP listener's handler, for tests; null without a UDP listener. */
  UdpHandler udpHandler() {
    Channel c = channel;
    return c == null ? null : c.pipeline().get(UdpHandler.class);
  }

  /** The listener's channel, for tests; null when not started. */
  Channel listenerChannel() {
    return channel;
  }

  static EventLoopGroup sharedEventLoop(PluginContext ctx) {
    return ctx.shared(
        EVENT_LOOP_KEY,
        () ->
            new MultiThreadIoEventLoopGroup(
                1,
                new DefaultThreadFactory("agent-event-loop", true),
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory()),
        g -> g.shutdownGracefully(0, 2, TimeUnit.SECONDS));
  }

  private static boolean epoll(EventLoopGroup group) {
    return group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
  }

  @Override
  public void start(Accumulator acc) throws Exception {
    engine.setLive(acc);
    EventLoopGroup group = sharedEventLoop(ctx);
    boolean epoll = epoll(group);
    ServiceAddress sa = ServiceAddress.parse(cfg.serviceAddress());
    if (sa == null) {
      throw new IllegalArgumentException("bad service_address " + cfg.serviceAddress());
    }
    if (cfg.tcp()) {
      channel = bindTcp(group, epoll, sa);
      ctx.log()
          .info(
              "TCP listening on \"{}\"",
              io.netty.util.NetUtil.toSocketAddressString(
                  (InetSocketAddress) channel.localAddress()));
    } else {
      Channel taken = takeOverUdp(sa);
      if (taken != null) {
        channel = taken;
        ctx.log()
            .info(
                "Took over the UDP listener on \"{}\" from the previous configuration",
                io.netty.util.NetUtil.toSocketAddressString(
                    (InetSocketAddress) taken.localAddress()));
        ctx.log().info("Started the statsd service on \"{}\"", cfg.serviceAddress());
        return;
      }
      channel = adoptEarlyUdp(group, epoll, sa);
      boolean early = channel != null;
      if (!early) {
        channel = bindUdp(group, epoll, sa);
      }
      // reading has begun (what waited in an early socket is read meanwhile, cold)
      warmUpOnce(group, epoll);
      DatagramChannel dc = (DatagramChannel) channel;
      int effective = dc.config().getReceiveBufferSize();
      ctx.log()
          .info(
              "UDP listening on \"{}\" ({} transport, receive buffer {} bytes{}{})",
              io.netty.util.NetUtil.toSocketAddressString(
                  (InetSocketAddress) channel.localAddress()),
              epoll ? "epoll" : "nio",
              effective,
              cfg.readBufferSize() > 0 ? ", requested " + cfg.readBufferSize() : "",
              early ? ", bound at process start" : "");
      if (cfg.readBufferSize() > 0 && effective < cfg.readBufferSize()) {
        ctx.log()
            .warn(
                "read_buffer_size = {} was capped by the kernel to {} bytes (raise"
                    + " net.core.rmem_max)",
                cfg.readBufferSize(),
                effective);
      }
    }
    ctx.log().info("Started the statsd service on \"{}\"", cfg.serviceAddress());
  }

  private InetSocketAddress bindAddress(ServiceAddress sa, SocketProtocolFamily family)
      throws UnknownHostException {
    if (sa.host().isEmpty()) {
      if (family == SocketProtocolFamily.INET) {
        return new InetSocketAddress(InetAddress.getByName("0.0.0.0"), sa.port());
      }
      if (family == SocketProtocolFamily.INET6) {
        return new InetSocketAddress(InetAddress.getByName("::"), sa.port());
      }
      return new InetSocketAddress(sa.port());
    }
    return new InetSocketAddress(InetAddress.getByName(sa.host()), sa.port());
  }

  /**
   * The UDP listener the previous configuration's instance parked on this port, now reading into
   * this instance's engine; null when there is none or it does not fit ({@code protocol} or {@code
   * service_address} changed: then it is closed and the caller binds anew).
   */
  private Channel takeOverUdp(ServiceAddress sa) {
    Optional<ParkedUdp> parked = ctx.takeOver(udpHandoverKey(sa), ParkedUdp.class);
    if (parked.isEmpty()) {
      return null;
    }
    ParkedUdp p = parked.get();
    Channel c = p.channel();
    if (!c.isOpen()) {
      return null;
    }
    if (!p.protocol().equals(cfg.protocol()) || !p.serviceAddress().equals(cfg.serviceAddress())) {
      c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
      return null;
    }
    UdpHandler handler = newUdpHandler(c instanceof EpollDatagramChannel, engine);
    io.netty.util.concurrent.Future<?> f =
        c.eventLoop()
            .submit(
                () -> {
                  DatagramChannel dc = (DatagramChannel) c;
                  if (cfg.readBufferSize() > 0
                      && dc.config().getReceiveBufferSize() != cfg.readBufferSize()) {
                    dc.config().setReceiveBufferSize(cfg.readBufferSize());
                  }
                  c.pipeline().replace(UdpHandler.class, null, handler);
                  c.config().setAutoRead(true);
                });
    if (!f.awaitUninterruptibly(2, TimeUnit.SECONDS) || !f.isSuccess()) {
      ctx.log()
          .warn(
              "Could not take over the UDP listener on \"{}\" ({}); binding anew",
              cfg.serviceAddress(),
              f.cause() == null ? "timeout" : f.cause().toString());
      c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
      return null;
    }
    return c;
  }

  /**
   * At a reload: pauses reading (everything read so far went to this instance's engine, which the
   * final gather still emits; later datagrams wait in the socket's receive buffer) and parks the
   * listener for the next configuration's instance. False (reading paused, the caller closes the
   * channel) when the core does not accept a handover: a final stop.
   */
  private boolean parkUdp(Channel c) {
    ServiceAddress sa = ServiceAddress.parse(cfg.serviceAddress());
    if (sa == null) {
      return false;
    }
    io.netty.util.concurrent.Future<?> paused =
        c.eventLoop()
            .submit(
                () -> {
                  // a read-coalescing pause of the handler must not turn reading back on
                  UdpHandler h = c.pipeline().get(UdpHandler.class);
                  if (h != null) {
                    h.detach();
                  }
                  c.config().setAutoRead(false);
                });
    if (!paused.awaitUninterruptibly(2, TimeUnit.SECONDS) || !paused.isSuccess()) {
      return false;
    }
    // a barrier: a read the event loop had already scheduled has run (into this engine) after it
    c.eventLoop().submit(() -> {}).awaitUninterruptibly(2, TimeUnit.SECONDS);
    ParkedUdp p = new ParkedUdp(c, cfg.protocol(), cfg.serviceAddress());
    if (!ctx.handOver(
        udpHandoverKey(sa), p, () -> c.close().awaitUninterruptibly(2, TimeUnit.SECONDS))) {
      return false;
    }
    ctx.log()
        .info(
            "Parked the UDP listener on \"{}\" for the reloaded configuration",
            cfg.serviceAddress());
    return true;
  }

  private Channel bindUdp(EventLoopGroup group, boolean epoll, ServiceAddress sa) throws Exception {
    SocketProtocolFamily family = udpFamily();
    ChannelFactory<Channel> factory =
        () -> {
          if (epoll) {
            return family == null ? new EpollDatagramChannel() : new EpollDatagramChannel(family);
          }
          return family == null ? new NioDatagramChannel() : new NioDatagramChannel(family);
        };
    return udpBootstrap(group, epoll, factory, engine)
        .bind(bindAddress(sa, family))
        .sync()
        .channel();
  }

  /**
   * The process's first UDP listener warms the receive path up ({@link WarmUp}) before its start
   * returns: on a listener of its own on an ephemeral loopback port, with the same transport and
   * pipeline, on the same event loop, while the real socket is already read (so the warm-up neither
   * refuses nor delays anything). A failure is logged and the start goes on.
   */
  private void warmUpOnce(EventLoopGroup group, boolean epoll) {
    int datagrams = WarmUp.configuredDatagrams();
    if (datagrams == 0 || !WarmUp.claim()) {
      return;
    }
    try {
      WarmUp.Result r =
          WarmUp.run(
              cfg,
              ctx,
              (eng, addr) ->
                  udpBootstrap(
                          group,
                          epoll,
                          () ->
                              epoll
                                  ? new EpollDatagramChannel(SocketProtocolFamily.INET)
                                  : new NioDatagramChannel(SocketProtocolFamily.INET),
                          eng)
                      // the kernel's default buffer: the warm-up never has more than a few
                      // datagrams in flight, and read coalescing sizes its pause from the buffer
                      // (104 µs instead of 4 ms with an 8 MiB one; the warm-up took twice as long)
                      .option(ChannelOption.SO_RCVBUF, null)
                      .bind(addr)
                      .sync()
                      .channel(),
              datagrams,
              engine.udpPacketsReceived::get);
      lastWarmUp = r;
      ctx.log()
          .debug(
              "Warmed the UDP receive path up: {} of {} datagrams read in {} ms{}",
              r.read(),
              r.sent(),
              TimeUnit.NANOSECONDS.toMillis(r.nanos()),
              r.yielded() ? " (stopped early: real datagrams arrived)" : "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the start was interrupted: let the caller see it
    } catch (Exception e) {
      ctx.log().warn("Could not warm the UDP receive path up ({}); starting cold", e.toString());
    }
  }

  /** The warm-up this instance ran, for tests; null when it ran none. */
  WarmUp.Result lastWarmUp() {
    return lastWarmUp;
  }

  /** The address family {@code protocol} asks for: null for "udp" (the system's default). */
  private SocketProtocolFamily udpFamily() {
    return switch (cfg.protocol()) {
      case "udp4" -> SocketProtocolFamily.INET;
      case "udp6" -> SocketProtocolFamily.INET6;
      default -> null;
    };
  }

  /** A UDP listener's bootstrap: the same options and handler for a fresh or an early socket. */
  private Bootstrap udpBootstrap(
      EventLoopGroup group, boolean epoll, ChannelFactory<Channel> f, StatsdEngine eng) {
    Bootstrap b = new Bootstrap().group(group).channelFactory(f);
    if (epoll) {
      b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM_PAYLOAD);
      b.option(
          ChannelOption.RCVBUF_ALLOCATOR,
          new DatagramSlots(MAX_DATAGRAM_PAYLOAD, DATAGRAMS_PER_READ, MAX_DATAGRAMS_PER_READ));
    } else {
      b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(64 * 1024));
    }
    if (cfg.readBufferSize() > 0) {
      b.option(ChannelOption.SO_RCVBUF, cfg.readBufferSize());
    }
    b.handler(newUdpHandler(epoll, eng));
    return b;
  }

  /**
   * JDK sockets whose descriptor an epoll channel adopted: kept reachable for the life of the
   * process, because a collected {@code DatagramChannel} closes its descriptor, which by then is
   * the Netty channel's (or, after that closed, some other file's).
   */
  private static final Set<java.nio.channels.DatagramChannel> ADOPTED =
      ConcurrentHashMap.newKeySet();

  /**
   * The listener on the socket the agent bound at process start for this input ({@link
   * EarlyUdpSocket}), now read by this input's handler; datagrams sent since then are read first.
   * Null (and the early socket closed) when there is none or it does not match the loaded
   * configuration: the caller binds as usual.
   */
  private Channel adoptEarlyUdp(EventLoopGroup group, boolean epoll, ServiceAddress sa)
      throws InterruptedException {
    Optional<EarlyUdpSocket> early = ctx.takeOver(udpHandoverKey(sa), EarlyUdpSocket.class);
    if (early.isEmpty()) {
      return null;
    }
    java.nio.channels.DatagramChannel jdk = early.get().channel();
    if (!early.get().protocol().equals(cfg.protocol())
        || !early.get().serviceAddress().equals(cfg.serviceAddress())
        || !boundAsThisInputWould(jdk, sa)) {
      closeQuietly(jdk);
      return null;
    }
    ChannelFactory<Channel> factory;
    if (epoll) {
      int fd = EarlyFd.of(jdk);
      if (fd < 0) {
        ctx.log()
            .warn(
                "Cannot hand the UDP socket bound at process start to the epoll transport (the"
                    + " JVM lacks --add-exports java.base/sun.nio.ch=ALL-UNNAMED, which bin/agent"
                    + " sets); binding anew: datagrams received since the start are lost");
        closeQuietly(jdk);
        return null;
      }
      ADOPTED.add(jdk);
      factory = () -> new EpollDatagramChannel(fd);
    } else {
      factory = () -> new NioDatagramChannel(jdk);
    }
    io.netty.channel.ChannelFuture f =
        udpBootstrap(group, epoll, factory, engine).register().await();
    if (!f.isSuccess()) {
      ctx.log()
          .warn("Cannot read the UDP socket bound at process start ({}); binding anew", f.cause());
      f.channel().close().awaitUninterruptibly(2, TimeUnit.SECONDS);
      closeQuietly(jdk); // with epoll a no-op: the descriptor was the channel's, Netty closed it
      return null;
    }
    return f.channel();
  }

  /**
   * Whether the early socket is open on the address {@link #bindUdp} would bind: the core predicted
   * it with its own reading of {@code service_address}; this input's rule decides.
   */
  private boolean boundAsThisInputWould(java.nio.channels.DatagramChannel jdk, ServiceAddress sa) {
    try {
      if (!jdk.isOpen() || !(jdk.getLocalAddress() instanceof InetSocketAddress got)) {
        return false;
      }
      InetSocketAddress want = bindAddress(sa, udpFamily());
      return got.getPort() == want.getPort()
          && (got.getAddress().equals(want.getAddress())
              || (got.getAddress().isAnyLocalAddress() && want.getAddress().isAnyLocalAddress()));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void closeQuietly(java.nio.channels.DatagramChannel ch) {
    if (ADOPTED.contains(ch)) {
      return; // its descriptor is (or was) the epoll channel's: closing it again could hit a reuse
    }
    try {
      ch.close();
    } catch (java.io.IOException e) {
      // nothing more to do
    }
  }

  /**
   * The handler of a UDP listener, for a fresh bind and for a taken-over one alike: with epoll,
   * datagrams arrive in {@link #MAX_DATAGRAM_PAYLOAD} slots (a full slot was probably cut) and
   * reads are coalesced; NIO reads one datagram per call and needs neither.
   */
  private UdpHandler newUdpHandler(boolean epoll, StatsdEngine eng) {
    return new UdpHandler(eng, ctx.log(), epoll ? MAX_DATAGRAM_PAYLOAD : 0, epoll);
  }

  private Channel bindTcp(EventLoopGroup group, boolean epoll, ServiceAddress sa) throws Exception {
    ChannelGroup conns = new DefaultChannelGroup(group.next());
    connections = conns;
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    conns.add(ch);
                    ch.pipeline()
                        .addLast(TcpLineHandler.decoder())
                        .addLast(
                            new TcpLineHandler(
                                engine, ctx.log(), cfg.maxTcpConnections(), openConnections));
                  }
                });
    if (cfg.tcpKeepAlive()) {
      b.childOption(ChannelOption.SO_KEEPALIVE, true);
      if (cfg.tcpKeepAlivePeriod() != null && !cfg.tcpKeepAlivePeriod().isZero()) {
        int secs = (int) Math.max(1, cfg.tcpKeepAlivePeriod().toSeconds());
        if (epoll) {
          b.childOption(EpollChannelOption.TCP_KEEPIDLE, secs);
          b.childOption(EpollChannelOption.TCP_KEEPINTVL, secs);
        } else {
          b.childOption(NioChannelOption.of(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE), secs);
          b.childOption(NioChannelOption.of(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL), secs);
        }
      }
    }
    SocketAddress addr = bindAddress(sa, null);
    return b.bind(addr).sync().channel();
  }

  @Override
  public void gather(Accumulator acc) {
    Channel c = channel;
    if (c instanceof DatagramChannel && c.localAddress() instanceof InetSocketAddress a) {
      long drops = SocketDrops.read(a.getPort(), SocketDrops.TABLES);
      if (drops >= 0) {
        engine.udpSocketDrops.set(drops);
      }
    }
    engine.gather(acc);
  }

  @Override
  public void stop() {
    Channel c = channel;
    if (c == null) {
      return;
    }
    channel = null;
    ctx.log().info("Stopping the statsd service");
    if (c instanceof DatagramChannel && c.isOpen() && parkUdp(c)) {
      return;
    }
    c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    ChannelGroup conns = connections;
    if (conns != null) {
      conns.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    ctx.log().info("Stopped listener service on \"{}\"", cfg.serviceAddress());
  }
}
