package io.jagent.inputs.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;

/**
 * The same checks against MySQL 8 in a container, where Docker exists; skipped cleanly (class-level
 * {@code @EnabledIf}, SERVERS.md §5) where it does not, also in CI.
 */
@EnabledIf(value = "dockerAvailable", disabledReason = "no Docker engine")
class Mysql8ContainerIT extends AbstractMysqlIT {
  private static MySQLContainer<?> container;
  private static ItServer server;

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    container = new MySQLContainer<>("mysql:8.0.40");
    container.start();
    String hostPort = container.getHost() + ":" + container.getMappedPort(3306);
    Properties p = new Properties();
    p.setProperty("user", "root");
    p.setProperty("password", container.getPassword());
    p.setProperty("allowPublicKeyRetrieval", "true");
    try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + hostPort + "/", p);
        Statement st = c.createStatement()) {
      st.execute("CREATE USER 'telegraf'@'%' IDENTIFIED BY 'telegrafpw'");
      // MySQL has no SLAVE MONITOR; REPLICATION CLIENT covers SHOW REPLICA STATUS there
      st.execute("GRANT PROCESS, REPLICATION CLIENT, SELECT ON *.* TO 'telegraf'@'%'");
    }
    server =
        new ItServer(
            hostPort, "telegraf", "telegrafpw", "root", container.getPassword(), false, null, "");
  }

  @AfterAll
  static void stop() {
    if (container != null) {
      container.stop();
    }
  }

  @Override
  ItServer server() {
    return server;
  }

  @org.junit.jupiter.api.Test
  void userStatisticsMissingOnMysqlIsReportedOnceThenSkipped() throws Exception {
    try (io.jagent.testing.TestPluginContext ctx =
            new io.jagent.testing.TestPluginContext("inputs.mysql");
        MysqlInput in = input(servers(server.dsn()) + "gather_user_statistics = true\n", ctx)) {
      io.jagent.testing.TestAccumulator acc = new io.jagent.testing.TestAccumulator();
      in.gather(acc);
      org.junit.jupiter.api.Assertions.assertEquals(1, acc.errors().size());
      acc.clear();
      in.gather(acc);
      org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), acc.errors());
    }
  }
}
