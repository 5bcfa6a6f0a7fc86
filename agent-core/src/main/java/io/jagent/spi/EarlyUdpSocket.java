package io.jagent.spi;

import java.nio.channels.DatagramChannel;

/**
 * A UDP socket the agent bound at process start, before the configuration was loaded, so that
 * datagrams sent while the agent starts wait in the socket's receive buffer instead of being
 * refused (the JVM needs seconds of a 200m CPU quota to load a configuration; binding first takes a
 * fraction of that). At the first start the core offers it to plugins under the handover key of the
 * listener it was bound for ({@code statsd:udp:8125}): {@link PluginContext#takeOver takeOver(key,
 * EarlyUdpSocket.class)} transfers ownership; a socket nobody takes is closed once the agent runs.
 *
 * <p>The socket is bound, non-blocking, with {@code SO_RCVBUF} set when the configuration asked for
 * it. {@code protocol} and {@code serviceAddress} are the configuration's values as written
 * (defaults filled in): a plugin takes the socket only when its own values are equal, else it
 * closes it and binds as usual.
 */
public record EarlyUdpSocket(DatagramChannel channel, String protocol, String serviceAddress) {}
