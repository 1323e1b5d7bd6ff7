package dev.idempotent4j.http;

import dev.idempotent4j.Durations;
import jakarta.servlet.FilterConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads {@code web.xml} init parameters into an {@link IdempotencyKeyFilter.Builder}: each name and
 * how it parses, the README's table in code; an unknown name or a value that does not parse fails
 * naming the parameter.
 */
final class InitParameters {
  private InitParameters() {}

  /** Each parameter's name and how it sets the builder: the README's table, in code. */
  private static final Map<String, BiConsumer<IdempotencyKeyFilter.Builder, String>> PARAMETERS =
      parameters();

  private static Map<String, BiConsumer<IdempotencyKeyFilter.Builder, String>> parameters() {
    Map<String, BiConsumer<IdempotencyKeyFilter.Builder, String>> p = new LinkedHashMap<>();
    p.put("task", (b, v) -> b.taskName(v.strip()));
    p.put("methods", (b, v) -> b.methods(list(v).toArray(new String[0])));
    p.put("paths", (b, v) -> b.paths(list(v).toArray(new String[0])));
    p.put("required", (b, v) -> b.required(bool(v)));
    p.put("ttl", (b, v) -> b.ttl(Durations.parse(v.strip())));
    p.put("lease", (b, v) -> b.lease(Durations.parse(v.strip())));
    p.put("wait-timeout", (b, v) -> b.waitTimeout = Durations.parse(v.strip()));
    p.put("in-progress", (b, v) -> b.waitForInProgress = waits(v));
    p.put("retry-after", (b, v) -> b.retryAfter(Durations.parse(v.strip())));
    p.put("caller-header", (b, v) -> b.caller(CallerResolver.header(v.strip())));
    p.put("headers", (b, v) -> b.replayHeaders(list(v).toArray(new String[0])));
    p.put("max-size", (b, v) -> b.maxSize(Sizes.parse(v)));
    p.put("store-statuses", (b, v) -> b.statusPolicy(v));
    return Collections.unmodifiableMap(p);
  }

  /**
   * @throws IllegalArgumentException naming the parameter and its value
   */
  static void apply(FilterConfig config, IdempotencyKeyFilter.Builder b) {
    for (Map.Entry<String, BiConsumer<IdempotencyKeyFilter.Builder, String>> parameter :
        PARAMETERS.entrySet()) {
      String value = config.getInitParameter(parameter.getKey());
      if (value == null) {
        continue;
      }
      try {
        parameter.getValue().accept(b, value);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "init parameter '" + parameter.getKey() + "' = '" + value + "': " + e.getMessage(), e);
      }
    }
    Enumeration<String> names = config.getInitParameterNames();
    while (names != null && names.hasMoreElements()) {
      String name = names.nextElement();
      if (!PARAMETERS.containsKey(name)) {
        throw new IllegalArgumentException(
            "unknown init parameter '" + name + "'; known: " + PARAMETERS.keySet());
      }
    }
  }

  private static boolean waits(String v) {
    return switch (v.strip()) {
      case "reject" -> false;
      case "wait" -> true;
      default -> throw new IllegalArgumentException("neither 'reject' (409 at once) nor 'wait'");
    };
  }

  private static List<String> list(String v) {
    List<String> items = new ArrayList<>();
    for (String item : v.split(",", -1)) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return items;
  }

  private static boolean bool(String v) {
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("neither true nor false");
    };
  }
}
