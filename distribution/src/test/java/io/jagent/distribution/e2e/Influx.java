package io.jagent.distribution.e2e;

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
import java.util.ArrayList;
import java.util.List;

/** A tiny InfluxDB 1.x /query client for the end-to-end tests. */
final class Influx {
  private final String url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  Influx(String url) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A statement that changes something (CREATE/DROP), POSTed; fails on an error answer. */
  void command(String q) throws IOException, InterruptedException {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(url + "/query"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("q=" + enc(q)))
            .build();
    HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200 || resp.body().contains("\"error\"")) {
      throw new IOException(q + ": HTTP " + resp.statusCode() + " " + resp.body());
    }
  }

  /** The series of a SELECT (epoch=ns), each as name, tags and rows. */
  List<Series> select(String db, String q) throws IOException, InterruptedException {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(url + "/query?epoch=ns&db=" + enc(db) + "&q=" + enc(q)))
            .timeout(Duration.ofSeconds(60))
            .GET()
            .build();
    HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) {
      throw new IOException(q + ": HTTP " + resp.statusCode() + " " + resp.body());
    }
    JsonNode root = json.readTree(resp.body());
    List<Series> out = new ArrayList<>();
    for (JsonNode result : root.path("results")) {
      if (result.has("error")) {
        throw new IOException(q + ": " + result.get("error").asText());
      }
      for (JsonNode s : result.path("series")) {
        List<String> cols = new ArrayList<>();
        s.path("columns").forEach(c -> cols.add(c.asText()));
        List<JsonNode> rows = new ArrayList<>();
        s.path("values").forEach(rows::add);
        out.add(new Series(s.path("name").asText(), s.path("tags"), cols, rows));
      }
    }
    return out;
  }

  /** Sum over all series of the first value column (a {@code SELECT count(x) ...}). */
  long count(String db, String q) throws IOException, InterruptedException {
    long n = 0;
    for (Series s : select(db, q)) {
      for (JsonNode row : s.rows()) {
        n += row.get(1).asLong();
      }
    }
    return n;
  }

  /** True when /ping answers 204. */
  boolean up() {
    try {
      HttpRequest r =
          HttpRequest.newBuilder(URI.create(url + "/ping"))
              .timeout(Duration.ofSeconds(2))
              .GET()
              .build();
      return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  record Series(String name, JsonNode tags, List<String> columns, List<JsonNode> rows) {}
}
