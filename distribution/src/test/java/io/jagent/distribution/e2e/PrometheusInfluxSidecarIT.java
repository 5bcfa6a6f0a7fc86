package io.jagent.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jagent.distribution.AgentProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 point 2: the Prometheus → InfluxDB sidecar with the seed config unchanged. The config
 * scrapes {@code http://localhost:2379/metrics} (etcd in the pod); here a loopback proxy on
 * 127.0.0.1:2379 serves node_exporter's real body. After {@code --once}, a SELECT in the real
 * InfluxDB ("mydb", hard-coded in the config) finds every metric family of the body served (metric
 * version 1: one measurement per family), tagged as the config says.
 */
class PrometheusInfluxSidecarIT {
  static final Path FIXTURE =
      AgentProcess.REPO.resolve(
          "agent-core/src/test/resources/seed-configs/sidecar-prometheus-influxdb.conf");
  static final Path SHARED_FIXTURE =
      Path.of("/work/shared/fixtures/seed-configs/sidecar-prometheus-influxdb.conf");

  @TempDir Path dir;

  @Test
  void everyFamilyOfTheScrapedBodyIsInInfluxDb() throws Exception {
    String influxUrl = E2e.requireEnv("AGENT_IT_INFLUXDB_URL");
    String nodeExporter = E2e.requireEnv("AGENT_IT_NODE_EXPORTER_URL");
    if (Files.exists(SHARED_FIXTURE)) {
      assertEquals(Files.readString(SHARED_FIXTURE), Files.readString(FIXTURE), "fixture drifted");
    }
    E2e.require(E2e.tcpPortFree(2379), "the fixture scrapes localhost:2379, which is taken here");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    AtomicReference<String> served = new AtomicReference<>();
    HttpServer proxy =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 2379), 16);
    proxy.createContext(
        "/metrics",
        x -> {
          try (x) {
            HttpResponse<String> r =
                http.send(
                    HttpRequest.newBuilder(URI.create(nodeExporter))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            served.set(r.body());
            byte[] b = r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            x.getResponseHeaders()
                .add(
                    "Content-Type",
                    r.headers().firstValue("Content-Type").orElse("text/plain; version=0.0.4"));
            x.sendResponseHeaders(r.statusCode(), b.length);
            x.getResponseBody().write(b);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            x.sendResponseHeaders(500, -1);
          }
        });
    proxy.start();
    Influx influx = new Influx(influxUrl);
    try {
      influx.command("DROP DATABASE mydb");
      influx.command("CREATE DATABASE mydb");
      Map<String, String> env =
          Map.of(
              "ENV", "e2e",
              "HOSTNAME", "sidecar-e2e",
              "MONITOR_HOST", influxUrl,
              "MONITOR_USERNAME", "e2e",
              "MONITOR_PASSWORD", "e2e-unused-pw");
      try (AgentProcess a =
          AgentProcess.start(dir, env, "--config", FIXTURE.toString(), "--once")) {
        assertEquals(0, a.waitFor(Duration.ofSeconds(90)), a.stderr());
        assertFalse(a.stderr().contains("\tat "), a.stderr());
      }
      String body = served.get();
      assertTrue(body != null && !body.isEmpty(), "the agent never scraped the proxy");
      Set<String> families = families(body);
      Map<String, JsonNode> stored = new HashMap<>();
      for (Influx.Series s : influx.select("mydb", "SELECT * FROM /.*/ GROUP BY * LIMIT 1")) {
        stored.putIfAbsent(s.name(), s.tags());
      }
      TreeSet<String> missing = new TreeSet<>(families);
      missing.removeAll(stored.keySet());
      TreeSet<String> extra = new TreeSet<>(stored.keySet());
      extra.removeAll(families);
      System.out.printf(
          "[e2e sidecar-prometheus-influxdb] body %d bytes, %d families with samples; InfluxDB"
              + " mydb has %d measurements; missing %s; extra %s%n",
          body.length(), families.size(), stored.size(), missing, extra);
      assertTrue(families.size() > 50, "a suspiciously small body: " + families.size());
      assertEquals(Set.of(), missing, "families not found by SELECT");
      assertEquals(Set.of(), extra, "measurements that are no family of the body");
      for (Map.Entry<String, JsonNode> e : stored.entrySet()) {
        JsonNode t = e.getValue();
        assertEquals("e2e", t.path("env").asText(), e.getKey() + " " + t);
        assertEquals("sidecar-e2e", t.path("host").asText(), e.getKey() + " " + t);
        assertEquals("http://localhost:2379/metrics", t.path("url").asText(), e.getKey() + " " + t);
      }
    } finally {
      proxy.stop(0);
      try {
        influx.command("DROP DATABASE mydb");
      } catch (Exception e) {
        // best effort
      }
    }
  }

  /**
   * The families of a text exposition that have at least one sample, read independently of the
   * agent: a sample named {@code x}, or {@code x_bucket}/{@code x_sum}/{@code x_count} of a
   * histogram or summary {@code x}, belongs to family {@code x}.
   */
  static Set<String> families(String body) {
    Map<String, String> types = new HashMap<>();
    Set<String> out = new TreeSet<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] p = line.split(" ");
        types.put(p[2], p[3]);
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      String name = line.substring(0, end);
      String family = name;
      for (String suffix : List.of("_bucket", "_sum", "_count")) {
        if (name.endsWith(suffix)) {
          String base = name.substring(0, name.length() - suffix.length());
          String t = types.get(base);
          if ("histogram".equals(t) || "summary".equals(t)) {
            family = base;
          }
        }
      }
      out.add(family);
    }
    return out;
  }
}
