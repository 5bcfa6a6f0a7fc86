package io.jagent.inputs.mysql;

import io.jagent.spi.Secret;
import io.jagent.spi.tls.SslContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * MariaDB Connector/J takes a client certificate only as a key store file, while Telegraf's options
 * are PEM files: this writes {@code tls_cert} + {@code tls_key} into a PKCS#12 file readable by the
 * owner only, with a random password, deleted at exit.
 */
record ClientKeyStore(Path path, String password) {

  static ClientKeyStore create(String certFile, String keyFile) throws IOException {
    byte[] pw = new byte[18];
    new SecureRandom().nextBytes(pw);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
    KeyStore ks =
        SslContexts.keyStore(certFile, keyFile, Secret.empty(), "client", password.toCharArray());
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
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the tls_cert/tls_key key store: " + e.getMessage(), e);
    }
    return new ClientKeyStore(file, password);
  }

  @Override
  public String toString() {
    return "ClientKeyStore[" + path + "]";
  }
}
