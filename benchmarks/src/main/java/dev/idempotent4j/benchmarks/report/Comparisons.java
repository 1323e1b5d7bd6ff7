package dev.idempotent4j.benchmarks.report;

import dev.idempotent4j.benchmarks.report.PairedRounds.Case;
import java.util.ArrayList;
import java.util.List;

/**
 * The JMH comparisons of the targets, each ours against its hand-written alternative: the
 * local hit (with {@code -prof gc}), and, each timed call by call with its alternative in one fork,
 * the shared first execution, the shared duplicate where duplicates dominate and the mixed workload
 * (the last two each with {@code redis.read-before-claim} {@code auto} and, where the build has the
 * setting, {@code always} and {@code never}), and 16-thread throughput.
 *
 * <pre>{@code
 * List<Case> cases = Comparisons.cases(plan, true);
 * }</pre>
 */
final class Comparisons {

  static final Subject LOCAL_OURS = Subject.of("LocalHitBenchmark.woven");
  static final Subject LOCAL_HAND = Subject.of("LocalHitBenchmark.handWrittenCaffeine");

  /** Ours and the five-command flow timed call by call in one fork. */
  static final Subject FIRST_PAIRED = Subject.of("SharedFirstExecutionBenchmark.interleaved");

  static final Subject THROUGHPUT_OURS = Subject.of("ThroughputBenchmark.woven16");
  static final Subject THROUGHPUT_HAND = Subject.of("ThroughputBenchmark.handWritten16");

  /** The values of {@code redis.read-before-claim}, the default first. */
  static final List<String> MODES = List.of("auto", "always", "never");

  private Comparisons() {}

  /** Ours and one GET timed call by call in one fork ({@code SharedDuplicateHitBenchmark}). */
  static Subject interleaved(String mode) {
    return Subject.of("SharedDuplicateHitBenchmark.interleaved", "readBeforeClaim", mode);
  }

  /** Ours and the hand-written flow on the mixed workload, call by call in one fork. */
  static Subject mixed(String mode) {
    return Subject.of("SharedMixedBenchmark.interleaved", "readBeforeClaim", mode);
  }

  /**
   * The cases the plan asks for; with {@code allModes} false (a build without {@code
   * redis.read-before-claim}) only its default is measured.
   */
  static List<Case> cases(RunPlan plan, boolean allModes) {
    List<String> modes = allModes ? MODES : MODES.subList(0, 1);
    List<Case> cases = new ArrayList<>();
    if (plan.cases().contains("local")) {
      cases.add(new Case("local hit", LOCAL_HAND, List.of(LOCAL_OURS), plan.latency(), true));
    }
    if (plan.cases().contains("first")) {
      cases.add(
          new Case(
              "first execution, call by call with the hand-written flow",
              FIRST_PAIRED,
              List.of(),
              plan.sharedLatency(),
              false));
    }
    if (plan.cases().contains("dup")) {
      cases.add(
          new Case(
              "shared duplicate, call by call with a GET",
              interleaved(modes.get(0)),
              modes.stream().skip(1).map(Comparisons::interleaved).toList(),
              plan.sharedLatency(),
              false));
    }
    if (plan.cases().contains("mixed")) {
      cases.add(
          new Case(
              "mixed workload, call by call with the hand-written flow",
              mixed(modes.get(0)),
              modes.stream().skip(1).map(Comparisons::mixed).toList(),
              plan.sharedLatency(),
              false));
    }
    if (plan.cases().contains("throughput")) {
      cases.add(
          new Case(
              "16-thread throughput",
              THROUGHPUT_HAND,
              List.of(THROUGHPUT_OURS),
              plan.throughput(),
              false));
    }
    return cases;
  }
}
