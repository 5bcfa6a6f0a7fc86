package io.jagent.core.plugins.health;

import static io.jagent.core.plugins.health.TestSupport.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jagent.spi.tls.Pem;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the real listener on 127.0.0.1, port 0. */
class HealthHttpTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final TestSupport.ManualClock clock = new TestSupport.ManualClock();
  private final List<HealthOutput> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(HealthOutput::close);
  }

  private HealthOutput start(String body) throws Exception {
    HealthConfig c = TestSupport.config("service_address = \"http://127.0.0.1:0\"\n" + body);
    HealthOutput h = (HealthOutput) new HealthOutputFactory().create(c, TestSupport.context(clock));
    started.add(h);
    h.connect();
    return h;
  }

  private static URI uri(HealthOutput h, String path) {
    return URI.create(h.origin() + path);
  }

  private static HttpResponse<String> get(HttpClient client, URI uri, String auth)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpClient plain() {
    return HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  @Test
  void answersOkWhileHealthyAndServiceUnavailableWhenACheckFails() throws Exception {
    HealthOutput h = start("[[compares]]\n field = \"buffer_size\"\n lt = 5000.0");
    HttpClient client = plain();

    HttpResponse<String> ok = get(client, uri(h, "/"), null);
    assertEquals(200, ok.statusCode());
    assertEquals("OK\n", ok.body());
    assertEquals("text/plain; charset=utf-8", ok.headers().firstValue("Content-Type").orElse(""));

    h.write(List.of(metric("internal_write", "buffer_size", 7000L)));
    HttpResponse<String> bad = get(client, uri(h, "/any/path"), null);
    assertEquals(503, bad.statusCode());
    assertEquals("Service Unavailable\n", bad.body());

    h.write(List.of(metric("internal_write", "buffer_size", 10L)));
    assertEquals(200, get(client, uri(h, "/"), null).statusCode());
  }

  @Test
  void headGetsTheStatusWithoutBody() throws Exception {
    HealthOutput h = start("default_status = 503");
    HttpResponse<String> r =
        plain()
            .send(
                HttpRequest.newBuilder(uri(h, "/"))
                    .timeout(TIMEOUT)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(503, r.statusCode());
    assertEquals("", r.body());
  }

  @Test
  void maxTimeBetweenMetricsOverHttp() throws Exception {
    HealthOutput h = start("max_time_between_metrics = \"10s\"");
    HttpClient client = plain();
    assertEquals(200, get(client, uri(h, "/"), null).statusCode());
    clock.advance(Duration.ofSeconds(11));
    assertEquals(503, get(client, uri(h, "/"), null).statusCode());
    h.write(List.of(metric("m", "v", 1L)));
    assertEquals(200, get(client, uri(h, "/"), null).statusCode());
  }

  @Test
  void basicAuthRequiredWhenConfigured() throws Exception {
    HealthOutput h = start("basic_username = \"probe\"\nbasic_password = \"s3cret\"");
    HttpClient client = plain();

    HttpResponse<String> none = get(client, uri(h, "/"), null);
    assertEquals(401, none.statusCode());
    assertEquals("Unauthorized\n", none.body());
    assertEquals(
        "Basic realm=\"health\"", none.headers().firstValue("WWW-Authenticate").orElse(""));

    assertEquals(401, get(client, uri(h, "/"), basic("probe", "wrong")).statusCode());
    assertEquals(401, get(client, uri(h, "/"), basic("other", "s3cret")).statusCode());
    assertEquals(401, get(client, uri(h, "/"), "Basic !!notbase64").statusCode());
    assertEquals(401, get(client, uri(h, "/"), "Bearer s3cret").statusCode());
    HttpResponse<String> ok = get(client, uri(h, "/"), basic("probe", "s3cret"));
    assertEquals(200, ok.statusCode());
    assertEquals("OK\n", ok.body());
  }

  @Test
  void authorizedComparesUserAndPassword() throws Exception {
    HealthOutput h =
        new HealthOutput(
            TestSupport.config("basic_username = \"u\"\nbasic_password = \"p:q\""),
            TestSupport.context(clock),
            null);
    assertTrue(h.authorized(basic("u", "p:q")));
    assertTrue(h.authorized("basic " + b64("u:p:q")));
    assertFalse(h.authorized(basic("u", "p")));
    assertFalse(h.authorized(basic("", "")));
    assertFalse(h.authorized("Basic " + b64("nocolon")));
    assertFalse(h.authorized(null));
  }

  @Test
  void closeReleasesThePortAndTwoInstancesCoexist() throws Exception {
    HealthOutput a = start("");
    HealthOutput b = start("default_status = 503");
    HttpClient client = plain();
    assertEquals(200, get(client, uri(a, "/"), null).statusCode());
    assertEquals(503, get(client, uri(b, "/"), null).statusCode());

    URI aUri = uri(a, "/");
    a.close();
    assertThrows(ConnectException.class, () -> get(HttpClient.newHttpClient(), aUri, null));
    assertEquals(503, get(client, uri(b, "/"), null).statusCode());
    a.close(); // idempotent
  }

  @Test
  void listenerThreadsAreDaemons() throws Exception {
    start("");
    List<Thread> http =
        Thread.getAllStackTraces().keySet().stream()
            .filter(
                t ->
                    t.getName().equals("HTTP-Dispatcher")
                        || t.getName().startsWith("outputs.health-http"))
            .toList();
    assertFalse(http.isEmpty());
    http.forEach(t -> assertTrue(t.isDaemon(), t.getName() + " must be a daemon"));
  }

  @Test
  void busyPortIsAClearConnectError() throws Exception {
    HealthOutput a = start("");
    InetSocketAddress taken = a.boundAddress();
    HealthConfig c =
        TestSupport.config("service_address = \"http://127.0.0.1:" + taken.getPort() + "\"");
    HealthOutput b = new HealthOutput(c, TestSupport.context(clock), null);
    started.add(b);
    IOException e = assertThrows(IOException.class, b::connect);
    assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getPort()), e.getMessage());
  }

  @Test
  void servesHttpsWithPemCertificate() throws Exception {
    HealthOutput h =
        start("tls_cert = \"" + res("server.pem") + "\"\ntls_key = \"" + res("server.key") + "\"");
    assertTrue(h.origin().startsWith("https://127.0.0.1:"), h.origin());
    HttpClient client = tlsClient(false);
    HttpResponse<String> r = get(client, uri(h, "/"), null);
    assertEquals(200, r.statusCode());
    assertEquals("OK\n", r.body());
  }

  @Test
  void missingCertificateFileFailsCreateNamingTheFile() {
    HealthConfig c =
        TestSupport.config("tls_cert = \"/nonexistent/cert.pem\"\ntls_key = \"/nonexistent/k\"");
    IOException e =
        assertThrows(
            IOException.class,
            () -> new HealthOutputFactory().create(c, TestSupport.context(clock)));
    assertTrue(e.getMessage().contains("/nonexistent/cert.pem"), e.getMessage());
  }

  @Test
  void mutualTlsRequiresAClientCertificateFromTheAllowedCa() throws Exception {
    HealthOutput h =
        start(
            "tls_cert = \""
                + res("server.pem")
                + "\"\ntls_key = \""
                + res("server.key")
                + "\"\ntls_allowed_cacerts = [\""
                + res("ca.pem")
                + "\"]");
    assertThrows(IOException.class, () -> get(tlsClient(false), uri(h, "/"), null));
    HttpResponse<String> r = get(tlsClient(true), uri(h, "/"), null);
    assertEquals(200, r.statusCode());
  }

  /** A client trusting the test CA, optionally presenting the test client certificate. */
  private static HttpClient tlsClient(boolean withClientCert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", Pem.certificates(Path.of(res("ca.pem"))).get(0));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (withClientCert) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = "test".toCharArray();
      ks.setKeyEntry(
          "client",
          Pem.privateKey(Path.of(res("client.key"))),
          pw,
          Pem.certificates(Path.of(res("client.pem")))
              .toArray(new java.security.cert.Certificate[0]));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ctx).connectTimeout(TIMEOUT).build();
  }

  private static String res(String name) throws URISyntaxException {
    return Path.of(HealthHttpTest.class.getResource("/io/jagent/spi/tls/" + name).toURI())
        .toString();
  }

  private static String basic(String user, String password) {
    return "Basic " + b64(user + ":" + password);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
