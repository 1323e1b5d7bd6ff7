package dev.idempotent4j.http;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The response headers that are stored and replayed. A header describes the stored body or points
 * at what was created ({@code Location}); everything else (cookies, credentials, per-connection and
 * per-response fields) belongs to the first response alone. The forbidden names can never be
 * allowed: a replayed {@code Set-Cookie} would hand one session to every retry.
 */
final class HeaderAllowList {

  static final List<String> DEFAULTS =
      List.of(
          "Content-Type",
          "Content-Language",
          "Location",
          "Content-Location",
          "ETag",
          "Last-Modified",
          "Link");

  private static final Set<String> FORBIDDEN =
      Set.of(
          "set-cookie",
          "set-cookie2",
          "authorization",
          "proxy-authorization",
          "www-authenticate",
          "proxy-authenticate",
          "cookie",
          // Written by the container or by the replay itself.
          "content-length",
          "transfer-encoding",
          "connection",
          "date",
          IdempotencyKeyFilter.REPLAYED_HEADER.toLowerCase(Locale.ROOT));

  private final Set<String> allowed;

  HeaderAllowList(Collection<String> extras) {
    Set<String> names = new HashSet<>();
    for (String name : DEFAULTS) {
      names.add(name.toLowerCase(Locale.ROOT));
    }
    for (String extra : extras) {
      String name = extra.strip().toLowerCase(Locale.ROOT);
      if (FORBIDDEN.contains(name)) {
        throw new IllegalArgumentException(
            "header '"
                + extra
                + "' can never be replayed: it carries credentials or is per response");
      }
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    this.allowed = Set.copyOf(names);
  }

  /** The allowed headers of {@code response} as name/value pairs, in the container's order. */
  List<String> capture(HttpServletResponse response) {
    List<String> pairs = new ArrayList<>(8);
    String contentType = response.getContentType();
    if (contentType != null && allowed.contains("content-type")) {
      pairs.add("Content-Type");
      pairs.add(contentType);
    }
    Set<String> seen = new HashSet<>();
    for (String name : response.getHeaderNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!allowed.contains(lower) || lower.equals("content-type") || !seen.add(lower)) {
        continue;
      }
      for (String value : response.getHeaders(name)) {
        pairs.add(name);
        pairs.add(value);
      }
    }
    return pairs;
  }
}
