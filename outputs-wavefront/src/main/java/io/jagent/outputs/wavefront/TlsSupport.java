package io.jagent.outputs.wavefront;

import io.jagent.outputs.wavefront.WavefrontConfig.Tls;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Telegraf's TLS client options ({@code tls_ca}, {@code tls_cert}/{@code tls_key}, ...). */
final class TlsSupport {
  private static final List<String> ORDER = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  private TlsSupport() {}

  /** Telegraf's version name ({@code TLS12}) → JSSE protocol name, or null. */
  static String protocol(String telegrafName) {
    return switch (telegrafName) {
      case "TLS10" -> "TLSv1";
      case "TLS11" -> "TLSv1.1";
      case "TLS12" -> "TLSv1.2";
      case "TLS13" -> "TLSv1.3";
      default -> null;
    };
  }

  static SSLContext context(Tls tls) throws IOException, GeneralSecurityException {
    TrustManager[] trust = null;
    if (tls.insecureSkipVerify()) {
      trust = new TrustManager[] {new TrustAll()};
    } else if (!tls.ca().isEmpty()) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certificates(tls.ca())) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      trust = tmf.getTrustManagers();
    }
    KeyManagerFactory kmf = null;
    if (!tls.cert().isEmpty()) {
      List<Certificate> chain = certificates(tls.cert());
      PrivateKey key = privateKey(tls.key());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = new char[0];
      ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
    return ctx;
  }

  /** Protocols allowed by {@code tls_min_version} (null: JDK defaults). */
  static SSLParameters parameters(Tls tls) {
    String min = tls.minVersion().isEmpty() ? null : protocol(tls.minVersion());
    if (min == null) {
      return null;
    }
    List<String> allowed = new ArrayList<>(ORDER.subList(ORDER.indexOf(min), ORDER.size()));
    SSLParameters p = new SSLParameters();
    p.setProtocols(allowed.toArray(new String[0]));
    return p;
  }

  private static List<Certificate> certificates(String file)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new GeneralSecurityException("no certificate in " + file);
      }
      return new ArrayList<>(certs);
    }
  }

  /** An unencrypted PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}), RSA or EC. */
  private static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    int b = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int e = pem.indexOf("-----END PRIVATE KEY-----");
    if (b < 0 || e < b) {
      throw new GeneralSecurityException(
          file + ": only unencrypted PKCS#8 keys (BEGIN PRIVATE KEY) are supported");
    }
    String body = pem.substring(b + "-----BEGIN PRIVATE KEY-----".length(), e);
    byte[] der = Base64.getMimeDecoder().decode(body);
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String alg : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException ex) {
        last = ex;
      }
    }
    throw new GeneralSecurityException(file + ": unsupported private key", last);
  }

  /** {@code insecure_skip_verify}: no certificate or host name check. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
