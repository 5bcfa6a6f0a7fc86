package io.jagent.spi.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.jagent.spi.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SslContextsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private HttpsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static String res(String name) {
    return PemTest.res(name).toString();
  }

  private static TlsClientOptions options(
      String ca, String cert, String key, boolean insecure, String min) {
    return new TlsClientOptions(ca, cert, key, Secret.empty(), insecure, min, List.of());
  }

  /** An https server with the test server certificate; optionally requiring a client cert. */
  private URI start(boolean mutual) throws Exception {
    SSLContext ssl =
        SslContexts.server(
            res("server.pem"), res("server.key"), mutual ? List.of(res("ca.pem")) : List.of());
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(ssl) {
          @Override
          public void configure(HttpsParameters p) {
            SSLParameters sp = ssl.getDefaultSSLParameters();
            sp.setNeedClientAuth(mutual);
            p.setSSLParameters(sp);
          }
        });
    server.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private static int get(TlsClientOptions o, URI uri) throws Exception {
    SSLContext ctx = SslContexts.client(o);
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT).sslContext(ctx);
    SSLParameters p = SslContexts.clientParameters(o, ctx);
    if (p != null) {
      b.sslParameters(p);
    }
    HttpRequest r = HttpRequest.newBuilder(uri).timeout(TIMEOUT).build();
    return b.build().send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void defaultOptionsGiveNoContext() throws Exception {
    assertNull(SslContexts.client(TlsClientOptions.NONE));
  }

  @Test
  void trustsTheConfiguredCa() throws Exception {
    URI uri = start(false);
    assertEquals(204, get(options(res("ca.pem"), "", "", false, ""), uri));
    // the JDK's CAs do not know the test CA
    assertThrows(IOException.class, () -> get(options("", "", "", false, "TLS12"), uri));
  }

  @Test
  void insecureSkipVerifyAcceptsAnyServer() throws Exception {
    URI uri = start(false);
    assertEquals(204, get(options("", "", "", true, ""), uri));
  }

  @Test
  void clientCertificateForMutualTls() throws Exception {
    URI uri = start(true);
    assertThrows(IOException.class, () -> get(options(res("ca.pem"), "", "", false, ""), uri));
    assertEquals(
        204, get(options(res("ca.pem"), res("client.pem"), res("client.key"), false, ""), uri));
  }

  @Test
  void minVersionLimitsTheProtocols() throws Exception {
    TlsClientOptions o = options("", "", "", true, "TLS13");
    SSLParameters p = SslContexts.clientParameters(o, SslContexts.client(o));
    assertArrayEquals(new String[] {"TLSv1.3"}, p.getProtocols());
    o = options("", "", "", true, "TLS12");
    p = SslContexts.clientParameters(o, SslContexts.client(o));
    assertTrue(List.of(p.getProtocols()).containsAll(List.of("TLSv1.3", "TLSv1.2")));
    assertTrue(!List.of(p.getProtocols()).contains("TLSv1.1"));
    o = options("", "", "", true, "");
    assertNull(SslContexts.clientParameters(o, SslContexts.client(o)));
    URI uri = start(false);
    assertEquals(204, get(options(res("ca.pem"), "", "", false, "TLS13"), uri));
  }

  @Test
  void cipherSuites() throws Exception {
    TlsClientOptions o =
        new TlsClientOptions(
            "", "", "", Secret.empty(), true, "", List.of("TLS_AES_128_GCM_SHA256"));
    SSLParameters p = SslContexts.clientParameters(o, SslContexts.client(o));
    assertArrayEquals(new String[] {"TLS_AES_128_GCM_SHA256"}, p.getCipherSuites());
  }

  @Test
  void keyStoreHoldsChainAndKey() throws Exception {
    char[] pw = "s".toCharArray();
    KeyStore ks =
        SslContexts.keyStore(
            res("server.pem"), res("server-enc.key"), Secret.of("keypw"), "client", pw);
    assertEquals("PKCS12", ks.getType());
    assertNotNull(ks.getKey("client", pw));
    assertEquals(1, ks.getCertificateChain("client").length);
  }

  @Test
  void errorsNameTheOptionAndTheFile() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> SslContexts.client(options("/nonexistent/ca.pem", "", "", false, "")));
    assertEquals("tls_ca /nonexistent/ca.pem: no such file", e.getMessage());
    e =
        assertThrows(
            IOException.class,
            () -> SslContexts.client(options("", res("client.pem"), res("ca.pem"), false, "")));
    assertTrue(e.getMessage().startsWith("tls_key " + res("ca.pem")), e.getMessage());
    e =
        assertThrows(
            IOException.class,
            () ->
                SslContexts.keyStore(
                    res("ec.pem"), res("server-enc.key"), Secret.of("bad"), "a", new char[0]));
    assertTrue(e.getMessage().startsWith("tls_key "), e.getMessage());
    e =
        assertThrows(
            IOException.class,
            () -> SslContexts.server(res("server.key"), res("server.key"), List.of()));
    assertTrue(e.getMessage().startsWith("tls_cert " + res("server.key")), e.getMessage());
    e =
        assertThrows(
            IOException.class,
            () ->
                SslContexts.server(
                    res("server.pem"), res("server.key"), List.of(res("server.key"))));
    assertTrue(e.getMessage().startsWith("tls_allowed_cacerts "), e.getMessage());
  }
}
