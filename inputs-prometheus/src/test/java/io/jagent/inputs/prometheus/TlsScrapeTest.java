package io.jagent.inputs.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.jagent.testing.ManualClock;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestAccumulator;
import io.jagent.testing.TestPluginContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scrapes over HTTPS from servers whose certificates a test CA signed (fixtures in {@code
 * src/test/resources/tls}, made with openssl): tls_ca, insecure_skip_verify, client certificates
 * (tls_cert/tls_key as PKCS#8 and PKCS#1 PEM).
 */
class TlsScrapeTest {
  private static final String PW = "changeit";
  private static Path dir;
  private static HttpsServer server;
  private static HttpsServer mtlsServer;

  private static KeyStore load(String file) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      ks.load(in, PW.toCharArray());
    }
    return ks;
  }

  private static HttpsServer server(boolean needClientAuth) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load("server.p12"), PW.toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpsServer s =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.setHttpsConfigurator(
        new HttpsConfigurator(ctx) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = getSSLContext().getDefaultSSLParameters();
            p.setNeedClientAuth(needClientAuth);
            params.setSSLParameters(p);
          }
        });
    s.createContext(
        "/metrics",
        ex -> {
          byte[] b = "# TYPE up gauge\nup 1\n".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
          }
        });
    s.start();
    return s;
  }

  @BeforeAll
  static void setUp() throws Exception {
    dir = Path.of(TlsScrapeTest.class.getResource("/tls/ca.pem").toURI()).getParent();
    server = server(false);
    mtlsServer = server(true);
  }

  @AfterAll
  static void tearDown() {
    if (server != null) {
      server.stop(0);
    }
    if (mtlsServer != null) {
      mtlsServer.stop(0);
    }
  }

  private static String url(HttpsServer s) {
    return "https://127.0.0.1:" + s.getAddress().getPort() + "/metrics";
  }

  private static TestAccumulator scrape(String toml) throws Exception {
    TestAccumulator acc = new TestAccumulator();
    try (TestPluginContext ctx = new TestPluginContext("inputs.prometheus", new ManualClock())) {
      new PrometheusInput(PluginConfigs.parse(new PrometheusInputFactory(), toml), ctx).gather(acc);
    }
    return acc;
  }

  @Test
  void trustsTheServerThroughTlsCa() throws Exception {
    TestAccumulator acc =
        scrape("urls = [\"" + url(server) + "\"]\ntls_ca = \"" + dir.resolve("ca.pem") + "\"");
    assertEquals(List.of(), acc.errors());
    assertEquals(1, acc.metrics().size());
  }

  @Test
  void unknownCaIsAnError() throws Exception {
    TestAccumulator acc = scrape("urls = [\"" + url(server) + "\"]");
    assertEquals(0, acc.metrics().size());
    assertEquals(1, acc.errors().size());
    assertTrue(acc.errors().get(0).getMessage().startsWith("error making HTTP request to"));
  }

  @Test
  void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
    TestAccumulator acc = scrape("urls = [\"" + url(server) + "\"]\ninsecure_skip_verify = true");
    assertEquals(List.of(), acc.errors());
    assertEquals(1, acc.metrics().size());
  }

  @Test
  void presentsTheClientCertificate() throws Exception {
    String tls =
        "\ntls_ca = \""
            + dir.resolve("ca.pem")
            + "\"\ntls_cert = \""
            + dir.resolve("client.pem")
            + "\"\ntls_key = \""
            + dir.resolve("client-key.pem")
            + "\"";
    TestAccumulator acc = scrape("urls = [\"" + url(mtlsServer) + "\"]" + tls);
    assertEquals(List.of(), acc.errors());
    assertEquals(1, acc.metrics().size());

    TestAccumulator without =
        scrape("urls = [\"" + url(mtlsServer) + "\"]\ntls_ca = \"" + dir.resolve("ca.pem") + "\"");
    assertEquals(0, without.metrics().size());
    assertEquals(1, without.errors().size());
  }

  @Test
  void readsPkcs1AndPkcs8RsaKeys() throws Exception {
    assertEquals(
        TlsContexts.privateKey(dir.resolve("client-key.pem")),
        TlsContexts.privateKey(dir.resolve("client-key-rsa.pem")));
  }

  @Test
  void pkcs1KeyWorksForTheClientCertificate() throws Exception {
    TestAccumulator acc =
        scrape(
            "urls = [\""
                + url(mtlsServer)
                + "\"]\ntls_ca = \""
                + dir.resolve("ca.pem")
                + "\"\ntls_cert = \""
                + dir.resolve("client.pem")
                + "\"\ntls_key = \""
                + dir.resolve("client-key-rsa.pem")
                + "\"");
    assertEquals(List.of(), acc.errors());
    assertEquals(1, acc.metrics().size());
  }
}
