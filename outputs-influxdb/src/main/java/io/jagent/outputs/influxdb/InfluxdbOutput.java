package io.jagent.outputs.influxdb;

import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.spi.PluginContext;
import io.jagent.spi.Stat;
import io.jagent.spi.lineprotocol.LineProtocolSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;

/**
 * {@code outputs.influxdb}: each batch goes to one URL, tried in a fresh random order, the others
 * being fallbacks (reference influxdb.md §2.4). 4xx answers drop the batch ({@link
 * BatchRejectedException}); 5xx and transport errors keep it for the next flush ({@link
 * IOException}).
 */
final class InfluxdbOutput implements Output {
  private final InfluxdbConfig config;
  private final PluginContext ctx;
  private final Logger log;
  private final List<V1Client> clients = new ArrayList<>();
  private final BodyEncoder encoder;
  private final Random random;

  InfluxdbOutput(InfluxdbConfig config, PluginContext ctx) throws IOException {
    this(config, ctx, new Random());
  }

  InfluxdbOutput(InfluxdbConfig config, PluginContext ctx, Random random) throws IOException {
    this.config = config;
    this.ctx = ctx;
    this.log = ctx.log();
    this.random = random;
    this.encoder =
        new BodyEncoder(
            new LineProtocolSerializer(
                false, config.influxUintSupport(), config.influxOmitTimestamp()),
            config.gzip(),
            log);
    Stat bytesWritten = SelfStatsTags.bytesWritten(ctx, "influxdb");
    Transport jdk = null;
    for (Endpoint e : config.urls()) {
      if (e.udp()) {
        clients.add(new UdpV1Client(e, config, ctx.rateLimitedLog(), bytesWritten));
      } else if (e.unix()) {
        Transport t = new UnixSocketTransport(e.socketPath(), config.http().timeout());
        clients.add(new HttpV1Client(e, config, t, encoder, log, bytesWritten));
      } else {
        if (jdk == null) {
          jdk = Transport.jdk(config.http().buildClient(), config.http().timeout());
        }
        clients.add(new HttpV1Client(e, config, jdk, encoder, log, bytesWritten));
      }
    }
  }

  List<V1Client> clients() {
    return clients;
  }

  @Override
  public void connect() {
    if (config.skipDatabaseCreation()) {
      return;
    }
    for (V1Client c : clients) {
      if (c instanceof HttpV1Client) {
        try {
          c.createDatabase(config.database());
        } catch (IOException e) {
          log.warn(
              "When writing to [{}]: database \"{}\" creation failed: {}",
              c.endpoint(),
              config.database(),
              e.getMessage());
        }
      }
    }
  }

  @Override
  public void write(List<Metric> batch) throws IOException {
    encoder.newBatch();
    List<Group> groups = group(batch);
    List<V1Client> order = new ArrayList<>(clients);
    Collections.shuffle(order, random);
    boolean allNotFound = true;
    for (V1Client c : order) {
      try {
        c.write(groups);
        return;
      } catch (BatchRejectedException e) {
        throw e;
      } catch (DatabaseNotFoundException e) {
        if (!config.skipDatabaseCreation()) {
          boolean created = false;
          try {
            c.createDatabase(e.database());
            created = true;
          } catch (IOException ce) {
            ctx.rateLimitedLog()
                .warn(
                    "When writing to [{}]: database \"{}\" not found and failed to recreate",
                    c.endpoint(),
                    e.database());
          }
          if (created) {
            throw new IOException("database created; retry write");
          }
        }
      } catch (IOException e) {
        allNotFound = false;
        ctx.rateLimitedLog().warn("When writing to [{}]: {}", c.endpoint(), e.getMessage());
      }
    }
    if (allNotFound) {
      throw new BatchRejectedException(
          "database not found on every server (will be dropped): " + databases(groups));
    }
    throw new IOException("could not write any address");
  }

  private static String databases(List<Group> groups) {
    List<String> dbs = new ArrayList<>();
    for (Group g : groups) {
      if (!dbs.contains(g.database())) {
        dbs.add(g.database());
      }
    }
    return String.join(", ", dbs);
  }

  /** Reference §2.5: one group unless database_tag / retention_policy_tag is set. */
  List<Group> group(List<Metric> batch) {
    String dbTag = config.databaseTag();
    String rpTag = config.retentionPolicyTag();
    if (dbTag.isEmpty() && rpTag.isEmpty()) {
      return List.of(new Group(config.database(), config.retentionPolicy(), batch));
    }
    Map<List<String>, List<Metric>> groups = new LinkedHashMap<>();
    for (Metric m : batch) {
      String db = config.database();
      String rp = config.retentionPolicy();
      boolean strip = false;
      if (!dbTag.isEmpty() && m.hasTag(dbTag)) {
        db = m.tag(dbTag);
        strip |= config.excludeDatabaseTag();
      }
      if (!rpTag.isEmpty() && m.hasTag(rpTag)) {
        rp = m.tag(rpTag);
        strip |= config.excludeRetentionPolicyTag();
      }
      Metric w = m;
      if (strip) {
        Metric.Builder b = m.toBuilder();
        if (config.excludeDatabaseTag() && !dbTag.isEmpty()) {
          b.removeTag(dbTag);
        }
        if (config.excludeRetentionPolicyTag() && !rpTag.isEmpty()) {
          b.removeTag(rpTag);
        }
        w = b.build();
      }
      groups.computeIfAbsent(List.of(db, rp), k -> new ArrayList<>()).add(w);
    }
    List<Group> out = new ArrayList<>(groups.size());
    groups.forEach((k, v) -> out.add(new Group(k.get(0), k.get(1), v)));
    return out;
  }

  @Override
  public void close() {
    for (V1Client c : clients) {
      c.close();
    }
    encoder.close();
  }
}
