package io.jagent.inputs.mysql;

import io.jagent.spi.Secret;

/**
 * Telegraf's common client TLS options, used only for servers whose DSN says {@code tls=custom}.
 *
 * @param ca {@code tls_ca}: PEM file of the CA(s) to trust
 * @param cert {@code tls_cert}: PEM file of the client certificate (chain)
 * @param key {@code tls_key}: PEM file of the client's private key (PKCS#8 or PKCS#1 RSA)
 * @param keyPassword {@code tls_key_pwd}: not supported for PEM keys (encrypted keys are rejected)
 * @param insecureSkipVerify {@code insecure_skip_verify}: use TLS, verify nothing
 * @param serverName {@code tls_server_name}: not supported by the driver (rejected when set)
 */
record TlsOptions(
    String ca,
    String cert,
    String key,
    Secret keyPassword,
    boolean insecureSkipVerify,
    String serverName) {

  static final TlsOptions NONE = new TlsOptions("", "", "", Secret.empty(), false, "");

  /** Telegraf builds a TLS config (and registers {@code tls=custom}) only when one is set. */
  boolean configured() {
    return !ca.isEmpty() || !cert.isEmpty() || !key.isEmpty() || insecureSkipVerify;
  }

  boolean hasClientCert() {
    return !cert.isEmpty() && !key.isEmpty();
  }
}
