package dev.idempotent4j.http;

import java.util.List;

/**
 * Servlet-style URL patterns ({@code /charges}, {@code /payments/*}, {@code *.json}, {@code /}),
 * matched against the path inside the application, for routes that the filter's own mapping covers
 * too broadly (a Spring {@code FilterRegistrationBean} on {@code /*}, say). Empty matches all.
 */
final class PathPatterns {

  private final List<String> patterns;

  PathPatterns(List<String> patterns) {
    for (String p : patterns) {
      if (!(p.startsWith("/") || p.startsWith("*."))) {
        throw new IllegalArgumentException(
            "path pattern '" + p + "' must start with '/' or '*.' (like /charges/* or *.json)");
      }
    }
    this.patterns = List.copyOf(patterns);
  }

  boolean matches(String path) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (String p : patterns) {
      if (p.equals("/") || p.equals("/*") || p.equals(path)) {
        return true;
      }
      if (p.endsWith("/*")) {
        String dir = p.substring(0, p.length() - 2);
        if (path.equals(dir) || path.startsWith(dir + "/")) {
          return true;
        }
      } else if (p.startsWith("*.") && path.endsWith(p.substring(1))) {
        return true;
      }
    }
    return false;
  }

  List<String> patterns() {
    return patterns;
  }
}
