package io.jagent.inputs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DsnTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      quoteCharacter = '"',
      value = {
        // dsn | user | password | net | address (= server tag) | dbname
        "\"\" | | | tcp | 127.0.0.1:3306 |",
        "tcp(192.168.1.1:3306)/ | | | tcp | 192.168.1.1:3306 |",
        "tcp(localhost)/ | | | tcp | localhost:3306 |",
        "root:passwd@tcp(192.168.1.1:3306)/?tls=false | root | passwd | tcp | 192.168.1.1:3306 |",
        "root:passwd@tcp(localhost:3036)/dbname?allowOldPasswords=1 | root | passwd | tcp"
            + " | localhost:3036 | dbname",
        "root:foo@bar@tcp(192.1.1.1:3306)/?tls=false | root | foo@bar | tcp | 192.1.1.1:3306 |",
        "user:pw@unix(/var/run/mysqld/mysqld.sock)/ | user | pw | unix"
            + " | /var/run/mysqld/mysqld.sock |",
        "user@unix(/path/sock)/ | user | | unix | /path/sock |",
        "unix()/ | | | unix | /tmp/mysql.sock |",
        "/ | | | tcp | 127.0.0.1:3306 |",
        "/mydb | | | tcp | 127.0.0.1:3306 | mydb",
        "user:p:w@/ | user | p:w | tcp | 127.0.0.1:3306 |",
        "tcp(::1)/ | | | tcp | [::1]:3306 |",
        "tcp([::1]:3307)/ | | | tcp | [::1]:3307 |",
        "u:pw@tcp(db.example.com:13306)/db%2Fx?timeout=10s | u | pw | tcp | db.example.com:13306"
            + " | db/x",
        "u:@tcp(h:1)/ | u | | tcp | h:1 |",
      })
  void parsesEveryFormOfTheReference(
      String dsn, String user, String password, String net, String addr, String db) {
    dsn = nz(dsn);
    user = nz(user);
    password = nz(password);
    db = nz(db);
    Dsn d = Dsn.parse(dsn);
    assertEquals(user, d.user(), "user");
    assertEquals(password, d.password().reveal(), "password");
    assertEquals(net, d.net(), "net");
    assertEquals(addr, d.address(), "address");
    assertEquals(addr, d.serverTag(), "server tag");
    assertEquals(db, d.dbName(), "dbname");
    assertFalse(d.toString().contains(password.isEmpty() ? "\u0000" : password), d.toString());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  @Test
  void parsesAndSortsParameters() {
    Dsn d =
        Dsn.parse("u:p@tcp(h:1)/?tls=false&timeout=10s&readTimeout=2s&time_zone=%27%2B00:00%27");
    assertEquals(
        Map.of("tls", "false", "timeout", "10s", "readTimeout", "2s", "time_zone", "'+00:00'"),
        d.params());
    assertEquals("readTimeout", d.params().firstKey());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "root:passwd@localhost",
        "tcp(127.0.0.1:3306",
        "tcp(127.0.0.1:3306/",
        "udp(127.0.0.1:3306)/",
        "foo()/"
      })
  void rejectsWhatTheGoDriverRejectsWithoutEchoingTheDsn(String dsn) {
    Dsn.DsnException e = assertThrows(Dsn.DsnException.class, () -> Dsn.parse(dsn));
    assertFalse(e.getMessage().contains("passwd"), e.getMessage());
    assertFalse(e.getMessage().contains(dsn), e.getMessage());
  }

  @Test
  void missingSlashHasTheGoDriverMessage() {
    Dsn.DsnException e = assertThrows(Dsn.DsnException.class, () -> Dsn.parse("localhost"));
    assertEquals("invalid DSN: missing the slash separating the database name", e.getMessage());
  }

  @Test
  void toStringRedactsThePassword() {
    Dsn d = Dsn.parse("root:s3cret@tcp(h:1)/");
    assertFalse(d.toString().contains("s3cret"));
    assertTrue(d.toString().contains("<redacted>"));
  }
}
