package io.jagent.outputs.influxdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Metric;
import io.jagent.spi.Output;
import io.jagent.spi.Secret;
import io.jagent.spi.tls.Pem;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** https with PEM files read by the JDK alone (no BouncyCastle). */
class TlsTest {
  private static final String DIR = Path.of("src/test/resources/tls").toAbsolutePath().toString();
  private static final List<Metric> BATCH =
      List.of(Metric.builder("m").field("v", 1L).time(1).build());

  private HttpsServer server;
  private final AtomicInteger writes = new AtomicInteger();
  private final TestPluginContext ctx = new TestPluginContext("outputs.influxdb");

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    ctx.close();
  }

  private String start(boolean needClientAuth) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "server",
        Pem.privateKey(Path.of(DIR + "/server-enc.key"), Secret.of("keypw")),
        "pw".toCharArray(),
        Pem.certificates(Path.of(DIR + "/server.pem")).toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "pw".toCharArray());
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", Pem.certificates(Path.of(DIR + "/ca.pem")).get(0));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(ssl) {
          @Override
          public void configure(HttpsParameters p) {
            var params = ssl.getDefaultSSLParameters();
            params.setNeedClientAuth(needClientAuth);
            p.setSSLParameters(params);
          }
        });
    server.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          writes.incrementAndGet();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  private Output output(String url, String tls) throws Exception {
    InfluxdbOutputFactory f = new InfluxdbOutputFactory();
    return f.create(
        PluginConfigs.parse(f, "urls = [\"" + url + "\"]\nskip_database_creation = true\n" + tls),
        ctx);
  }

  @Test
  void trustsTheConfiguredCa() throws Exception {
    String url = start(false);
    try (Output o = output(url, "tls_ca = \"" + DIR + "/ca.pem\"")) {
      o.write(BATCH);
    }
    assertEquals(1, writes.get());
  }

  @Test
  void unknownCaFailsAndIsRetried() throws Exception {
    String url = start(false);
    try (Output o = output(url, "")) {
      IOException e = assertThrows(IOException.class, () -> o.write(BATCH));
      assertNotNull(e);
      assertEquals(false, e instanceof BatchRejectedException);
    }
    assertEquals(0, writes.get());
  }

  @Test
  void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
    String url = start(false);
    try (Output o = output(url, "insecure_skip_verify = true")) {
      o.write(BATCH);
    }
    assertEquals(1, writes.get());
  }

  @Test
  void presentsAPkcs1ClientCertificate() throws Exception {
    String url = start(true);
    try (Output o =
        output(
            url,
            "tls_ca = \""
                + DIR
                + "/ca.pem\"\ntls_cert = \""
                + DIR
                + "/client.pem\"\ntls_key = \""
                + DIR
                + "/client.key\"\ntls_min_version = \"TLS12\"")) {
      o.write(BATCH);
    }
    assertEquals(1, writes.get());
    try (Output o = output(url, "tls_ca = \"" + DIR + "/ca.pem\"")) {
      assertThrows(IOException.class, () -> o.write(BATCH));
    }
    assertEquals(1, writes.get());
  }
}
