package dev.idempotent4j.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which final statuses are stored and replayed to retries; every other status releases the key, so
 * that a retry runs the handler again.
 *
 * <p>The default, {@code "2xx,4xx,!408,!409,!429"}, follows the IETF draft and Stripe: a success
 * and a client error are answers, while a server error, a timeout ({@code 408}), a conflict ({@code
 * 409}) or a rate limit ({@code 429}) say "try again later", which a stored copy would make
 * impossible.
 *
 * <pre>{@code
 * // also let a retry run again after 401/403 from an authorization check in the handler
 * StatusPolicy policy = StatusPolicy.parse("2xx,4xx,!401,!403,!408,!409,!429");
 * }</pre>
 */
@FunctionalInterface
public interface StatusPolicy {

  /** Whether a response with {@code status} is stored. */
  boolean stores(int status);

  /** {@code "2xx,4xx,!408,!409,!429"}. */
  static StatusPolicy standard() {
    return parse("2xx,4xx,!408,!409,!429");
  }

  /**
   * A policy from a comma-separated list of statuses ({@code 201}) and classes ({@code 2xx}); an
   * entry prefixed with {@code !} excludes. A status is stored if an entry includes it and none
   * excludes it.
   *
   * @throws IllegalArgumentException naming the entry that is not a status or a class
   */
  static StatusPolicy parse(String spec) {
    List<int[]> includes = new ArrayList<>();
    List<int[]> excludes = new ArrayList<>();
    for (String raw : spec.split(",", -1)) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) {
        continue;
      }
      boolean exclude = entry.startsWith("!");
      String code = exclude ? entry.substring(1) : entry;
      int[] range;
      if (code.matches("[1-5]xx")) {
        int base = (code.charAt(0) - '0') * 100;
        range = new int[] {base, base + 99};
      } else if (code.matches("[1-5][0-9][0-9]")) {
        int status = Integer.parseInt(code);
        range = new int[] {status, status};
      } else {
        throw new IllegalArgumentException(
            "status policy entry '" + raw.strip() + "' in '" + spec + "' is not like 201 or 2xx");
      }
      (exclude ? excludes : includes).add(range);
    }
    return status -> matches(includes, status) && !matches(excludes, status);
  }

  private static boolean matches(List<int[]> ranges, int status) {
    for (int[] range : ranges) {
      if (status >= range[0] && status <= range[1]) {
        return true;
      }
    }
    return false;
  }
}
