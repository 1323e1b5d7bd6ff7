package dev.idempotent4j.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Every error the filter answers itself, as {@code application/problem+json} (RFC 9457), each
 * message written once here. The {@code type} URIs are tag URIs (RFC 4151): stable names, not
 * links.
 */
enum Problem {
  KEY_MISSING(
      400,
      "missing-key",
      "Idempotency-Key required",
      "This endpoint requires an Idempotency-Key header: send a unique key (a UUID) with the"
          + " request, and the same key when you retry it."),
  KEY_MALFORMED(
      400,
      "malformed-key",
      "Idempotency-Key malformed",
      "The Idempotency-Key header must be one value of 1 to 255 printable ASCII characters, bare"
          + " or as a quoted string."),
  KEY_REUSED(
      422,
      "key-reused",
      "Idempotency-Key reused",
      "This Idempotency-Key was used with another request (method, path, query or body differ)."
          + " Use a new key for a new request."),
  IN_PROGRESS(
      409,
      "in-progress",
      "Request in progress",
      "A request with this Idempotency-Key is still being processed. Retry after the time in"
          + " Retry-After to get its response."),
  STORE_UNAVAILABLE(
      503,
      "store-unavailable",
      "Idempotency store unavailable",
      "The request was not processed because its idempotency record cannot be read or written"
          + " right now. Retry it with the same Idempotency-Key.");

  private static final String TYPE_PREFIX = "tag:idempotent4j.dev,2026:http:";

  final int status;
  private final String type;
  private final String title;
  private final String detail;

  Problem(int status, String type, String title, String detail) {
    this.status = status;
    this.type = TYPE_PREFIX + type;
    this.title = title;
    this.detail = detail;
  }

  /** The problem's {@code type} member. */
  String type() {
    return type;
  }

  /**
   * Writes this problem as the whole response; {@code retryAfterSeconds} &gt; 0 adds {@code
   * Retry-After}.
   */
  void send(HttpServletResponse response, String instance, long retryAfterSeconds)
      throws IOException {
    byte[] body = json(instance).getBytes(StandardCharsets.UTF_8);
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.setContentLength(body.length);
    if (retryAfterSeconds > 0) {
      response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
    response.getOutputStream().write(body);
  }

  String json(String instance) {
    StringBuilder json = new StringBuilder(256).append('{');
    member(json, "type", type).append(',');
    member(json, "title", title).append(',');
    json.append("\"status\":").append(status).append(',');
    member(json, "detail", detail);
    if (instance != null) {
      member(json.append(','), "instance", instance);
    }
    return json.append('}').toString();
  }

  private static StringBuilder member(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"');
  }
}
