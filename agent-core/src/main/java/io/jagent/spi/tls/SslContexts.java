package io.jagent.spi.tls;

import io.jagent.spi.Secret;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@link SSLContext}s and key stores from Telegraf's PEM TLS options. Errors are {@link
 * IOException}s naming the option and the file ({@code tls_key /etc/k.pem: no PEM private key
 * found}), never key material or passwords.
 */
public final class SslContexts {
  private static final char[] NO_PASSWORD = new char[0];

  private SslContexts() {}

  /**
   * A client context: trusts {@code tls_ca} (or everything with {@code insecure_skip_verify}, or
   * the JDK's CAs), presents {@code tls_cert}/{@code tls_key} when set.
   *
   * @return null when {@link TlsClientOptions#isDefault()}: use the default client
   */
  public static SSLContext client(TlsClientOptions o) throws IOException {
    if (o.isDefault()) {
      return null;
    }
    TrustManager[] trust = null;
    if (o.insecureSkipVerify()) {
      trust = new TrustManager[] {new TrustAll()};
    } else if (!o.tlsCa().isEmpty()) {
      trust = trustManagers("tls_ca", List.of(o.tlsCa()));
    }
    KeyManager[] keys = null;
    if (o.hasClientCert()) {
      keys = keyManagers(o.tlsCert(), o.tlsKey(), o.tlsKeyPwd());
    }
    return context(keys, trust);
  }

  /**
   * Parameters for {@code tls_min_version} and {@code tls_cipher_suites} on top of {@code ctx}'s
   * defaults, or null when neither is set.
   */
  public static SSLParameters clientParameters(TlsClientOptions o, SSLContext ctx) {
    String min = o.minProtocol();
    if (min == null && o.tlsCipherSuites().isEmpty()) {
      return null;
    }
    SSLParameters p = ctx.getDefaultSSLParameters();
    if (min != null) {
      List<String> order = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
      List<String> allowed = new ArrayList<>();
      for (String proto : p.getProtocols()) {
        if (order.indexOf(proto) >= order.indexOf(min)) {
          allowed.add(proto);
        }
      }
      p.setProtocols(allowed.toArray(new String[0]));
    }
    if (!o.tlsCipherSuites().isEmpty()) {
      p.setCipherSuites(o.tlsCipherSuites().toArray(new String[0]));
    }
    return p;
  }

  /**
   * A server context from Telegraf's server options. With {@code allowedCas} non-empty the
   * context's trust managers accept client certificates from those CAs only; the caller still has
   * to require client authentication ({@link SSLParameters#setNeedClientAuth}).
   *
   * @param cert {@code tls_cert}
   * @param key {@code tls_key} (unencrypted)
   * @param allowedCas {@code tls_allowed_cacerts}
   */
  public static SSLContext server(String cert, String key, List<String> allowedCas)
      throws IOException {
    KeyManager[] keys = keyManagers(cert, key, Secret.empty());
    TrustManager[] trust =
        allowedCas.isEmpty() ? null : trustManagers("tls_allowed_cacerts", allowedCas);
    return context(keys, trust);
  }

  /**
   * An in-memory PKCS#12 key store holding {@code tls_cert} (chain) and {@code tls_key} as one key
   * entry.
   *
   * @param keyPwd password of an encrypted {@code tls_key}, or empty
   * @param alias the entry's alias
   * @param entryPassword the entry's (and the store's) password
   */
  public static KeyStore keyStore(
      String cert, String key, Secret keyPwd, String alias, char[] entryPassword)
      throws IOException {
    List<X509Certificate> chain = certificates("tls_cert", cert);
    Path keyFile = path("tls_key", key);
    PrivateKey pk;
    try {
      pk = Pem.privateKey(keyFile, keyPwd);
    } catch (IOException e) {
      throw new IOException("tls_key " + e.getMessage(), e);
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(alias, pk, entryPassword, chain.toArray(new Certificate[0]));
      return ks;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "tls_cert " + cert + " / tls_key " + key + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private static KeyManager[] keyManagers(String cert, String key, Secret keyPwd)
      throws IOException {
    KeyStore ks = keyStore(cert, key, keyPwd, "key", NO_PASSWORD);
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, NO_PASSWORD);
      return kmf.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new IOException("tls_cert " + cert + ": TLS setup failed: " + e.getMessage(), e);
    }
  }

  private static TrustManager[] trustManagers(String option, List<String> files)
      throws IOException {
    try {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      int n = 0;
      for (String f : files) {
        for (Certificate c : certificates(option, f)) {
          ts.setCertificateEntry("ca" + n++, c);
        }
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IOException(option + ": TLS setup failed: " + e.getMessage(), e);
    }
  }

  private static SSLContext context(KeyManager[] keys, TrustManager[] trust) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS setup failed: " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> certificates(String option, String file) throws IOException {
    Path p = path(option, file);
    try {
      return Pem.certificates(p);
    } catch (IOException e) {
      throw new IOException(option + " " + e.getMessage(), e);
    }
  }

  private static Path path(String option, String file) throws IOException {
    try {
      return Path.of(file);
    } catch (InvalidPathException e) {
      throw new IOException(option + " \"" + file + "\": invalid path");
    }
  }

  /** {@code insecure_skip_verify}: accepts any server certificate and host name. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
