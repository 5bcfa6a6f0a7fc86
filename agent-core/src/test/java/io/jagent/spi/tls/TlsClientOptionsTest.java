package io.jagent.spi.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.core.config.ConfigProblem;
import io.jagent.core.config.ConfigProblems;
import io.jagent.core.config.EnvExpander;
import io.jagent.core.config.TomlConfigTable;
import io.jagent.spi.tls.TlsClientOptions.Support;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;

class TlsClientOptionsTest {
  private static final Support PROMETHEUS_LIKE =
      new Support(false, false, List.of("TLS12", "TLS13"), false);

  private record Parsed(TlsClientOptions options, List<ConfigProblem> errors, List<String> unused) {
    String keys() {
      return errors.stream().map(ConfigProblem::key).toList().toString();
    }
  }

  private static Parsed parse(String body, Support support) {
    ConfigProblems problems = new ConfigProblems();
    TomlConfigTable t =
        new TomlConfigTable(
            "outputs.test", Toml.parse(body), "test.conf", problems, EnvExpander.NONE);
    TlsClientOptions o = TlsClientOptions.parse(t, support);
    return new Parsed(o, problems.errors(), t.unusedKeys());
  }

  private static String res(String name) {
    return PemTest.res(name).toString();
  }

  @Test
  void nothingSetIsDefault() {
    Parsed p = parse("", Support.ALL);
    assertEquals(TlsClientOptions.NONE, p.options());
    assertTrue(p.options().isDefault());
    assertFalse(p.options().hasClientCert());
    assertNull(p.options().minProtocol());
  }

  @Test
  void readsEveryStandardKey() {
    Parsed p =
        parse(
            "tls_ca = \""
                + res("ca.pem")
                + "\"\ntls_cert = \""
                + res("client.pem")
                + "\"\ntls_key = \""
                + res("client.key")
                + "\"\ntls_key_pwd = \"pw\"\ninsecure_skip_verify = true\n"
                + "tls_min_version = \"TLS12\"\n"
                + "tls_cipher_suites = [\"TLS_AES_128_GCM_SHA256\"]\n",
            Support.ALL);
    assertEquals(List.of(), p.errors());
    assertEquals(List.of(), p.unused());
    TlsClientOptions o = p.options();
    assertEquals(res("ca.pem"), o.tlsCa());
    assertEquals("pw", o.tlsKeyPwd().reveal());
    assertTrue(o.insecureSkipVerify());
    assertTrue(o.hasClientCert());
    assertEquals("TLSv1.2", o.minProtocol());
    assertEquals(List.of("TLS_AES_128_GCM_SHA256"), o.tlsCipherSuites());
    assertFalse(o.isDefault());
    assertFalse(o.toString().contains("pw\""), "no password in toString");
  }

  @Test
  void unsupportedKeysAreLeftToThePlugin() {
    Parsed p =
        parse(
            "tls_key_pwd = \"pw\"\ntls_cipher_suites = [\"x\"]\ntls_min_version = \"TLS12\"\n",
            new Support(false, false, List.of(), false));
    assertEquals(List.of(), p.errors());
    assertEquals(
        List.of("tls_cipher_suites", "tls_key_pwd", "tls_min_version"),
        p.unused().stream().sorted().toList());
    assertTrue(p.options().tlsKeyPwd().isEmpty());
    assertEquals("", p.options().tlsMinVersion());
  }

  @Test
  void certAndKeyGoTogether() {
    assertEquals("[tls_cert]", parse("tls_cert = \"/c.pem\"", PROMETHEUS_LIKE).keys());
    Parsed p = parse("tls_key = \"/k.pem\"", PROMETHEUS_LIKE);
    assertEquals("[tls_key]", p.keys());
    assertTrue(p.errors().get(0).message().contains("go together"));
  }

  @Test
  void unreadableFilesAreErrorsOnlyWhenChecked() {
    String body = "tls_ca = \"/nonexistent/ca.pem\"";
    assertEquals(List.of(), parse(body, PROMETHEUS_LIKE).errors());
    Parsed p = parse(body, Support.ALL);
    assertEquals("[tls_ca]", p.keys());
    assertTrue(p.errors().get(0).message().contains("/nonexistent/ca.pem"));
    // cert without key: both the missing file and the missing key are reported
    assertEquals(2, parse("tls_cert = \"/nonexistent/c.pem\"", Support.ALL).errors().size());
  }

  @Test
  void minVersionSpellingsAndPerPluginSubsets() {
    for (String v : List.of("TLS12", "tls12", "TLS1.2", "TLSv1.2")) {
      Parsed p = parse("tls_min_version = \"" + v + "\"", Support.ALL);
      assertEquals(List.of(), p.errors(), v);
      assertEquals("TLSv1.2", p.options().minProtocol(), v);
    }
    assertEquals(
        "TLSv1", parse("tls_min_version = \"TLS10\"", Support.ALL).options().minProtocol());
    Parsed old = parse("tls_min_version = \"TLS10\"", PROMETHEUS_LIKE);
    assertEquals("[tls_min_version]", old.keys());
    assertTrue(old.errors().get(0).message().contains("TLS12 or TLS13"));
    Parsed bad = parse("tls_min_version = \"TLS99\"", Support.ALL);
    assertEquals("[tls_min_version]", bad.keys());
    assertTrue(
        bad.errors().get(0).message().contains("\"TLS99\" (use one of TLS10, TLS11, TLS12, TLS13)"),
        bad.errors().get(0).message());
  }

  @Test
  void supportRejectsUnknownVersions() {
    assertThrows(
        IllegalArgumentException.class, () -> new Support(false, false, List.of("TLS99"), false));
  }
}
