package dev.idempotent4j.benchmarks.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs one JMH benchmark method in one fork, with the agent and the benchmark's Redis, and returns
 * its score (and, with {@code -prof gc}, the bytes allocated per operation). One fork per call, so
 * that the rounds of {@link PairedRounds} can put the two sides of a comparison next to each other
 * in time. JMH's own output is silenced; each fork's JSON result is kept under {@code --json-dir}.
 *
 * <pre>{@code
 * JmhCase.Measurement m = jmh.run(Subject.of("LocalHitBenchmark.woven"), timing, true, "r1");
 * }</pre>
 */
final class JmhCase {

  static final String PACKAGE = "dev.idempotent4j.benchmarks.";

  /** Iterations and their seconds. */
  record Timing(int warmups, int warmupSeconds, int iterations, int seconds) {}

  /**
   * One fork's result; {@code bytesPerOp} is NaN without {@code -prof gc}; {@code secondary} holds
   * the fork's secondary results by name (a benchmark's {@code @AuxCounters}, the profilers').
   */
  record Measurement(double score, String unit, double bytesPerOp, Map<String, Double> secondary) {
    static final Measurement NONE = new Measurement(Double.NaN, "", Double.NaN, Map.of());

    /** The secondary result {@code name}, NaN when the fork has none. */
    double secondary(String name) {
      return secondary.getOrDefault(name, Double.NaN);
    }
  }

  private final String agent;
  private final String redis;
  private final Path jsonDir;

  JmhCase(String agent, String redis, Path jsonDir) {
    this.agent = agent;
    this.redis = redis;
    this.jsonDir = jsonDir;
  }

  /** Runs {@code subject}; a failed fork (JMH prints why) gives {@link Measurement#NONE}. */
  Measurement run(Subject subject, Timing timing, boolean gc, String label) {
    ChainedOptionsBuilder jmh =
        new OptionsBuilder()
            .include("^" + PACKAGE.replace(".", "\\.") + subject.method().replace(".", "\\.") + "$")
            .warmupIterations(timing.warmups())
            .warmupTime(TimeValue.seconds(timing.warmupSeconds()))
            .measurementIterations(timing.iterations())
            .measurementTime(TimeValue.seconds(timing.seconds()))
            .forks(1)
            .verbosity(VerboseMode.SILENT);
    List<String> jvmArgs =
        new ArrayList<>(List.of("-javaagent:" + agent, "-Dbench.redis=" + redis));
    // The forks log as the report JVM does (run.sh quiets the benchmark Redis's durability note).
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      jvmArgs.add("-Djava.util.logging.config.file=" + logging);
    }
    jmh.jvmArgsAppend(jvmArgs.toArray(new String[0]));
    for (Map.Entry<String, String> param : subject.params().entrySet()) {
      jmh.param(param.getKey(), param.getValue());
    }
    if (gc) {
      jmh.addProfiler("gc");
    }
    if (jsonDir != null) {
      try {
        Files.createDirectories(jsonDir);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      jmh.resultFormat(ResultFormatType.JSON)
          .result(
              jsonDir
                  .resolve(label + "-" + subject.key().replaceAll("[^A-Za-z0-9.]", "_") + ".json")
                  .toString());
    }
    Collection<RunResult> results;
    try {
      results = new Runner(jmh.build()).run();
    } catch (RunnerException e) {
      System.out.println("  " + subject.key() + ": JMH failed: " + e.getMessage());
      return Measurement.NONE;
    }
    if (results.isEmpty()) {
      System.out.println(
          "  "
              + subject.key()
              + ": no result (the fork failed; rerun it alone with"
              + " java -jar benchmarks/target/benchmarks.jar "
              + subject.method()
              + " to see why)");
      return Measurement.NONE;
    }
    RunResult result = results.iterator().next();
    Result<?> primary = result.getPrimaryResult();
    Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
    Map<String, Double> secondary = new java.util.TreeMap<>();
    result.getSecondaryResults().forEach((name, r) -> secondary.put(name, r.getScore()));
    Measurement m =
        new Measurement(
            primary.getScore(),
            primary.getScoreUnit(),
            alloc == null ? Double.NaN : alloc.getScore(),
            secondary);
    System.out.println(
        String.format(
            Locale.ROOT,
            "  %-52s %12.3f %s%s",
            subject.key(),
            m.score(),
            m.unit(),
            gc ? String.format(Locale.ROOT, ", %.1f B/op", m.bytesPerOp()) : ""));
    return m;
  }
}
