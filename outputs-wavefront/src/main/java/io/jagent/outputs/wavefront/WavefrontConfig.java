package io.jagent.outputs.wavefront;

import io.jagent.spi.Secret;
import io.jagent.spi.tls.TlsClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The options of {@code [[outputs.wavefront]]} (reference wavefront.md §1), resolved: which way to
 * reach Wavefront ({@link #transport}) and where ({@link #reportUri} or {@link #host}:{@link
 * #port}). {@link #url} never holds the token of a {@code https://TOKEN@host} URL: that went into
 * {@link #token}, a {@link Secret}.
 */
record WavefrontConfig(
    Transport transport,
    String url,
    URI reportUri,
    String host,
    int port,
    Secret token,
    String prefix,
    boolean simpleFields,
    String metricSeparator,
    boolean convertPaths,
    boolean useStrict,
    boolean useRegex,
    List<String> sourceOverride,
    boolean convertBool,
    boolean truncateTags,
    boolean immediateFlush,
    boolean sendInternalMetrics,
    int httpMaximumBatchSize,
    Duration timeout,
    TlsClientOptions tls) {

  /** How points travel. */
  enum Transport {
    /** {@code url} without token: HTTP POST to a Wavefront proxy. */
    PROXY_HTTP,
    /** {@code url} with a token: HTTP POST to the Wavefront service with a bearer token. */
    DIRECT_HTTP,
    /** Legacy {@code host} + {@code port}: raw TCP lines to a Wavefront proxy. */
    PROXY_TCP
  }

  static final String DEFAULT_PREFIX = "";
  static final boolean DEFAULT_SIMPLE_FIELDS = false;
  static final String DEFAULT_METRIC_SEPARATOR = ".";
  static final boolean DEFAULT_CONVERT_PATHS = true;
  static final boolean DEFAULT_USE_STRICT = false;
  static final boolean DEFAULT_USE_REGEX = false;
  static final List<String> DEFAULT_SOURCE_OVERRIDE = List.of();
  static final boolean DEFAULT_CONVERT_BOOL = true;
  static final boolean DEFAULT_TRUNCATE_TAGS = false;
  static final boolean DEFAULT_IMMEDIATE_FLUSH = true;
  static final boolean DEFAULT_SEND_INTERNAL_METRICS = true;
  static final int DEFAULT_HTTP_MAXIMUM_BATCH_SIZE = 10_000;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The proxy's metrics port, used when a proxy URL or the legacy host has no port. */
  static final int DEFAULT_PROXY_PORT = 2878;

  static final String DEFAULT_CSP_BASE_URL = "https://console.cloud.vmware.com";

  WavefrontConfig {
    sourceOverride = List.copyOf(sourceOverride);
  }

  /** {@code convert_paths} as applied: off when the separator is {@code _}. */
  boolean effectiveConvertPaths() {
    return convertPaths && !"_".equals(metricSeparator);
  }

  Sanitizer.Mode sanitizeMode() {
    if (useRegex) {
      return Sanitizer.Mode.REGEX;
    }
    return useStrict ? Sanitizer.Mode.STRICT : Sanitizer.Mode.DEFAULT;
  }

  /** Where points go, for messages: never contains the token. */
  String target() {
    return transport == Transport.PROXY_TCP ? "tcp://" + host + ":" + port : reportUri.toString();
  }
}
