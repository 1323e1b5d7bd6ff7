package dev.idempotent4j.benchmarks.report;

import dev.idempotent4j.benchmarks.report.JmhCase.Measurement;
import dev.idempotent4j.benchmarks.report.JmhCase.Timing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Runs each comparison in rounds: in every round each subject of a case gets one fork, the forks of
 * one case back to back, in an order that alternates from round to round (the alternative first,
 * then last), so that a change of the machine's load between rounds hits both sides of a ratio
 * alike and a drift within a round does not always favour the same side. Every ratio is taken
 * within one round; {@link Ratios} then gives the median and range over the rounds.
 *
 * <pre>{@code
 * PairedRounds rounds = new PairedRounds(jmh);
 * rounds.run(List.of(firstExecution), 3);
 * Ratios r = rounds.ratio(ours, alternative); // ours / alternative, per round
 * }</pre>
 */
final class PairedRounds {

  /** Subjects measured against one alternative, each round, with the same timing. */
  record Case(String name, Subject alternative, List<Subject> ours, Timing timing, boolean gc) {}

  private final JmhCase jmh;
  private final Map<String, List<Measurement>> byRound = new HashMap<>();

  PairedRounds(JmhCase jmh) {
    this.jmh = jmh;
  }

  void run(List<Case> cases, int rounds) {
    for (int round = 0; round < rounds; round++) {
      for (Case c : cases) {
        List<Subject> order = new ArrayList<>();
        order.add(c.alternative());
        order.addAll(c.ours());
        if (round % 2 == 1) {
          Collections.reverse(order);
        }
        System.out.printf("== round %d/%d, %s%n", round + 1, rounds, c.name());
        for (Subject subject : order) {
          Measurement m = jmh.run(subject, c.timing(), c.gc(), "r" + (round + 1));
          List<Measurement> results =
              byRound.computeIfAbsent(subject.key(), k -> new ArrayList<>());
          while (results.size() < round) {
            results.add(Measurement.NONE);
          }
          results.add(m);
        }
      }
    }
  }

  /** {@code ours / alternative} within each round. */
  Ratios ratio(Subject ours, Subject alternative) {
    List<Measurement> a = results(ours);
    List<Measurement> b = results(alternative);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      ratios.add(a.get(i).score() / b.get(i).score());
    }
    return Ratios.of(ratios);
  }

  /**
   * {@code numerator / denominator}, two secondary results of the same fork (a benchmark that times
   * both sides call by call), per round.
   */
  Ratios secondaryRatio(Subject subject, String numerator, String denominator) {
    return over(subject, m -> m.secondary(numerator) / m.secondary(denominator));
  }

  /** A secondary result divided by another of the same fork, times {@code scale}, per round. */
  Ratios secondaryPer(Subject subject, String value, String per, double scale) {
    return over(subject, m -> m.secondary(value) / m.secondary(per) * scale);
  }

  /** The subject's own scores over the rounds. */
  Ratios score(Subject subject) {
    return over(subject, Measurement::score);
  }

  /** The subject's bytes allocated per operation over the rounds ({@code -prof gc}). */
  Ratios bytesPerOp(Subject subject) {
    return over(subject, Measurement::bytesPerOp);
  }

  /** The unit of the subject's score, e.g. {@code us/op}. */
  String unit(Subject subject) {
    return results(subject).stream()
        .map(Measurement::unit)
        .filter(u -> !u.isEmpty())
        .findFirst()
        .orElse("");
  }

  private Ratios over(Subject subject, ToDoubleFunction<Measurement> value) {
    return Ratios.of(results(subject).stream().map(value::applyAsDouble).toList());
  }

  private List<Measurement> results(Subject subject) {
    return byRound.getOrDefault(subject.key(), List.of());
  }
}
