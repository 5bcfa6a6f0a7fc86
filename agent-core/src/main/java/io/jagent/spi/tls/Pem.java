package io.jagent.spi.tls;

import io.jagent.spi.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PEM files with the JDK alone (no BouncyCastle): X.509 certificate chains and private keys in
 * PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519, ...), encrypted PKCS#8 ({@code BEGIN
 * ENCRYPTED PRIVATE KEY}, PBES2 as written by {@code openssl pkcs8 -topk8}) and PKCS#1 RSA ({@code
 * BEGIN RSA PRIVATE KEY}). SEC1 EC keys and legacy OpenSSL-encrypted PEM keys are refused with a
 * conversion hint.
 *
 * <p>Errors are {@link IOException}s whose message starts with the file name and never contains the
 * file's content or the password.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final String[] KEY_ALGORITHMS = {
    "RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA", "XDH"
  };
  private static final byte[] RSA_ALGORITHM_ID =
      HexFormat.of().parseHex("300d06092a864886f70d0101010500");

  private Pem() {}

  /** The certificates of a PEM file in file order (leaf first for a chain); never empty. */
  public static List<X509Certificate> certificates(Path file) throws IOException {
    byte[] pem = read(file);
    List<X509Certificate> out = new ArrayList<>();
    try {
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        out.add((X509Certificate) c);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not a PEM certificate (" + e.getMessage() + ")");
    }
    if (out.isEmpty()) {
      throw new IOException(file + ": no certificate found");
    }
    return out;
  }

  /** An unencrypted private key. */
  public static PrivateKey privateKey(Path file) throws IOException {
    return privateKey(file, Secret.empty());
  }

  /**
   * The first private key of a PEM file (other blocks such as {@code EC PARAMETERS} are skipped).
   *
   * @param password for {@code ENCRYPTED PRIVATE KEY}; ignored for unencrypted keys
   */
  public static PrivateKey privateKey(Path file, Secret password) throws IOException {
    String text = new String(read(file), StandardCharsets.US_ASCII);
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      String body = m.group(2);
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(file, decode(file, type, body));
        case "RSA PRIVATE KEY":
          if (body.contains("Proc-Type:")) {
            throw new IOException(
                file
                    + ": legacy encrypted PEM keys are not supported; convert with"
                    + " 'openssl pkcs8 -topk8 -in KEY -out KEY.pk8'");
          }
          return pkcs8(file, pkcs1ToPkcs8(decode(file, type, body)));
        case "ENCRYPTED PRIVATE KEY":
          return pkcs8(file, decrypt(file, decode(file, type, body), password));
        case "EC PRIVATE KEY":
          throw new IOException(
              file
                  + ": SEC1 EC keys are not supported; convert with"
                  + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
        default:
          // e.g. EC PARAMETERS before the key, or a certificate in the same file: skip
      }
    }
    throw new IOException(file + ": no PEM private key found");
  }

  private static byte[] read(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file", e);
    } catch (IOException e) {
      throw new IOException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static byte[] decode(Path file, String type, String body) throws IOException {
    try {
      return Base64.getMimeDecoder().decode(body.trim());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": bad base64 in PEM block " + type);
    }
  }

  private static byte[] decrypt(Path file, byte[] der, Secret password) throws IOException {
    if (password.isEmpty()) {
      throw new IOException(
          file
              + ": the private key is encrypted and no password was given; decrypt it with"
              + " 'openssl pkcs8 -in KEY -out KEY.pk8'");
    }
    char[] pw = password.reveal().toCharArray();
    try {
      EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
      String alg = info.getAlgName();
      if (alg.equals("PBES2") || alg.equals("1.2.840.113549.1.5.13")) {
        // the parameters name the real scheme, e.g. PBEWithHmacSHA256AndAES_256
        alg = info.getAlgParameters().toString();
      }
      Cipher c = Cipher.getInstance(alg);
      c.init(
          Cipher.DECRYPT_MODE,
          SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(pw)),
          info.getAlgParameters());
      return info.getKeySpec(c).getEncoded();
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new IOException(
          file + ": cannot decrypt the private key (wrong password or unsupported encryption)");
    } finally {
      Arrays.fill(pw, '\0');
    }
  }

  private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String alg : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // try the next algorithm
      }
    }
    throw new IOException(file + ": unsupported private key algorithm");
  }

  /** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo (version 0, rsaEncryption + NULL, key). */
  static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(pkcs1.length + 32);
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM_ID);
    body.writeBytes(tlv(0x04, pkcs1));
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
