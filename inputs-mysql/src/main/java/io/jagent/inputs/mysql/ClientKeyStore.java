package io.jagent.inputs.mysql;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB Connector/J takes a client certificate only as a key store file, while Telegraf's options
 * are PEM files: this converts {@code tls_cert} + {@code tls_key} into a PKCS#12 file readable by
 * the owner only, with a random password, deleted at exit.
 */
record ClientKeyStore(Path path, String password) {

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  static ClientKeyStore create(String certFile, String keyFile) throws IOException {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      Certificate[] chain =
          cf.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(Path.of(certFile))))
              .toArray(new Certificate[0]);
      if (chain.length == 0) {
        throw new IOException("tls_cert " + certFile + ": no certificate found");
      }
      PrivateKey key = readKey(keyFile);
      byte[] pw = new byte[18];
      new SecureRandom().nextBytes(pw);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("client", key, password.toCharArray(), chain);
      Path file;
      try {
        file =
            Files.createTempFile(
                "jagent-mysql-",
                ".p12",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        file = Files.createTempFile("jagent-mysql-", ".p12");
      }
      file.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(file)) {
        ks.store(out, password.toCharArray());
      }
      return new ClientKeyStore(file, password);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load tls_cert/tls_key: " + e.getMessage(), e);
    }
  }

  private static PrivateKey readKey(String keyFile) throws IOException, GeneralSecurityException {
    String pem = Files.readString(Path.of(keyFile), StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      byte[] pkcs8;
      switch (type) {
        case "PRIVATE KEY" -> pkcs8 = der;
        case "RSA PRIVATE KEY" -> pkcs8 = wrapRsaPkcs1(der);
        case "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY" ->
            throw new IOException(
                "tls_key "
                    + keyFile
                    + ": "
                    + type
                    + " is not supported; convert it with"
                    + " `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`");
        default -> {
          continue;
        }
      }
      for (String alg : new String[] {"RSA", "EC", "Ed25519", "EdDSA"}) {
        try {
          return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
          // try the next algorithm
        }
      }
      throw new IOException("tls_key " + keyFile + ": unsupported private key algorithm");
    }
    throw new IOException("tls_key " + keyFile + ": no PEM private key found");
  }

  /** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL). */
  static byte[] wrapRsaPkcs1(byte[] pkcs1) {
    byte[] algId = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octet = derTlv(0x04, pkcs1);
    byte[] body = new byte[version.length + algId.length + octet.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algId, 0, body, version.length, algId.length);
    System.arraycopy(octet, 0, body, version.length + algId.length, octet.length);
    return derTlv(0x30, body);
  }

  private static byte[] derTlv(int tag, byte[] value) {
    int len = value.length;
    byte[] lenBytes;
    if (len < 0x80) {
      lenBytes = new byte[] {(byte) len};
    } else if (len < 0x100) {
      lenBytes = new byte[] {(byte) 0x81, (byte) len};
    } else if (len < 0x10000) {
      lenBytes = new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len};
    } else {
      lenBytes = new byte[] {(byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
    }
    byte[] out = new byte[1 + lenBytes.length + len];
    out[0] = (byte) tag;
    System.arraycopy(lenBytes, 0, out, 1, lenBytes.length);
    System.arraycopy(value, 0, out, 1 + lenBytes.length, len);
    return out;
  }

  @Override
  public String toString() {
    return "ClientKeyStore[" + path + "]";
  }
}
