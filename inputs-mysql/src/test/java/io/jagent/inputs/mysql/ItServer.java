package io.jagent.inputs.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** A server for the integration tests: where it is and how to log in as the agent and as admin. */
record ItServer(
    String hostPort,
    String user,
    String password,
    String adminUser,
    String adminPassword,
    boolean mariadb,
    String serversScript,
    String socketPath) {

  String dsn() {
    return user + ":" + password + "@tcp(" + hostPort + ")/?tls=false";
  }

  String dsnWithPassword(String pw) {
    return user + ":" + pw + "@tcp(" + hostPort + ")/?tls=false";
  }

  Connection admin() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", adminUser);
    p.setProperty("password", adminPassword);
    p.setProperty("allowPublicKeyRetrieval", "true");
    p.setProperty("connectTimeout", "5000");
    return DriverManager.getConnection("jdbc:mariadb://" + hostPort + "/", p);
  }

  @Override
  public String toString() {
    return "ItServer[" + hostPort + ", user=" + user + "]";
  }
}
