package dev.idempotent4j.benchmarks.report;

import dev.idempotent4j.benchmarks.report.JmhCase.Timing;
import java.util.Map;
import java.util.Set;

/**
 * How long and how often a run measures: the full method, or {@code --quick} for a smoke run that
 * checks every part works end to end (its numbers are not the method's: one warm-up, short
 * iterations, throughput barely warm). Single options override either.
 *
 * <pre>{@code
 * RunPlan plan = RunPlan.from(Map.of("quick", "true", "rounds", "1"));
 * }</pre>
 *
 * @param rounds paired rounds per comparison (and of server time)
 * @param latency timing of the local hit's forks (one fork each per round), tens of millions of
 *     calls a second: warm within a second
 * @param sharedLatency timing of the shared tier's latency forks (first execution, duplicate,
 *     mixed): the same measurement as {@code latency}, but a warm-up of at least 6 x 2 s, because
 *     at a few thousand calls a second the woven path is still being compiled after 2 s (its ratio
 *     to the hand-written flow falls from 0.69x in the first second to 0.47x after 12 s,
 *     docs/PERFORMANCE.md)
 * @param throughput timing of the 16-thread case: the method wants at least 6 x 2 s of warm-up
 * @param serverCalls calls per step and flow in a back-to-back server-time round
 * @param idleCalls calls per step and flow in a server-time round with idle gaps
 * @param cases the JMH cases to run: local, first, dup, mixed, throughput
 * @param skip parts left out: jmh, servertime, roundtrips
 */
record RunPlan(
    boolean quick,
    int rounds,
    Timing latency,
    Timing sharedLatency,
    Timing throughput,
    int serverCalls,
    int idleCalls,
    Set<String> cases,
    Set<String> skip) {

  static final Set<String> ALL_CASES = Set.of("local", "first", "dup", "mixed", "throughput");

  static RunPlan from(Map<String, String> options) {
    boolean quick = Boolean.parseBoolean(options.getOrDefault("quick", "false"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", quick ? "2" : "3"));
    Timing latency =
        new Timing(
            Integer.parseInt(options.getOrDefault("wi", quick ? "1" : "2")),
            Integer.parseInt(options.getOrDefault("w", "1")),
            Integer.parseInt(options.getOrDefault("i", quick ? "1" : "3")),
            Integer.parseInt(options.getOrDefault("r", "1")));
    Timing sharedLatency =
        new Timing(
            Integer.parseInt(options.getOrDefault("shared-wi", quick ? "1" : "6")),
            Integer.parseInt(options.getOrDefault("shared-w", quick ? "1" : "2")),
            latency.iterations(),
            latency.seconds());
    Timing throughput =
        new Timing(
            Integer.parseInt(options.getOrDefault("throughput-wi", quick ? "2" : "6")),
            Integer.parseInt(options.getOrDefault("throughput-w", quick ? "1" : "2")),
            Integer.parseInt(options.getOrDefault("throughput-i", quick ? "1" : "2")),
            Integer.parseInt(options.getOrDefault("throughput-r", quick ? "1" : "2")));
    Set<String> cases =
        options.containsKey("cases") ? Set.of(options.get("cases").split(",", -1)) : ALL_CASES;
    for (String c : cases) {
      if (!ALL_CASES.contains(c)) {
        throw new IllegalArgumentException(
            "--cases "
                + options.get("cases")
                + ": unknown case '"
                + c
                + "'; pick from "
                + ALL_CASES);
      }
    }
    Set<String> skip =
        options.containsKey("skip") ? Set.of(options.get("skip").split(",", -1)) : Set.of();
    return new RunPlan(
        quick,
        rounds,
        latency,
        sharedLatency,
        throughput,
        Integer.parseInt(options.getOrDefault("server-calls", quick ? "500" : "3000")),
        Integer.parseInt(options.getOrDefault("idle-calls", quick ? "100" : "400")),
        cases,
        skip);
  }

  /** One line for the report: what this run did. */
  String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "%s%d paired rounds; local-hit forks %dx%d s warm-up + %dx%d s; shared-tier latency forks"
            + " %dx%d s warm-up + %dx%d s; 16-thread throughput %dx%d s warm-up + %dx%d s; server"
            + " time %d calls per step back to back, %d with idle gaps",
        quick ? "QUICK smoke run (not the method's numbers): " : "",
        rounds,
        latency.warmups(),
        latency.warmupSeconds(),
        latency.iterations(),
        latency.seconds(),
        sharedLatency.warmups(),
        sharedLatency.warmupSeconds(),
        sharedLatency.iterations(),
        sharedLatency.seconds(),
        throughput.warmups(),
        throughput.warmupSeconds(),
        throughput.iterations(),
        throughput.seconds(),
        serverCalls,
        idleCalls);
  }
}
