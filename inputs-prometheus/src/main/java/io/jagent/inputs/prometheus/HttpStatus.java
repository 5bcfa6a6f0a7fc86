package io.jagent.inputs.prometheus;

/** Status lines as Go's {@code resp.Status} prints them ("500 Internal Server Error"). */
final class HttpStatus {
  private HttpStatus() {}

  static String text(int code) {
    String reason =
        switch (code) {
          case 200 -> "OK";
          case 201 -> "Created";
          case 202 -> "Accepted";
          case 204 -> "No Content";
          case 301 -> "Moved Permanently";
          case 302 -> "Found";
          case 304 -> "Not Modified";
          case 400 -> "Bad Request";
          case 401 -> "Unauthorized";
          case 403 -> "Forbidden";
          case 404 -> "Not Found";
          case 405 -> "Method Not Allowed";
          case 406 -> "Not Acceptable";
          case 408 -> "Request Timeout";
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
