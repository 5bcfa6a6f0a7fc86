package io.jagent.outputs.wavefront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jagent.spi.BatchRejectedException;
import io.jagent.spi.Metric;
import io.jagent.testing.ManualClock;
import io.jagent.testing.PluginConfigs;
import io.jagent.testing.TestPluginContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS options against an in-process HTTPS server with a self-signed certificate (keytool). */
class WavefrontHttpsIT {
  @TempDir static Path dir;
  private static HttpsServer server;
  private static final List<String> bodies = new ArrayList<>();

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Path ks = dir.resolve("server.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "srv",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        ks.toString(),
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "srv",
        "-keystore",
        ks.toString(),
        "-storepass",
        "changeit",
        "-file",
        dir.resolve("ca.pem").toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    server.createContext(
        "/",
        ex -> {
          byte[] raw = ex.getRequestBody().readAllBytes();
          try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            WavefrontParserCheck.checkAll(body);
            synchronized (bodies) {
              bodies.add(body);
            }
          }
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static void write(String options) throws Exception {
    String url = "https://127.0.0.1:" + server.getAddress().getPort();
    WavefrontConfig c =
        PluginConfigs.parse(new WavefrontOutputFactory(), "url = \"" + url + "\"\n" + options);
    try (TestPluginContext ctx = new TestPluginContext("outputs.wavefront", new ManualClock());
        WavefrontOutput out = new WavefrontOutput(c, ctx)) {
      out.write(
          List.of(
              Metric.builder("tls")
                  .tag("host", "h")
                  .field("ok", 1L)
                  .time(1_700_000_000L * 1_000_000_000L)
                  .build()));
    }
  }

  private static int count() {
    synchronized (bodies) {
      return bodies.size();
    }
  }

  @Test
  void trustsTheGivenCa() throws Exception {
    int before = count();
    write("tls_ca = \"" + dir.resolve("ca.pem") + "\"\ntls_min_version = \"TLS12\"");
    assertEquals(before + 1, count());
  }

  @Test
  void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
    int before = count();
    write("insecure_skip_verify = true");
    assertEquals(before + 1, count());
  }

  @Test
  void unknownCertificateIsARetryableError() {
    IOException e = assertThrows(IOException.class, () -> write(""));
    assertFalse(e instanceof BatchRejectedException);
  }
}
