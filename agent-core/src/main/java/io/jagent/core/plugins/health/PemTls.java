package io.jagent.core.plugins.health;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A server {@link SSLContext} from PEM files, as Telegraf's {@code tls_cert}, {@code tls_key} and
 * {@code tls_allowed_cacerts}. Keys: unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC,
 * Ed25519) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}). Error messages name the file, never its
 * content.
 */
final class PemTls {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
  private static final char[] NO_PASSWORD = new char[0];

  private PemTls() {}

  static SSLContext serverContext(String certFile, String keyFile, List<String> caFiles)
      throws IOException, GeneralSecurityException {
    List<Certificate> chain = certificates(certFile);
    if (chain.isEmpty()) {
      throw new IOException("tls_cert " + certFile + ": no certificate found");
    }
    PrivateKey key = privateKey(keyFile);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, NO_PASSWORD);

    TrustManagerFactory tmf = null;
    if (!caFiles.isEmpty()) {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      int n = 0;
      for (String f : caFiles) {
        List<Certificate> cas = certificates(f);
        if (cas.isEmpty()) {
          throw new IOException("tls_allowed_cacerts " + f + ": no certificate found");
        }
        for (Certificate c : cas) {
          ts.setCertificateEntry("ca" + n++, c);
        }
      }
      tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
    return ctx;
  }

  static List<Certificate> certificates(String file) throws IOException {
    byte[] pem = Files.readAllBytes(Path.of(file));
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      return new ArrayList<>(cf.generateCertificates(new ByteArrayInputStream(pem)));
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not a PEM certificate (" + e.getMessage() + ")");
    }
  }

  static PrivateKey privateKey(String file) throws IOException {
    String text = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2).trim());
      } catch (IllegalArgumentException e) {
        throw new IOException("tls_key " + file + ": bad base64 in PEM block " + type);
      }
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(file, der);
        case "RSA PRIVATE KEY":
          return pkcs8(file, wrapPkcs1Rsa(der));
        case "ENCRYPTED PRIVATE KEY":
          throw new IOException("tls_key " + file + ": encrypted private keys are not supported");
        case "EC PRIVATE KEY":
          throw new IOException(
              "tls_key "
                  + file
                  + ": SEC1 EC keys are not supported; convert with"
                  + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
        default:
          // e.g. EC PARAMETERS before the key: skip
      }
    }
    throw new IOException("tls_key " + file + ": no PEM private key found");
  }

  private static PrivateKey pkcs8(String file, byte[] der) throws IOException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IOException("tls_key " + file + ": unsupported private key algorithm");
  }

  /** PKCS#1 RSAPrivateKey into a PKCS#8 PrivateKeyInfo. */
  static byte[] wrapPkcs1Rsa(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    // SEQUENCE { OID 1.2.840.113549.1.1.1, NULL }
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
    byte[] octets = tlv(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algId);
    body.writeBytes(octets);
    return tlv(0x30, body.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    out.write(tag);
    int len = value.length;
    if (len < 0x80) {
      out.write(len);
    } else {
      int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write((len >>> (8 * i)) & 0xff);
      }
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
