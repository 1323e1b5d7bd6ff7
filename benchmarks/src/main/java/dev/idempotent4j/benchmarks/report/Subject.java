package dev.idempotent4j.benchmarks.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * One side of a comparison: a JMH benchmark method ({@code Class.method}, in {@code
 * dev.idempotent4j.benchmarks}) with the JMH parameters it runs with.
 *
 * <pre>{@code
 * Subject always = Subject.of("SharedDuplicateHitBenchmark.woven", "readBeforeClaim", "always");
 * always.key(); // "SharedDuplicateHitBenchmark.woven[always]"
 * }</pre>
 */
record Subject(String method, Map<String, String> params) {

  static Subject of(String method) {
    return new Subject(method, Map.of());
  }

  static Subject of(String method, String param, String value) {
    return new Subject(method, Map.of(param, value));
  }

  /** The method, and the parameters' values in brackets: how results and logs name it. */
  String key() {
    return params.isEmpty() ? method : method + new TreeMap<>(params).values();
  }
}
