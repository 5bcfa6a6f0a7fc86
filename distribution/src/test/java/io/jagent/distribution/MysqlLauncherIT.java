package io.jagent.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/agent --test} with an {@code [[inputs.mysql]]} config against the real MariaDB. */
class MysqlLauncherIT {
  static String hostPort;
  static String user;
  static String password;

  @TempDir Path dir;

  @BeforeAll
  static void server() {
    hostPort = System.getenv("AGENT_IT_MYSQL_URL");
    user = System.getenv("AGENT_IT_MYSQL_USER");
    password = System.getenv("AGENT_IT_MYSQL_PASSWORD");
    if (hostPort == null || user == null || password == null) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true but AGENT_IT_MYSQL_URL/USER/PASSWORD are not set");
      }
      Assumptions.abort("AGENT_IT_MYSQL_URL not set");
    }
  }

  private Path config() throws Exception {
    Path conf = dir.resolve("mysql.conf");
    Files.writeString(
        conf,
        """
        [agent]
          hostname = "h1"
        [[inputs.mysql]]
          servers = ["%s:${JAGENT_IT_MYSQL_PW}@tcp(%s)/?tls=false"]
        """
            .formatted(user, hostPort));
    return conf;
  }

  @Test
  void testModePrintsGlobalStatus() throws Exception {
    try (AgentProcess a =
        AgentProcess.start(
            dir,
            Map.of("JAGENT_IT_MYSQL_PW", password),
            "--config",
            config().toString(),
            "--test")) {
      assertEquals(0, a.waitFor(Duration.ofSeconds(60)), a.stderr());
      String out = a.stdout();
      assertTrue(out.startsWith("> mysql,host=h1,server=" + hostPort + " "), out);
      assertTrue(out.contains(",queries="), out);
      assertFalse((out + a.stderr()).contains(password), "password leaked");
    }
  }

  @Test
  void wrongPasswordIsAClearErrorWithoutThePassword() throws Exception {
    String wrong = "Wr0ng-Pass-" + System.nanoTime();
    try (AgentProcess a =
        AgentProcess.start(
            dir, Map.of("JAGENT_IT_MYSQL_PW", wrong), "--config", config().toString(), "--test")) {
      assertEquals(1, a.waitFor(Duration.ofSeconds(60)), a.stderr());
      String err = a.stderr();
      assertTrue(err.contains("Access denied for user '" + user + "'"), err);
      assertTrue(err.contains("[inputs.mysql]"), err);
      assertFalse((a.stdout() + err).contains(wrong), "password leaked:\n" + err);
      assertFalse(err.contains("\tat "), err);
    }
  }
}
