package dev.idempotent4j.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The per-round values of one comparison, as the method reports them: the median with the range
 * (min-max). A ratio of averages would let one slow round of one side decide the result; the median
 * of ratios measured in the same round does not, and the range shows how far the rounds disagree.
 *
 * <pre>{@code
 * Ratios r = Ratios.of(List.of(0.52, 0.49, 0.55));
 * r.format(); // "0.52x (0.49-0.55)"
 * }</pre>
 */
record Ratios(double median, double min, double max, int rounds) {

  /** The median and range of {@code values}; NaN values (a round with no result) are left out. */
  static Ratios of(List<Double> values) {
    List<Double> sorted = new ArrayList<>();
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sorted.add(v);
      }
    }
    if (sorted.isEmpty()) {
      return new Ratios(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    Collections.sort(sorted);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Ratios(median, sorted.get(0), sorted.get(n - 1), n);
  }

  boolean empty() {
    return rounds == 0;
  }

  /** {@code 0.52x (0.49-0.55)}, or {@code no result}. */
  String format() {
    if (empty()) {
      return "no result";
    }
    return String.format(Locale.ROOT, "%.2fx (%.2f-%.2f)", median, min, max);
  }

  /** The median as a plain number with {@code unit}, e.g. {@code 123.4 µs}. */
  String formatValue(String pattern) {
    return empty() ? "no result" : String.format(Locale.ROOT, pattern, median);
  }
}
