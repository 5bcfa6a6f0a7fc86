package io.jagent.spi.tls;

import io.jagent.spi.ConfigTable;
import io.jagent.spi.Secret;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Telegraf's common TLS client options. Build an {@link javax.net.ssl.SSLContext} from them with
 * {@link SslContexts#client}.
 *
 * @param tlsCa {@code tls_ca}: PEM file of the CA(s) to trust instead of the JDK's
 * @param tlsCert {@code tls_cert}: PEM file of the client certificate (chain)
 * @param tlsKey {@code tls_key}: PEM file of the client's private key
 * @param tlsKeyPwd {@code tls_key_pwd}: password of an encrypted PKCS#8 {@code tls_key}
 * @param insecureSkipVerify {@code insecure_skip_verify}: no server certificate/host name check
 * @param tlsMinVersion {@code tls_min_version} as written ({@code TLS12}); "" for the JDK default
 * @param tlsCipherSuites {@code tls_cipher_suites}: JSSE cipher suite names; empty for the default
 */
public record TlsClientOptions(
    String tlsCa,
    String tlsCert,
    String tlsKey,
    Secret tlsKeyPwd,
    boolean insecureSkipVerify,
    String tlsMinVersion,
    List<String> tlsCipherSuites) {

  /** No option set. */
  public static final TlsClientOptions NONE =
      new TlsClientOptions("", "", "", Secret.empty(), false, "", List.of());

  /** Telegraf's {@code tls_min_version} values, oldest first. */
  public static final List<String> VERSIONS = List.of("TLS10", "TLS11", "TLS12", "TLS13");

  private static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  public TlsClientOptions {
    tlsCipherSuites = List.copyOf(tlsCipherSuites);
  }

  /**
   * Which of the optional keys a plugin implements. Keys not listed here are not read by {@link
   * #parse(ConfigTable, Support)}, so the plugin keeps handling them itself (refuse, or accept and
   * warn); an unread key is an unknown option.
   *
   * @param keyPassword read {@code tls_key_pwd}
   * @param cipherSuites read {@code tls_cipher_suites}
   * @param minVersions the accepted {@code tls_min_version} values (a subset of {@link #VERSIONS});
   *     empty: the key is not read
   * @param checkFiles report unreadable {@code tls_ca}/{@code tls_cert}/{@code tls_key} files as
   *     config errors (otherwise they fail when the plugin is created)
   */
  public record Support(
      boolean keyPassword, boolean cipherSuites, List<String> minVersions, boolean checkFiles) {
    /** Every option, every version, files checked. */
    public static final Support ALL = new Support(true, true, VERSIONS, true);

    public Support {
      minVersions = List.copyOf(minVersions);
      if (!VERSIONS.containsAll(minVersions)) {
        throw new IllegalArgumentException("unknown TLS versions in " + minVersions);
      }
    }
  }

  /** Reads every client TLS key ({@link Support#ALL}). */
  public static TlsClientOptions parse(ConfigTable t) {
    return parse(t, Support.ALL);
  }

  /**
   * Reads {@code tls_ca}, {@code tls_cert}, {@code tls_key}, {@code insecure_skip_verify} and the
   * optional keys {@code support} names; reports problems with {@link ConfigTable#error}.
   */
  public static TlsClientOptions parse(ConfigTable t, Support support) {
    String ca = t.getString("tls_ca", "");
    String cert = t.getString("tls_cert", "");
    String key = t.getString("tls_key", "");
    Secret pwd = support.keyPassword() ? t.getSecret("tls_key_pwd") : Secret.empty();
    boolean insecure = t.getBoolean("insecure_skip_verify", false);
    String min = support.minVersions().isEmpty() ? "" : t.getString("tls_min_version", "");
    List<String> suites =
        support.cipherSuites() ? t.getStringList("tls_cipher_suites", List.of()) : List.of();
    if (support.checkFiles()) {
      for (String[] f : new String[][] {{"tls_ca", ca}, {"tls_cert", cert}, {"tls_key", key}}) {
        if (!f[1].isEmpty() && !readable(f[1])) {
          t.error(f[0], "cannot read file \"" + f[1] + "\"");
        }
      }
    }
    if (cert.isEmpty() != key.isEmpty()) {
      // reported at the key that is set: that one has a line in the file
      t.error(cert.isEmpty() ? "tls_key" : "tls_cert", "tls_cert and tls_key go together");
    }
    String name = min.isEmpty() ? null : versionName(min);
    if (!min.isEmpty() && (name == null || !support.minVersions().contains(name))) {
      t.error(
          "tls_min_version",
          "unknown TLS version \""
              + min
              + "\" (use "
              + (support.minVersions().size() == 2
                  ? String.join(" or ", support.minVersions())
                  : "one of " + String.join(", ", support.minVersions()))
              + ")");
    }
    return new TlsClientOptions(ca, cert, key, pwd, insecure, min, suites);
  }

  private static boolean readable(String file) {
    try {
      return Files.isReadable(Path.of(file));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /**
   * Telegraf's version name for a spelling of it: {@code TLS12}, {@code tls12}, {@code TLS1.2} and
   * {@code TLSv1.2} are all {@code TLS12}; null when unknown.
   */
  static String versionName(String v) {
    String n = v.toUpperCase(Locale.ROOT).replace(".", "").replace("V", "");
    return VERSIONS.contains(n) ? n : null;
  }

  /** The JSSE protocol name of the minimum version ({@code TLSv1.2}), or null when none/unknown. */
  public String minProtocol() {
    String n = tlsMinVersion.isEmpty() ? null : versionName(tlsMinVersion);
    return n == null ? null : PROTOCOLS.get(VERSIONS.indexOf(n));
  }

  /** True when no option is set: use the JDK's (or the agent's shared) client. */
  public boolean isDefault() {
    return tlsCa.isEmpty()
        && tlsCert.isEmpty()
        && tlsKey.isEmpty()
        && !insecureSkipVerify
        && tlsMinVersion.isEmpty()
        && tlsCipherSuites.isEmpty();
  }

  /** Both {@code tls_cert} and {@code tls_key} are set. */
  public boolean hasClientCert() {
    return !tlsCert.isEmpty() && !tlsKey.isEmpty();
  }
}
