package io.jagent.outputs.influxdb;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Test-side access to a real InfluxDB 1.x: the env contract and InfluxQL over /query. */
final class InfluxServer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String url;
  private final String auth;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  InfluxServer(String url, String user, String password) {
    this.url = url;
    this.auth =
        user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The shared server from AGENT_IT_INFLUXDB_URL; skips locally, fails on CI when unset. */
  static String requiredUrl() {
    String url = System.getenv("AGENT_IT_INFLUXDB_URL");
    if (url == null || url.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("AGENT_IT_INFLUXDB_URL is not set on CI");
      }
      Assumptions.abort("AGENT_IT_INFLUXDB_URL not set; start it with .ci/servers.sh");
    }
    return url;
  }

  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail(name + " is not set on CI");
      }
      Assumptions.abort(name + " not set");
    }
    return v;
  }

  String url() {
    return url;
  }

  /** Runs InfluxQL; POST for statements that change things. */
  JsonNode query(String db, String q) throws IOException, InterruptedException {
    Map<String, String> params = new LinkedHashMap<>();
    if (db != null) {
      params.put("db", db);
    }
    params.put("q", q);
    params.put("epoch", "ns");
    StringBuilder form = new StringBuilder();
    params.forEach(
        (k, v) ->
            form.append(form.length() == 0 ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + "/query"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** The first series of the first result, or a missing node. */
  JsonNode series(String db, String q) throws IOException, InterruptedException {
    return query(db, q).path("results").path(0).path("series").path(0);
  }

  boolean ping() {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/ping"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 204;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
