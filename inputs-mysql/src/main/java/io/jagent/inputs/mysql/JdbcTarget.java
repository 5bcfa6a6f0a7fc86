package io.jagent.inputs.mysql;

import io.jagent.spi.Durations;
import io.jagent.spi.tls.TlsClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * What MariaDB Connector/J needs to reach one server: a JDBC URL (no credentials in it, safe to
 * log) and the connection Properties (user, password, timeouts, TLS).
 */
record JdbcTarget(String url, Properties properties, String serverTag) {

  /** Telegraf adds {@code timeout=5s} to a DSN without one. */
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Read (socket) timeout when the DSN has no {@code readTimeout}: Telegraf has none, but a hung
   * server must not hold a worker forever.
   */
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

  /** go-sql-driver parameters that have no meaning here (or are the driver's defaults anyway). */
  private static final Set<String> IGNORED_PARAMS =
      Set.of(
          "allowAllFiles",
          "allowCleartextPasswords",
          "allowFallbackToPlaintext",
          "allowNativePasswords",
          "allowOldPasswords",
          "charset",
          "checkConnLiveness",
          "clientFoundRows",
          "collation",
          "columnsWithAlias",
          "compress",
          "connectionAttributes",
          "interpolateParams",
          "loc",
          "maxAllowedPacket",
          "multiStatements",
          "parseTime",
          "rejectReadOnly",
          "serverPubKey",
          "timeTruncate",
          "writeTimeout");

  @Override
  public String toString() {
    return "JdbcTarget[" + url + ", server=" + serverTag + "]";
  }

  /**
   * Translates a DSN. The password goes into the Properties only.
   *
   * @param tls options used when the DSN says {@code tls=custom}
   * @param clientKeyStore a PKCS#12 file holding tls_cert/tls_key, or null
   * @throws Dsn.DsnException for a bad parameter value (message without secrets)
   */
  static JdbcTarget of(Dsn dsn, TlsClientOptions tls, ClientKeyStore clientKeyStore) {
    Properties p = new Properties();
    if (!dsn.user().isEmpty()) {
      p.setProperty("user", dsn.user());
    }
    if (!dsn.password().isEmpty()) {
      p.setProperty("password", dsn.password().reveal());
    }
    Map<String, String> params = dsn.params();
    p.setProperty(
        "connectTimeout",
        Long.toString(millis(duration(params, "timeout", DEFAULT_CONNECT_TIMEOUT))));
    p.setProperty(
        "socketTimeout",
        Long.toString(millis(duration(params, "readTimeout", DEFAULT_READ_TIMEOUT))));
    // go-sql-driver fetches the server's RSA key for caching_sha2_password over plain TCP
    p.setProperty("allowPublicKeyRetrieval", "true");
    applyTls(params.getOrDefault("tls", "false"), tls, clientKeyStore, p);
    List<String> sessionVars = new ArrayList<>();
    for (Map.Entry<String, String> e : params.entrySet()) {
      String k = e.getKey();
      if (k.equals("timeout")
          || k.equals("readTimeout")
          || k.equals("tls")
          || IGNORED_PARAMS.contains(k)) {
        continue;
      }
      // go-sql-driver sets every other parameter as a session system variable
      if (!k.matches("[A-Za-z0-9_.]+") || e.getValue().indexOf(',') >= 0) {
        throw new Dsn.DsnException("unsupported DSN parameter " + k);
      }
      sessionVars.add(k + "=" + e.getValue());
    }
    if (!sessionVars.isEmpty()) {
      p.setProperty("sessionVariables", String.join(",", sessionVars));
    }
    String db = dsn.dbName();
    String url;
    if (dsn.net().equals("unix")) {
      p.setProperty("localSocket", dsn.address());
      url = "jdbc:mariadb://localhost/" + db;
    } else {
      String host = dsn.host();
      if (host.isEmpty()) {
        host = "127.0.0.1"; // Go dials ":3306" on the local host
      }
      if (host.indexOf(':') >= 0) {
        host = "[" + host + "]";
      }
      url = "jdbc:mariadb://" + host + ":" + dsn.port() + "/" + db;
    }
    return new JdbcTarget(url, p, dsn.serverTag());
  }

  private static void applyTls(
      String mode, TlsClientOptions tls, ClientKeyStore clientKeyStore, Properties p) {
    switch (mode) {
      case "false", "0", "FALSE", "False", "f", "F" -> p.setProperty("sslMode", "disable");
      case "true", "1", "TRUE", "True", "t", "T" -> p.setProperty("sslMode", "verify-full");
      case "skip-verify", "preferred" -> p.setProperty("sslMode", "trust");
      case "custom" -> {
        if (tls.isDefault()) {
          throw new Dsn.DsnException(
              "tls=custom needs tls_ca, tls_cert and tls_key, or insecure_skip_verify");
        }
        if (tls.insecureSkipVerify()) {
          p.setProperty("sslMode", "trust");
        } else {
          p.setProperty("sslMode", "verify-full");
          if (!tls.tlsCa().isEmpty()) {
            p.setProperty("serverSslCert", tls.tlsCa());
          }
        }
        if (clientKeyStore != null) {
          p.setProperty("keyStore", clientKeyStore.path().toString());
          p.setProperty("keyStorePassword", clientKeyStore.password());
          p.setProperty("keyStoreType", "PKCS12");
        }
      }
      default ->
          throw new Dsn.DsnException(
              "invalid value / unknown config name for tls: "
                  + mode
                  + " (use true, false, skip-verify, preferred or custom)");
    }
  }

  private static Duration duration(Map<String, String> params, String key, Duration def) {
    String v = params.get(key);
    if (v == null) {
      return def;
    }
    try {
      Duration d = Durations.parseGo(v, false);
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new Dsn.DsnException("invalid " + key + " \"" + v + "\": " + e.getMessage());
    }
  }

  private static long millis(Duration d) {
    long ms = d.toMillis();
    if (ms == 0 && !d.isZero()) {
      return 1;
    }
    return Math.min(ms, Integer.MAX_VALUE);
  }
}
