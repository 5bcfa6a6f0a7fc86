package io.jagent.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jagent.distribution.AgentProcess;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 point 7: passwords and tokens given in the config and in environment variables (InfluxDB
 * username/password and URL userinfo, Wavefront token in the option and in the URL, a MySQL DSN
 * password) never appear in anything the agent writes: log lines at debug level, errors (every peer
 * refuses the credentials), {@code --test} output, a refused config, or internal metrics.
 */
class SecretsIT {
  static final String INFLUX_PW = "E2eInflPw-7731-zz";
  static final String INFLUX_URL_PW = "E2eUrlPw-4410-qq";
  static final String WF_TOKEN = "e2e-wf-token-5f3c9a1b";
  static final String WF_URL_TOKEN = "e2e-wf-urltoken-77d2";
  static final String MYSQL_PW = "E2eMyPw-0091-kk";

  @TempDir Path dir;

  @Test
  void noSecretAppearsInLogsErrorsTestOutputOrInternalMetrics() throws Exception {
    HttpServer refusing =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    refusing.createContext(
        "/",
        x -> {
          try (x) {
            x.getRequestBody().readAllBytes();
            byte[] b = "{\"error\":\"authorization failed\"}".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(401, b.length);
            x.getResponseBody().write(b);
          }
        });
    refusing.start();
    int peer = refusing.getAddress().getPort();
    String mysql = System.getenv("AGENT_IT_MYSQL_URL");
    if (mysql == null || mysql.isBlank()) {
      E2e.require(!E2e.ci(), "AGENT_IT_MYSQL_URL is not set");
      mysql = "127.0.0.1:" + AgentProcess.freeTcpPort(); // refused: the DSN error path only
    }
    Path internal = dir.resolve("internal.lp");
    int statsdPort = AgentProcess.freeUdpPort();
    String conf =
        """
        [agent]
          interval = "1s"
          flush_interval = "1s"
          hostname = "secrets-host"
        [[inputs.internal]]
        [[inputs.statsd]]
          service_address = "127.0.0.1:%1$d"
        [[inputs.mysql]]
          servers = ["telegraf:%2$s@tcp(%3$s)/?tls=false"]
        [[outputs.file]]
          files = ["%4$s"]
        [[outputs.influxdb]]
          urls = ["http://127.0.0.1:%5$d"]
          database = "e2e_secrets"
          username = "e2euser"
          password = "$E2E_INFLUX_PASSWORD"
          timeout = "2s"
        [[outputs.influxdb]]
          urls = ["http://e2eurluser:%6$s@127.0.0.1:%5$d"]
          database = "e2e_secrets"
          timeout = "2s"
        [[outputs.wavefront]]
          url = "http://127.0.0.1:%5$d"
          token = "${E2E_WF_TOKEN}"
          timeout = "2s"
        [[outputs.wavefront]]
          url = "http://%7$s@127.0.0.1:%5$d"
          timeout = "2s"
        """
            .formatted(statsdPort, MYSQL_PW, mysql, internal, peer, INFLUX_URL_PW, WF_URL_TOKEN);
    Path confFile = E2e.write(dir, "secrets.conf", conf);
    Map<String, String> env = Map.of("E2E_INFLUX_PASSWORD", INFLUX_PW, "E2E_WF_TOKEN", WF_TOKEN);
    List<String> captured = new ArrayList<>();
    Map<String, String> where = new HashMap<>();
    try {
      // 1. a run at debug level, every peer refusing the credentials
      try (AgentProcess a =
          AgentProcess.start(dir, env, "--config", confFile.toString(), "--debug")) {
        E2e.awaitListening(a, "UDP listening on");
        AgentProcess.sendUdp(statsdPort, "secrets.probe:1|c");
        assertTrue(
            E2e.await(
                () -> a.stderr().contains("401") || a.stderr().contains("authorization"),
                Duration.ofSeconds(30)),
            "no auth failure logged:\n" + a.stderr());
        Thread.sleep(3000); // a few more flushes and mysql gathers
        a.signal("TERM");
        assertEquals(0, a.waitFor(Duration.ofSeconds(40)), a.stderr());
        keep(captured, where, "run stderr", a.stderr());
        keep(captured, where, "run stdout", a.stdout());
        keep(captured, where, "internal metrics", Files.readString(internal));
        assertTrue(Files.readString(internal).contains("internal_write"), "no internal metrics");
      }
      // 2. --test of the same config
      try (AgentProcess a =
          AgentProcess.start(dir, env, "--config", confFile.toString(), "--test", "--debug")) {
        a.waitFor(Duration.ofSeconds(60));
        keep(captured, where, "--test stderr", a.stderr());
        keep(captured, where, "--test stdout", a.stdout());
        assertTrue(a.stdout().contains("> internal_"), a.stdout() + a.stderr());
      }
      // 3. the same config refused (an unknown key next to each secret)
      Path broken =
          E2e.write(
              dir,
              "broken.conf",
              conf.replace("  password = ", "  pasword = \"x\"\n  password = ")
                  .replace("  token = ", "  tokn = 1\n  token = ")
                  .replace("  servers = ", "  server = 2\n  servers = "));
      try (AgentProcess a = AgentProcess.start(dir, env, "--config", broken.toString())) {
        assertEquals(1, a.waitFor(Duration.ofSeconds(60)));
        assertTrue(a.stderr().contains("pasword"), a.stderr());
        keep(captured, where, "refused config stderr", a.stderr());
        keep(captured, where, "refused config stdout", a.stdout());
      }
      // 4. --test with a value that cannot be parsed where a secret sits next to it
      Path bad =
          E2e.write(dir, "bad.conf", conf.replace("timeout = \"2s\"", "timeout = \"2 parsecs\""));
      try (AgentProcess a = AgentProcess.start(dir, env, "--config", bad.toString(), "--test")) {
        assertEquals(1, a.waitFor(Duration.ofSeconds(60)));
        keep(captured, where, "bad value stderr", a.stderr());
      }
    } finally {
      refusing.stop(0);
    }
    List<String> secrets =
        List.of(
            INFLUX_PW,
            INFLUX_URL_PW,
            WF_TOKEN,
            WF_URL_TOKEN,
            MYSQL_PW,
            b64("e2euser:" + INFLUX_PW),
            b64("e2eurluser:" + INFLUX_URL_PW));
    long total = captured.stream().mapToLong(String::length).sum();
    System.out.printf(
        "[e2e secrets] %d captured texts, %d chars, grepped for %d secrets%n",
        captured.size(), total, secrets.size());
    for (String text : captured) {
      for (String s : secrets) {
        assertFalse(text.contains(s), "secret " + s + " in " + where.get(text) + ":\n" + text);
      }
      assertFalse(text.contains("\tat "), "stack trace in " + where.get(text) + ":\n" + text);
    }
    assertTrue(Stream.of("run stderr", "--test stderr").allMatch(where::containsValue));
  }

  private static void keep(
      List<String> captured, Map<String, String> where, String what, String t) {
    captured.add(t);
    where.put(t, what);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
