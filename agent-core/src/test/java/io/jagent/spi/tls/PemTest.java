package io.jagent.spi.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.Secret;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

  static Path res(String name) {
    try {
      return Path.of(PemTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static IOException keyError(String name, Secret pwd) {
    IOException e = assertThrows(IOException.class, () -> Pem.privateKey(res(name), pwd));
    assertTrue(e.getMessage().startsWith(res(name).toString()), e.getMessage());
    assertFalse(e.getMessage().contains("BEGIN"), "no file content in messages");
    assertFalse(e.getMessage().contains("MII"), "no file content in messages");
    return e;
  }

  @Test
  void readsPkcs8RsaAndEcKeys() throws Exception {
    assertEquals("RSA", Pem.privateKey(res("server.key")).getAlgorithm());
    assertEquals("EC", Pem.privateKey(res("ec.key")).getAlgorithm());
  }

  @Test
  void pkcs1RsaIsTheSameKeyAsItsPkcs8Form() throws Exception {
    PrivateKey pkcs1 = Pem.privateKey(res("server-pkcs1.key"));
    assertEquals("RSA", pkcs1.getAlgorithm());
    assertEquals(Pem.privateKey(res("server.key")), pkcs1);
  }

  @Test
  void pkcs1IsWrappedIntoTheSamePkcs8TheJdkProduces() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    RSAPrivateCrtKey key = (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
    byte[] pkcs8 = key.getEncoded();
    // the JDK's PKCS#8 for RSA is a 26-byte header (with a 2-byte-length octet string) + PKCS#1
    byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    assertArrayEquals(pkcs8, Pem.pkcs1ToPkcs8(pkcs1));
  }

  @Test
  void encryptedPkcs8WithTheRightPassword() throws Exception {
    assertEquals(
        Pem.privateKey(res("server.key")),
        Pem.privateKey(res("server-enc.key"), Secret.of("keypw")));
  }

  @Test
  void encryptedPkcs8WithAWrongPasswordNamesTheFileNotThePassword() {
    IOException e = keyError("server-enc.key", Secret.of("wrong-pw-123"));
    assertTrue(e.getMessage().contains("cannot decrypt"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-pw-123"), e.getMessage());
  }

  @Test
  void encryptedPkcs8WithoutAPasswordGivesAHint() {
    IOException e = keyError("server-enc.key", Secret.empty());
    assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    assertTrue(e.getMessage().contains("openssl pkcs8"), e.getMessage());
  }

  @Test
  void legacyEncryptedPemIsRefusedWithAHint() {
    IOException e = keyError("server-legacy-enc.key", Secret.of("keypw"));
    assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
  }

  @Test
  void sec1EcKeyIsRefusedWithAHint() {
    IOException e = keyError("ec-sec1.key", Secret.empty());
    assertTrue(e.getMessage().contains("SEC1"), e.getMessage());
    assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
  }

  @Test
  void aCertificateIsNotAKey() {
    IOException e = keyError("ca.pem", Secret.empty());
    assertTrue(e.getMessage().contains("no PEM private key"), e.getMessage());
  }

  @Test
  void keyAfterOtherBlocksIsFound(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("both.pem");
    Files.writeString(
        f, Files.readString(res("server.pem")) + "\n" + Files.readString(res("server.key")));
    assertEquals(Pem.privateKey(res("server.key")), Pem.privateKey(f));
  }

  @Test
  void badBase64AndUnknownAlgorithm(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.key");
    Files.writeString(bad, "-----BEGIN PRIVATE KEY-----\nAAAAA\n-----END PRIVATE KEY-----\n");
    IOException e = assertThrows(IOException.class, () -> Pem.privateKey(bad));
    assertTrue(e.getMessage().contains("base64"), e.getMessage());
    Path junk = dir.resolve("junk.key");
    Files.writeString(junk, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    e = assertThrows(IOException.class, () -> Pem.privateKey(junk));
    assertTrue(e.getMessage().startsWith(junk + ": unsupported"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    IOException e =
        assertThrows(IOException.class, () -> Pem.privateKey(Path.of("/nonexistent/k.pem")));
    assertEquals("/nonexistent/k.pem: no such file", e.getMessage());
    e = assertThrows(IOException.class, () -> Pem.certificates(Path.of("/nonexistent/c.pem")));
    assertEquals("/nonexistent/c.pem: no such file", e.getMessage());
  }

  @Test
  void readsAChainInFileOrder(@TempDir Path dir) throws Exception {
    Path chain = dir.resolve("chain.pem");
    Files.writeString(chain, Files.readString(res("server.pem")) + Files.readString(res("ca.pem")));
    List<X509Certificate> certs = Pem.certificates(chain);
    assertEquals(2, certs.size());
    assertTrue(certs.get(0).getSubjectX500Principal().getName().contains("localhost"));
    assertEquals(certs.get(0).getIssuerX500Principal(), certs.get(1).getSubjectX500Principal());
  }

  @Test
  void aKeyIsNotACertificate() {
    IOException e = assertThrows(IOException.class, () -> Pem.certificates(res("server.key")));
    assertTrue(e.getMessage().startsWith(res("server.key").toString()), e.getMessage());
    assertFalse(e.getMessage().contains("MII"), e.getMessage());
  }
}
