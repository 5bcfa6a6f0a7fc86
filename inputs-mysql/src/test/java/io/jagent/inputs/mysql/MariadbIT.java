package io.jagent.inputs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Metric;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Against the private MariaDB of {@code .ci/servers.sh} (AGENT_IT_MYSQL_*), as the user with only
 * the README's grants. Skipped locally without the env, fails when CI=true.
 */
@EnabledIf(
    value = "configured",
    disabledReason = "AGENT_IT_MYSQL_URL not set (run .ci/servers.sh start mariadb)")
class MariadbIT extends AbstractMysqlIT {
  private static ItServer server;

  /** Runs when the env names a server, and always in CI (where a missing env then fails). */
  static boolean configured() {
    String url = System.getenv("AGENT_IT_MYSQL_URL");
    return (url != null && !url.isBlank()) || "true".equals(System.getenv("CI"));
  }

  @BeforeAll
  static void env() {
    String url = System.getenv("AGENT_IT_MYSQL_URL");
    if (url == null || url.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true but AGENT_IT_MYSQL_URL is not set");
      }
      Assumptions.abort("AGENT_IT_MYSQL_URL not set");
    }
    String state = System.getenv().getOrDefault("AGENT_IT_STATE", "/tmp/agent-it");
    server =
        new ItServer(
            url,
            System.getenv().getOrDefault("AGENT_IT_MYSQL_USER", "telegraf"),
            System.getenv().getOrDefault("AGENT_IT_MYSQL_PASSWORD", ""),
            System.getenv().getOrDefault("AGENT_IT_MYSQL_ADMIN_USER", "admin"),
            System.getenv().getOrDefault("AGENT_IT_MYSQL_ADMIN_PASSWORD", ""),
            true,
            System.getenv("AGENT_IT_SERVERS"),
            state + "/mysql/sock");
  }

  @Override
  ItServer server() {
    return server;
  }

  @Test
  void unixSocketConnectsWithLocalSocket() throws Exception {
    Assumptions.assumeTrue(Files.exists(Path.of(server.socketPath())), "no socket file");
    String dsn = server.user() + ":" + server.password() + "@unix(" + server.socketPath() + ")/";
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in = input(servers(dsn), ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      assertEquals(List.of(), acc.errors());
      assertEquals(server.socketPath(), only(acc, "mysql").tag("server"));
    }
  }

  @Test
  void serverStoppedMidRunGivesErrorsThenMetricsAgain() throws Exception {
    String script = server.serversScript();
    if (script == null || script.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true but AGENT_IT_SERVERS is not set");
      }
      Assumptions.abort("AGENT_IT_SERVERS not set");
    }
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in =
            input(
                servers(server.dsn() + "&timeout=2s&readTimeout=5s") + "metric_version = 2\n",
                ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      assertEquals(List.of(), acc.errors());
      assertNotNull(only(acc, "mysql"));
      boolean restarted = false;
      try {
        run(script, "stop", "mariadb");
        for (int i = 0; i < 2; i++) {
          acc.clear();
          in.gather(acc); // must not throw
          assertEquals(List.of(), acc.metrics());
          assertEquals(1, acc.errors().size(), acc.errors().toString());
          String msg = acc.errors().get(0).getMessage();
          assertTrue(msg.startsWith("mysql server " + server.hostPort() + ": "), msg);
        }
        run(script, "start", "mariadb");
        restarted = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Metric back = null;
        while (back == null && System.nanoTime() < deadline) {
          acc.clear();
          in.gather(acc);
          List<Metric> ms = acc.named("mysql");
          if (!ms.isEmpty()) {
            back = ms.get(0);
          } else {
            TimeUnit.MILLISECONDS.sleep(200);
          }
        }
        assertNotNull(back, "no metrics within 30 s after the restart: " + acc.errors());
        assertEquals(List.of(), acc.errors());
        assertTrue(back.fieldCount() > 200);
      } finally {
        if (!restarted) {
          run(script, "start", "mariadb");
        }
      }
    }
  }

  @Test
  void userStatisticsAsTelegrafWhenUserstatIsOn() throws Exception {
    boolean before;
    try (java.sql.Connection c = server.admin();
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT @@GLOBAL.userstat")) {
      rs.next();
      before = rs.getBoolean(1);
    }
    try (java.sql.Connection c = server.admin();
        java.sql.Statement st = c.createStatement()) {
      st.execute("SET GLOBAL userstat = 1");
      st.execute("SELECT 1"); // some activity of the admin user
      try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
          MysqlInput in = input(servers(server.dsn()) + "gather_user_statistics = true\n", ctx)) {
        TestAccumulator acc = new TestAccumulator();
        in.gather(acc);
        in.gather(acc);
        assertEquals(List.of(), acc.errors());
        Metric m =
            acc.named("mysql_user_stats").stream()
                .filter(x -> x.tag("user") != null)
                .findFirst()
                .orElseThrow(() -> new AssertionError(acc.lines().toString()));
        assertTrue(m.field("busy_time") instanceof Double, m.toString());
        assertTrue(m.field("total_connections") instanceof Long, m.toString());
      }
    } finally {
      try (java.sql.Connection c = server.admin();
          java.sql.Statement st = c.createStatement()) {
        st.execute("SET GLOBAL userstat = " + (before ? 1 : 0));
      }
    }
  }

  private static void run(String script, String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = script;
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " timed out");
    }
    assertEquals(0, p.exitValue(), String.join(" ", cmd));
  }
}
