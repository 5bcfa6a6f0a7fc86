package io.jagent.inputs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Secret;
import io.jagent.spi.tls.TlsClientOptions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcTargetTest {

  private static JdbcTarget target(String dsn) {
    return JdbcTarget.of(Dsn.parse(dsn), TlsClientOptions.NONE, null);
  }

  @Test
  void emptyDsnIsTheLocalServerWithTelegrafsConnectTimeout() {
    JdbcTarget t = target("");
    assertEquals("jdbc:mariadb://127.0.0.1:3306/", t.url());
    assertEquals("127.0.0.1:3306", t.serverTag());
    Properties p = t.properties();
    assertEquals("5000", p.getProperty("connectTimeout"));
    assertEquals("10000", p.getProperty("socketTimeout"));
    assertEquals("disable", p.getProperty("sslMode"));
    assertNull(p.getProperty("user"));
    assertNull(p.getProperty("password"));
  }

  @Test
  void credentialsGoIntoPropertiesNeverIntoTheUrl() {
    JdbcTarget t = target("telegraf:s3cr@t@tcp(db:3307)/app?tls=false");
    assertEquals("jdbc:mariadb://db:3307/app", t.url());
    assertEquals("telegraf", t.properties().getProperty("user"));
    assertEquals("s3cr@t", t.properties().getProperty("password"));
    assertFalse(t.toString().contains("s3cr"));
    assertEquals("db:3307", t.serverTag());
  }

  @Test
  void unixSocketUsesLocalSocket() {
    JdbcTarget t = target("u:pw@unix(/var/run/mysqld/mysqld.sock)/");
    assertEquals("jdbc:mariadb://localhost/", t.url());
    assertEquals("/var/run/mysqld/mysqld.sock", t.properties().getProperty("localSocket"));
    assertEquals("/var/run/mysqld/mysqld.sock", t.serverTag());
  }

  @Test
  void ipv6AddressIsBracketed() {
    assertEquals("jdbc:mariadb://[::1]:3306/", target("tcp(::1)/").url());
  }

  @Test
  void timeoutsFromTheDsn() {
    Properties p = target("tcp(h)/?timeout=1500ms&readTimeout=30s").properties();
    assertEquals("1500", p.getProperty("connectTimeout"));
    assertEquals("30000", p.getProperty("socketTimeout"));
  }

  @ParameterizedTest
  @CsvSource({
    "false, disable",
    "0, disable",
    "true, verify-full",
    "1, verify-full",
    "skip-verify, trust",
    "preferred, trust"
  })
  void tlsParameterMapsToSslMode(String tls, String sslMode) {
    assertEquals(sslMode, target("tcp(h)/?tls=" + tls).properties().getProperty("sslMode"));
  }

  @Test
  void tlsCustomUsesThePluginOptions() {
    TlsClientOptions ca =
        new TlsClientOptions("/etc/ca.pem", "", "", Secret.empty(), false, "", List.of());
    Properties p = JdbcTarget.of(Dsn.parse("tcp(h)/?tls=custom"), ca, null).properties();
    assertEquals("verify-full", p.getProperty("sslMode"));
    assertEquals("/etc/ca.pem", p.getProperty("serverSslCert"));
    TlsClientOptions skip = new TlsClientOptions("", "", "", Secret.empty(), true, "", List.of());
    assertEquals(
        "trust",
        JdbcTarget.of(Dsn.parse("tcp(h)/?tls=custom"), skip, null)
            .properties()
            .getProperty("sslMode"));
  }

  @Test
  void tlsCustomWithoutOptionsIsAnError() {
    Dsn.DsnException e =
        assertThrows(Dsn.DsnException.class, () -> target("u:pw@tcp(h)/?tls=custom"));
    assertTrue(e.getMessage().contains("tls=custom"), e.getMessage());
  }

  @Test
  void unknownTlsValueIsAnError() {
    assertThrows(Dsn.DsnException.class, () -> target("tcp(h)/?tls=maybe"));
  }

  @Test
  void otherParametersBecomeSessionVariables() {
    Properties p = target("tcp(h)/?charset=utf8&wait_timeout=60&sql_mode=%27ANSI%27").properties();
    assertEquals("sql_mode='ANSI',wait_timeout=60", p.getProperty("sessionVariables"));
  }

  @Test
  void badTimeoutIsAnError() {
    assertThrows(Dsn.DsnException.class, () -> target("tcp(h)/?timeout=soon"));
  }
}
