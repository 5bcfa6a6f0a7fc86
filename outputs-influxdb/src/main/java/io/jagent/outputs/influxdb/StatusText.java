package io.jagent.outputs.influxdb;

/** Go's {@code resp.Status}: {@code "503 Service Unavailable"}. */
final class StatusText {
  private StatusText() {}

  static String of(int code) {
    String reason =
        switch (code) {
          case 200 -> "OK";
          case 201 -> "Created";
          case 202 -> "Accepted";
          case 204 -> "No Content";
          case 206 -> "Partial Content";
          case 207 -> "Multi-Status";
          case 301 -> "Moved Permanently";
          case 302 -> "Found";
          case 307 -> "Temporary Redirect";
          case 308 -> "Permanent Redirect";
          case 400 -> "Bad Request";
          case 401 -> "Unauthorized";
          case 403 -> "Forbidden";
          case 404 -> "Not Found";
          case 405 -> "Method Not Allowed";
          case 406 -> "Not Acceptable";
          case 408 -> "Request Timeout";
          case 413 -> "Request Entity Too Large";
          case 422 -> "Unprocessable Entity";
          case 429 -> "Too Many Requests";
          case 500 -> "Internal Server Error";
          case 501 -> "Not Implemented";
          case 502 -> "Bad Gateway";
          case 503 -> "Service Unavailable";
          case 504 -> "Gateway Timeout";
          default -> "";
        };
    return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
  }
}
