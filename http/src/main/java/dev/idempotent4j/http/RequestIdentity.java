package dev.idempotent4j.http;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The two strings the engine keys a request by: the scoped key (which record) and the fingerprint
 * (whether a second request with that key is the same request).
 */
final class RequestIdentity {

  private RequestIdentity() {}

  /**
   * {@code METHOD route caller key}, each part but the last escaped so that no two different tuples
   * give the same text ({@code :} and {@code %} percent-encoded); the key comes last and as sent,
   * so that {@code redis-cli} shows it as the client does.
   */
  static String scopedKey(HttpServletRequest request, String caller, String key) {
    // caller: null when anonymous
    return request.getMethod()
        + ':'
        + escape(request.getRequestURI())
        + ':'
        // Anonymous is empty; any named caller starts with '=' (escaped inside names), so that
        // no resolver's text can pose as anonymous.
        + (caller == null ? "" : "=" + escape(caller))
        + ':'
        + key;
  }

  /**
   * Method, path, query and the SHA-256 of the body (for a form post, of its parameters in a
   * canonical order, since the container reads those bytes itself).
   */
  static String fingerprint(HttpServletRequest request, BufferedRequest body) {
    MessageDigest sha = sha256();
    if (body != null) {
      sha.update(body.head());
      if (body.oversize()) {
        // Only the first bytes are known; the marker keeps this from equalling a body of exactly
        // those bytes. Such a request is never stored, so this only has to tell it apart while it
        // runs.
        sha.update("\0oversize".getBytes(StandardCharsets.US_ASCII));
      }
    } else {
      for (Map.Entry<String, String[]> e : new TreeMap<>(request.getParameterMap()).entrySet()) {
        sha.update(escape(e.getKey()).getBytes(StandardCharsets.UTF_8));
        for (String value : e.getValue()) {
          sha.update((byte) '=');
          sha.update(escape(value).getBytes(StandardCharsets.UTF_8));
        }
        sha.update((byte) '&');
      }
    }
    String query = request.getQueryString();
    return request.getMethod()
        + ' '
        + request.getRequestURI()
        + (query == null ? "" : "?" + query)
        + " sha256="
        + Base64.getEncoder().withoutPadding().encodeToString(sha.digest());
  }

  /** A SHA-256 of {@code text}, base64url: for secrets that must not be stored as they are. */
  static String hash(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String escape(String part) {
    if (part.indexOf(':') < 0
        && part.indexOf('%') < 0
        && part.indexOf('=') < 0
        && part.indexOf('&') < 0) {
      return part;
    }
    return part.replace("%", "%25").replace(":", "%3A").replace("=", "%3D").replace("&", "%26");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
