package io.jagent.outputs.influxdb;

import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.HttpStatus;
import io.jagent.spi.Secret;
import io.jagent.spi.Stat;
import io.jagent.spi.lineprotocol.LineBuffer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/** HTTP(S) client for one URL (reference influxdb.md §2). */
final class HttpV1Client implements V1Client {
  private static final int MAX_ERROR_BODY = 1024;

  private final Endpoint endpoint;
  private final InfluxdbConfig config;
  private final Transport http;
  private final BodyEncoder encoder;
  private final Logger log;
  private final String authorization;
  private final Set<String> createdDatabases = ConcurrentHashMap.newKeySet();
  private final boolean tagged;
  private final Stat bytesWritten;

  HttpV1Client(
      Endpoint endpoint,
      InfluxdbConfig config,
      Transport http,
      BodyEncoder encoder,
      Logger log,
      Stat bytesWritten) {
    this.bytesWritten = bytesWritten;
    this.endpoint = endpoint;
    this.config = config;
    this.http = http;
    this.encoder = encoder;
    this.log = log;
    this.authorization = basicAuth(config.username(), config.password(), endpoint);
    this.tagged = !config.databaseTag().isEmpty() || !config.retentionPolicyTag().isEmpty();
  }

  static String basicAuth(Secret user, Secret pass, Endpoint e) {
    String u = user.reveal();
    String p = pass.reveal();
    if (u.isEmpty() && p.isEmpty()) {
      u = e.user();
      p = e.password().reveal();
    }
    if (u.isEmpty() && p.isEmpty()) {
      return null;
    }
    return "Basic "
        + Base64.getEncoder().encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public void write(List<Group> groups) throws IOException {
    for (Group g : groups) {
      if (tagged && !config.skipDatabaseCreation() && !createdDatabases.contains(g.database())) {
        try {
          createDatabase(g.database());
        } catch (IOException e) {
          log.warn(
              "When writing to [{}]: database \"{}\" creation failed: {}",
              endpoint,
              g.database(),
              e.getMessage());
        }
      }
      writeGroup(g);
    }
  }

  private void writeGroup(Group g) throws IOException {
    LineBuffer body = encoder.encode(g.metrics());
    if (encoder.lastMetrics() == 0) {
      return;
    }
    Map<String, String> q = new LinkedHashMap<>();
    if (!config.writeConsistency().isEmpty() && !config.writeConsistency().equals("one")) {
      q.put("consistency", config.writeConsistency());
    }
    q.put("db", g.database());
    if (!g.retentionPolicy().isEmpty()) {
      q.put("rp", g.retentionPolicy());
    }
    Map<String, String> h = headers();
    h.put("Content-Type", "text/plain; charset=utf-8");
    if (encoder.gzip()) {
      h.put("Content-Encoding", "gzip");
    }
    Transport.Response resp = send(endpoint.resolve("write", q), h, body.array(), body.size());
    bytesWritten.incr(body.size());
    if (log.isDebugEnabled()) {
      log.debug(
          "wrote {} metrics ({} bytes) to [{}]: {}",
          encoder.lastMetrics(),
          body.size(),
          endpoint,
          resp.status());
    }
    handleWriteResponse(resp.status(), resp.text(), g.database(), log);
  }

  /** Reference §2.3, in its exact order. Returns normally on success. */
  static void handleWriteResponse(int status, String body, String db, Logger log)
      throws IOException {
    if (status == 204) {
      return;
    }
    String statusText = HttpStatus.line(status);
    JsonBody json = JsonBody.parse(body);
    if (!json.valid()) {
      throw new IOException(statusText + ": " + truncate(body));
    }
    String desc = json.error();
    if (desc.contains("database not found")) {
      throw new DatabaseNotFoundException(db, statusText + ": " + desc);
    }
    if (status >= 400 && status < 500) {
      throw new BatchRejectedException(
          "Failed to write metric (will be dropped: " + statusText + "): " + desc);
    }
    if (desc.contains("retention policy not found")) {
      throw new BatchRejectedException("Failed to write metric (will be dropped): " + desc);
    }
    if (desc.contains("hinted handoff queue not empty")) {
      return; // upstream: silently treated as written
    }
    if (desc.contains("points beyond retention policy")) {
      log.warn("When writing: {}", desc);
      throw new BatchRejectedException("Failed to write metric (will be dropped): " + desc);
    }
    if (desc.contains("partial write")) {
      throw new BatchRejectedException(
          "Failed to write metric (will be dropped, discarding points): " + desc);
    }
    if (desc.contains("unable to parse")) {
      throw new BatchRejectedException("Failed to write metric (will be dropped): " + desc);
    }
    throw new IOException(desc.isEmpty() ? statusText : statusText + ": " + desc);
  }

  @Override
  public void createDatabase(String db) throws IOException {
    String stmt =
        "CREATE DATABASE \""
            + db.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"")
            + "\"";
    Map<String, String> h = headers();
    h.put("Content-Type", "application/x-www-form-urlencoded");
    byte[] form = ("q=" + Endpoint.queryEscape(stmt)).getBytes(StandardCharsets.UTF_8);
    Transport.Response resp = send(endpoint.resolve("query", Map.of()), h, form, form.length);
    int status = resp.status();
    String body = resp.text();
    JsonBody json = JsonBody.parse(body);
    if (!json.valid()) {
      throw new IOException(
          HttpStatus.line(status)
              + ": An error response was received while attempting to create the following"
              + " database: "
              + db
              + ". Error: "
              + truncate(body));
    }
    if (!json.object()) {
      if (status == 200) {
        return; // upstream quirk: success, but not remembered
      }
      throw new IOException(HttpStatus.line(status));
    }
    String err = json.resultError().isEmpty() ? json.error() : json.resultError();
    if (status == 200 && err.isEmpty()) {
      createdDatabases.add(db);
      return;
    }
    if (status == 403) {
      createdDatabases.add(db); // never retried
    }
    throw new IOException(
        err.isEmpty() ? HttpStatus.line(status) : HttpStatus.line(status) + ": " + err);
  }

  boolean databaseCreated(String db) {
    return createdDatabases.contains(db);
  }

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>(config.http().headers());
    h.put("User-Agent", config.http().userAgent());
    if (authorization != null) {
      h.put("Authorization", authorization);
    }
    return h;
  }

  private Transport.Response send(URI uri, Map<String, String> headers, byte[] body, int len)
      throws IOException {
    try {
      return http.post(uri, headers, body, 0, len);
    } catch (IOException e) {
      encoder.abandon();
      throw e;
    }
  }

  static String truncate(String s) {
    return s.length() <= MAX_ERROR_BODY ? s : s.substring(0, MAX_ERROR_BODY) + "...";
  }
}
