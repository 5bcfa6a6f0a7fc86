package io.jagent.inputs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.tls.TlsClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientKeyStoreTest {

  private static void openssl(Path dir, String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "openssl";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("no openssl: " + e.getMessage());
      return;
    }
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    Assumptions.assumeTrue(p.exitValue() == 0, "openssl failed: " + String.join(" ", cmd));
  }

  @Test
  void pemCertificateAndKeyBecomeAPkcs12KeyStore(@TempDir Path dir) throws Exception {
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "cert.pem",
        "-subj",
        "/CN=telegraf",
        "-days",
        "1");
    for (String keyFile : new String[] {"key.pem", "key-rsa.pem"}) {
      if (keyFile.equals("key-rsa.pem")) {
        openssl(dir, "rsa", "-in", "key.pem", "-traditional", "-out", "key-rsa.pem");
        assertTrue(Files.readString(dir.resolve(keyFile)).contains("BEGIN RSA PRIVATE KEY"));
      }
      ClientKeyStore ks =
          ClientKeyStore.create(
              dir.resolve("cert.pem").toString(), dir.resolve(keyFile).toString());
      KeyStore loaded = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(ks.path())) {
        loaded.load(in, ks.password().toCharArray());
      }
      assertNotNull(loaded.getKey("client", ks.password().toCharArray()));
      assertEquals(1, loaded.getCertificateChain("client").length);
      TlsClientOptions tls =
          new TlsClientOptions(
              "",
              dir.resolve("cert.pem").toString(),
              dir.resolve(keyFile).toString(),
              io.jagent.spi.Secret.empty(),
              false,
              "",
              List.of());
      Properties p = JdbcTarget.of(Dsn.parse("u:pw@tcp(h)/?tls=custom"), tls, ks).properties();
      assertEquals(ks.path().toString(), p.getProperty("keyStore"));
      assertEquals("PKCS12", p.getProperty("keyStoreType"));
      assertEquals("verify-full", p.getProperty("sslMode"));
      Files.delete(ks.path());
    }
  }

  @Test
  void encryptedKeyIsRejectedWithAHint(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("k.pem");
    Files.writeString(
        key, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    Path cert = dir.resolve("c.pem");
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "tmp.pem",
        "-out",
        "c.pem",
        "-subj",
        "/CN=x",
        "-days",
        "1");
    IOException e =
        assertThrows(
            IOException.class, () -> ClientKeyStore.create(cert.toString(), key.toString()));
    assertTrue(e.getMessage().contains("openssl pkcs8"), e.getMessage());
  }
}
