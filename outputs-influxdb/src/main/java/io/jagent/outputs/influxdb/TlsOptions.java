package io.jagent.outputs.influxdb;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Telegraf's common TLS client options ({@code tls_ca}, {@code tls_cert}, {@code tls_key}, {@code
 * tls_key_pwd}, {@code insecure_skip_verify}, {@code tls_min_version}, {@code tls_cipher_suites}).
 * PEM files are read with the JDK alone: X.509 certificates, PKCS#8 keys (plain or encrypted) and
 * PKCS#1 RSA keys.
 */
record TlsOptions(
    String ca,
    String cert,
    String key,
    Secret keyPassword,
    boolean insecureSkipVerify,
    String minVersion,
    List<String> cipherSuites) {

  static final TlsOptions NONE = new TlsOptions("", "", "", Secret.empty(), false, "", List.of());

  boolean configured() {
    return !ca.isEmpty()
        || !cert.isEmpty()
        || insecureSkipVerify
        || !minVersion.isEmpty()
        || !cipherSuites.isEmpty();
  }

  static TlsOptions parse(ConfigTable t) {
    String ca = t.getString("tls_ca", "");
    String cert = t.getString("tls_cert", "");
    String key = t.getString("tls_key", "");
    Secret pwd = t.getSecret("tls_key_pwd");
    boolean insecure = t.getBoolean("insecure_skip_verify", false);
    String min = t.getString("tls_min_version", "");
    List<String> suites = t.getStringList("tls_cipher_suites", List.of());
    if (!t.getString("tls_server_name", "").isEmpty()) {
      t.error(
          "tls_server_name",
          "not supported: the Java HTTP client always verifies and sends the URL's host name");
    }
    if (!t.getString("tls_renegotiation_method", "").isEmpty()) {
      t.warn("tls_renegotiation_method", "ignored: the JDK never renegotiates as a client");
    }
    t.getBoolean("tls_enable", false); // Telegraf: only meaningful for servers
    for (String[] f : new String[][] {{"tls_ca", ca}, {"tls_cert", cert}, {"tls_key", key}}) {
      if (!f[1].isEmpty() && !Files.isReadable(Path.of(f[1]))) {
        t.error(f[0], "cannot read file \"" + f[1] + "\"");
      }
    }
    if (cert.isEmpty() != key.isEmpty()) {
      t.error(cert.isEmpty() ? "tls_key" : "tls_cert", "tls_cert and tls_key must be set together");
    }
    if (!min.isEmpty() && protocol(min) == null) {
      t.error("tls_min_version", "unknown TLS version \"" + min + "\" (use TLS12 or TLS13)");
    }
    return new TlsOptions(ca, cert, key, pwd, insecure, min, suites);
  }

  private static String protocol(String v) {
    return switch (v.toUpperCase(Locale.ROOT).replace(".", "").replace("V", "")) {
      case "TLS10" -> "TLSv1";
      case "TLS11" -> "TLSv1.1";
      case "TLS12" -> "TLSv1.2";
      case "TLS13" -> "TLSv1.3";
      default -> null;
    };
  }

  /** The SSL context for these options; the JDK default when none is set. */
  SSLContext sslContext() throws IOException {
    try {
      if (!configured()) {
        return SSLContext.getDefault();
      }
      TrustManager[] tms = null;
      if (insecureSkipVerify) {
        tms = new TrustManager[] {new TrustAll()};
      } else if (!ca.isEmpty()) {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        int i = 0;
        for (Certificate c : readCerts(ca)) {
          ts.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        tms = tmf.getTrustManagers();
      }
      KeyManager[] kms = null;
      if (!cert.isEmpty()) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "changeit".toCharArray();
        ks.setKeyEntry(
            "client", readKey(key, keyPassword), pw, readCerts(cert).toArray(new Certificate[0]));
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        kms = kmf.getKeyManagers();
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kms, tms, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS setup failed: " + e.getMessage(), e);
    }
  }

  /** SSL parameters for the minimum version and cipher suites, or null for the defaults. */
  SSLParameters sslParameters(SSLContext ctx) {
    if (minVersion.isEmpty() && cipherSuites.isEmpty()) {
      return null;
    }
    SSLParameters p = ctx.getDefaultSSLParameters();
    if (!minVersion.isEmpty()) {
      List<String> order = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
      int min = order.indexOf(protocol(minVersion));
      List<String> allowed = new ArrayList<>();
      for (String proto : p.getProtocols()) {
        if (order.indexOf(proto) >= min) {
          allowed.add(proto);
        }
      }
      p.setProtocols(allowed.toArray(new String[0]));
    }
    if (!cipherSuites.isEmpty()) {
      p.setCipherSuites(cipherSuites.toArray(new String[0]));
    }
    return p;
  }

  static Collection<? extends Certificate> readCerts(String file)
      throws IOException, GeneralSecurityException {
    byte[] pem = Files.readAllBytes(Path.of(file));
    Collection<? extends Certificate> certs =
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    if (certs.isEmpty()) {
      throw new GeneralSecurityException("no certificate in " + file);
    }
    return certs;
  }

  static PrivateKey readKey(String file, Secret password)
      throws IOException, GeneralSecurityException {
    String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    for (String type :
        new String[] {
          "PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY"
        }) {
      String begin = "-----BEGIN " + type + "-----";
      int b = pem.indexOf(begin);
      if (b < 0) {
        continue;
      }
      int e = pem.indexOf("-----END " + type + "-----", b);
      if (e < 0) {
        throw new GeneralSecurityException("unterminated PEM block in " + file);
      }
      String body = pem.substring(b + begin.length(), e);
      if (body.contains("Proc-Type:")) {
        throw new GeneralSecurityException(
            "legacy encrypted PEM keys are not supported; convert with "
                + "`openssl pkcs8 -topk8` ("
                + file
                + ")");
      }
      byte[] der = Base64.getMimeDecoder().decode(body);
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(der, file);
        case "RSA PRIVATE KEY":
          return pkcs8(wrapPkcs1(der), file);
        case "ENCRYPTED PRIVATE KEY":
          {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String alg = info.getAlgName();
            if (alg.equals("PBES2") || alg.equals("1.2.840.113549.1.5.13")) {
              // the parameters name the real scheme, e.g. PBEWithHmacSHA256AndAES_256
              alg = info.getAlgParameters().toString();
            }
            SecretKeyFactory f = SecretKeyFactory.getInstance(alg);
            Cipher c = Cipher.getInstance(alg);
            c.init(
                Cipher.DECRYPT_MODE,
                f.generateSecret(new PBEKeySpec(password.reveal().toCharArray())),
                info.getAlgParameters());
            return pkcs8(info.getKeySpec(c).getEncoded(), file);
          }
        default:
          throw new GeneralSecurityException(
              "SEC1 EC keys are not supported; convert with `openssl pkcs8 -topk8 -nocrypt` ("
                  + file
                  + ")");
      }
    }
    throw new GeneralSecurityException("no private key in " + file);
  }

  private static PrivateKey pkcs8(byte[] der, String file) throws GeneralSecurityException {
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "DSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException("unsupported private key in " + file);
  }

  /** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, key). */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algId = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octet = tlv(0x04, pkcs1);
    byte[] inner = new byte[version.length + algId.length + octet.length];
    System.arraycopy(version, 0, inner, 0, version.length);
    System.arraycopy(algId, 0, inner, version.length, algId.length);
    System.arraycopy(octet, 0, inner, version.length + algId.length, octet.length);
    return tlv(0x30, inner);
  }

  private static byte[] tlv(int tag, byte[] value) {
    int n = value.length;
    byte[] len;
    if (n < 0x80) {
      len = new byte[] {(byte) n};
    } else if (n < 0x100) {
      len = new byte[] {(byte) 0x81, (byte) n};
    } else if (n < 0x10000) {
      len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    } else {
      len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
    byte[] out = new byte[1 + len.length + n];
    out[0] = (byte) tag;
    System.arraycopy(len, 0, out, 1, len.length);
    System.arraycopy(value, 0, out, 1 + len.length, n);
    return out;
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
