package io.jagent.inputs.prometheus;

import io.jagent.spi.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code [[inputs.prometheus]]} options (reference §1); discovery options are refused. */
record PrometheusConfig(
    List<String> urls,
    int metricVersion,
    String urlTag,
    boolean ignoreTimestamp,
    Duration timeout,
    Duration responseTimeout,
    String bearerToken,
    Secret bearerTokenString,
    Secret username,
    Secret password,
    Map<String, String> httpHeaders,
    long contentLengthLimit,
    String contentTypeOverride,
    boolean enableRequestMetrics,
    String tlsCa,
    String tlsCert,
    String tlsKey,
    boolean insecureSkipVerify,
    String tlsMinVersion,
    String httpProxyUrl,
    boolean useSystemProxy) {

  static final int DEFAULT_METRIC_VERSION = 1;
  static final String DEFAULT_URL_TAG = "url";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ZERO;
  static final long DEFAULT_CONTENT_LENGTH_LIMIT = 0;

  static PrometheusConfig defaults() {
    return new PrometheusConfig(
        List.of(),
        DEFAULT_METRIC_VERSION,
        DEFAULT_URL_TAG,
        false,
        DEFAULT_TIMEOUT,
        DEFAULT_RESPONSE_TIMEOUT,
        "",
        Secret.empty(),
        Secret.empty(),
        Secret.empty(),
        Map.of(),
        DEFAULT_CONTENT_LENGTH_LIMIT,
        "",
        false,
        "",
        "",
        "",
        false,
        "",
        "",
        false);
  }

  /** Like the record's own, with the user-info of URLs (passwords) left out. */
  @Override
  public String toString() {
    return "PrometheusConfig[urls="
        + urls.stream().map(PrometheusInputFactory::redact).toList()
        + ", metricVersion="
        + metricVersion
        + ", urlTag="
        + urlTag
        + ", ignoreTimestamp="
        + ignoreTimestamp
        + ", timeout="
        + timeout
        + ", responseTimeout="
        + responseTimeout
        + ", bearerToken="
        + bearerToken
        + ", bearerTokenString="
        + bearerTokenString
        + ", username="
        + username
        + ", password="
        + password
        + ", httpHeaders="
        + httpHeaders.keySet()
        + ", contentLengthLimit="
        + contentLengthLimit
        + ", contentTypeOverride="
        + contentTypeOverride
        + ", enableRequestMetrics="
        + enableRequestMetrics
        + ", tlsCa="
        + tlsCa
        + ", tlsCert="
        + tlsCert
        + ", tlsKey="
        + tlsKey
        + ", insecureSkipVerify="
        + insecureSkipVerify
        + ", tlsMinVersion="
        + tlsMinVersion
        + ", httpProxyUrl="
        + PrometheusInputFactory.redact(httpProxyUrl)
        + ", useSystemProxy="
        + useSystemProxy
        + "]";
  }

  /** True when the plugin needs its own HTTP client (TLS or proxy options). */
  boolean needsOwnClient() {
    return !tlsCa.isEmpty()
        || !tlsCert.isEmpty()
        || !tlsKey.isEmpty()
        || insecureSkipVerify
        || !tlsMinVersion.isEmpty()
        || !httpProxyUrl.isEmpty()
        || useSystemProxy;
  }
}
