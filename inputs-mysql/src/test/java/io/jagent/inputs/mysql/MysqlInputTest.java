package io.jagent.inputs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MysqlInputTest {
  private final MysqlInputFactory factory = new MysqlInputFactory();

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private MysqlInput input(String body, TestPluginContext ctx) throws IOException {
    return (MysqlInput) factory.create(PluginConfigs.parse(factory, body), ctx);
  }

  @Test
  void serverThatIsDownYieldsOneClearErrorAndNoMetrics() throws Exception {
    int port = closedPort();
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in = input("servers = [\"root:hunter2@tcp(127.0.0.1:" + port + ")/\"]\n", ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      assertEquals(List.of(), acc.metrics());
      assertEquals(1, acc.errors().size(), acc.errors().toString());
      String msg = acc.errors().get(0).getMessage();
      assertTrue(msg.startsWith("mysql server 127.0.0.1:" + port + ": connecting: "), msg);
      assertFalse(msg.contains("hunter2"), msg);
      assertFalse(String.valueOf(acc.errors().get(0).getCause()).contains("hunter2"));
      // every gather: again exactly one error
      acc.clear();
      in.gather(acc);
      assertEquals(1, acc.errors().size());
    }
  }

  @Test
  void everyServerIsTriedAndFailsOnItsOwn() throws Exception {
    int a = closedPort();
    int b = closedPort();
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in =
            input(
                "servers = [\"tcp(127.0.0.1:" + a + ")/\", \"tcp(127.0.0.1:" + b + ")/\"]\n",
                ctx)) {
      TestAccumulator acc = new TestAccumulator();
      in.gather(acc);
      assertEquals(2, acc.errors().size());
      assertTrue(acc.errors().get(0).getMessage().contains(":" + a + ":"));
      assertTrue(acc.errors().get(1).getMessage().contains(":" + b + ":"));
    }
  }

  @Test
  void hungServerIsBoundedByTheConnectTimeout() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        TestPluginContext ctx = new TestPluginContext("inputs.mysql")) {
      Thread t =
          new Thread(
              () -> {
                try {
                  while (!silent.isClosed()) {
                    accepted.add(silent.accept()); // accept, never answer the handshake
                  }
                } catch (IOException e) {
                  // closed
                }
              },
              "silent-mysql");
      t.setDaemon(true);
      t.start();
      try (MysqlInput in =
          input(
              "servers = [\"u:hunter2@tcp(127.0.0.1:"
                  + silent.getLocalPort()
                  + ")/?timeout=300ms&readTimeout=300ms\"]\n",
              ctx)) {
        TestAccumulator acc = new TestAccumulator();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> in.gather(acc));
        assertEquals(1, acc.errors().size());
        assertFalse(acc.errors().get(0).getMessage().contains("hunter2"));
        assertEquals(List.of(), acc.metrics());
      } finally {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }

  @Test
  void connectionFailuresAreRecognised() {
    assertTrue(
        ServerCollector.isConnectionFailure(new SQLNonTransientConnectionException("x", "08000")));
    assertTrue(ServerCollector.isConnectionFailure(new SQLException("x", "08S01")));
    assertFalse(ServerCollector.isConnectionFailure(new SQLException("denied", "42000")));
  }

  @Test
  void sanitizeRemovesThePasswordAndPasswordParameters() throws Exception {
    try (TestPluginContext ctx = new TestPluginContext("inputs.mysql");
        MysqlInput in = input("servers = [\"u:hunter2@tcp(127.0.0.1:1)/\"]\n", ctx)) {
      ServerCollector s = in.servers().get(0);
      assertEquals(
          "bad <redacted> and password=<redacted>&x",
          s.sanitize("bad hunter2 and password=other&x"));
      assertEquals(
          "Access denied for user 'u'@'h' (using password: YES)",
          s.sanitize("Access denied for user 'u'@'h' (using password: YES)"));
    }
  }

  @Test
  void threadStatesAsTelegraf() {
    assertEquals("idle", ThreadStates.classify("Sleep", ""));
    assertEquals("executing", ThreadStates.classify("Query", "something odd"));
    assertEquals("sending data", ThreadStates.classify("Query", "Sending data"));
    assertEquals(
        "waiting for lock", ThreadStates.classify("Query", "Waiting for table metadata lock"));
    assertEquals("waiting for lock", ThreadStates.classify("Query", "System lock"));
    assertEquals("end", ThreadStates.classify("Query", "query end"));
    assertEquals("replication master", ThreadStates.classify("Binlog Dump", "x"));
    assertEquals("other", ThreadStates.classify("Daemon", "InnoDB purge worker"));
    assertEquals("threads_waiting_for_lock", ThreadStates.fieldName("waiting for lock"));
    assertEquals(51, ThreadStates.GENERAL.size());
  }

  @Test
  void gcacheSizeUsesPowersOf1024() {
    assertEquals(134217728L, Conversions.gcacheSize("a=b; gcache.size = 128M; x=y").bits());
    assertEquals(1024L, Conversions.gcacheSize("gcache.size=1K").bits());
    assertEquals(null, Conversions.gcacheSize("gcache.page_size=1K"));
  }

  @Test
  void replicaValuesByColumnType() {
    assertEquals(5L, ServerCollector.replicaValueV2(java.sql.Types.INTEGER, "5"));
    assertEquals(
        io.jagent.spi.Unsigned.of(7), ServerCollector.replicaValueV2(java.sql.Types.BIGINT, "7"));
    assertEquals("Yes", ServerCollector.replicaValueV2(java.sql.Types.VARCHAR, "Yes"));
    assertEquals(1L, ServerCollector.replicaValueV2(java.sql.Types.OTHER, "Yes"));
  }
}
