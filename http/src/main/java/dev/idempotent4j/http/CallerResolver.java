package dev.idempotent4j.http;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Objects;

/**
 * Who is calling: the part of a stored key that keeps one caller from ever receiving another
 * caller's response. Two requests share a stored response only if their callers resolve to the same
 * text.
 *
 * <pre>{@code
 * IdempotencyKeyFilter filter = IdempotencyKeyFilter.builder()
 *     .caller(CallerResolver.header("X-Api-Key"))
 *     .build();
 * }</pre>
 *
 * <p>Return null for an anonymous caller: all anonymous callers share one scope, so protect such
 * routes only where that is acceptable (or reject them before this filter).
 */
@FunctionalInterface
public interface CallerResolver {

  /** The caller's identity, or null if anonymous. Called once per protected request. */
  String caller(HttpServletRequest request);

  /** The default: {@link HttpServletRequest#getUserPrincipal()}'s name. */
  static CallerResolver principal() {
    return request -> {
      Principal principal = request.getUserPrincipal();
      return principal == null ? null : principal.getName();
    };
  }

  /**
   * The value of header {@code name}, for example an API key. Only its SHA-256 goes into the stored
   * key, so the store never holds the credential itself.
   *
   * @throws NullPointerException if {@code name} is null
   */
  static CallerResolver header(String name) {
    Objects.requireNonNull(name, "name");
    return request -> {
      String value = request.getHeader(name);
      return value == null ? null : "h:" + RequestIdentity.hash(value);
    };
  }
}
