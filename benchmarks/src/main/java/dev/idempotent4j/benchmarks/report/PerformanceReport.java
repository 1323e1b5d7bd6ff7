package dev.idempotent4j.benchmarks.report;

import dev.idempotent4j.benchmarks.ReadBeforeClaim;
import dev.idempotent4j.benchmarks.diagnosis.CommandStats;
import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner behind {@code benchmarks/run.sh}, the method of issue 12: every comparison of the
 * issue's targets in one run, in paired rounds ({@link PairedRounds}: one fork per side per round,
 * the two sides back to back, order alternating), Redis server time per step ({@link ServerTime}),
 * round trips ({@link RoundTrips}); then one table ({@link TargetTable}) of the medians of the
 * per-round ratios with their ranges, pass or miss, printed and written between the result markers
 * of {@code docs/PERFORMANCE.md} ({@link ResultsDocument}). Pinning and padding are run.sh's; it
 * passes what it did in {@code --pinning} and {@code --padding}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.idempotent4j.benchmarks.report.PerformanceReport \
 *   --agent agent/target/idempotent4j-agent-0.1.0-SNAPSHOT.jar \
 *   --plain-agent benchmarks/target/plain-bytebuddy-agent.jar \
 *   --redis redis://127.0.0.1:6390 --doc docs/PERFORMANCE.md [--quick] [--rounds 3]
 *   [--cases local,first,dup,mixed,throughput] [--skip jmh,servertime,roundtrips] [--startup]
 * </pre>
 */
public final class PerformanceReport {

  private final Map<String, String> options;
  private final RunPlan plan;
  private final String runAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

  private PerformanceReport(Map<String, String> options) {
    this.options = options;
    this.plan = RunPlan.from(options);
  }

  public static void main(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Expected --name [value], got '" + args[i] + "'");
      }
      String name = args[i].substring(2);
      boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
      options.put(name, flag ? "true" : args[++i]);
    }
    for (String required : List.of("agent", "plain-agent", "redis")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("Missing --" + required + " (see benchmarks/run.sh)");
      }
    }
    new PerformanceReport(options).run();
  }

  private void run() {
    String load = ResultsDocument.loadAverage();
    String redis = options.get("redis");
    // asked first: a server that does not answer fails the run now, not after the measurements
    String serverName = serverName(redis);
    System.out.println("== " + plan.describe());
    String jsonDir = options.get("json-dir");
    PairedRounds rounds =
        new PairedRounds(
            new JmhCase(options.get("agent"), redis, jsonDir == null ? null : Path.of(jsonDir)));
    boolean allModes = readBeforeClaimExists(redis);
    if (!plan.skip().contains("jmh")) {
      rounds.run(Comparisons.cases(plan, allModes), plan.rounds());
    }
    ServerTime server = null;
    if (!plan.skip().contains("servertime")) {
      System.out.println("== Redis server time per step, ours vs the hand-written flow");
      server = ServerTime.measure(redis, plan.rounds(), plan.serverCalls(), plan.idleCalls());
    }
    Map<String, String[]> roundTrips = Map.of();
    if (!plan.skip().contains("roundtrips")) {
      System.out.println("== Round trips per call (MONITOR)");
      roundTrips = RoundTrips.inFork(options.get("agent"), redis);
    }
    StringBuilder report = new StringBuilder();
    report.append(ResultsDocument.machine(runAt, load)).append('\n');
    report
        .append("Server: ")
        .append(serverName)
        .append(", ")
        .append(options.getOrDefault("pinning", "unpinned"));
    report
        .append("; padded with ")
        .append(options.getOrDefault("padding", "no"))
        .append(" keys.\n");
    report.append(plan.describe()).append(".\n\n");
    report.append(new TargetTable(rounds, server, roundTrips).render());
    report.append(
        "\nEach ratio is ours / the alternative measured in the same round: the rows that say"
            + " \"call by call\" time both flows in one fork, call by call; the others give each"
            + " side a fork, back to back, order alternating by round. The table gives the"
            + " per-round ratios' median and range, and"
            + " \"met\" compares the median with the target. Values are medians over the rounds."
            + " Server time is `INFO commandstats` usec per call (scripts whole; the hand-written"
            + " flow's GET, SET and release script).\n");
    if (!allModes) {
      report.append(
          "\n`"
              + ReadBeforeClaim.SETTING
              + "` is not a setting of this build: only its default was measured.\n");
    }
    if (Boolean.parseBoolean(options.getOrDefault("startup", "false"))) {
      Map<String, Double> startup =
          StartupTimes.measure(
              Path.of(options.get("agent")), Path.of(options.get("plain-agent")), 20);
      report
          .append("\nStart-up medians (20 launches each, issue 5): ")
          .append(startup)
          .append('\n');
    }
    System.out.println();
    System.out.println(report);
    String doc = options.get("doc");
    if (doc != null) {
      ResultsDocument.write(Path.of(doc), report.toString());
      System.out.println("Written to " + doc);
    }
  }

  /** The name and version of the server at {@code redis}, as its {@code INFO server} gives them. */
  private static String serverName(String redis) {
    RedisClient client = RedisClient.create(redis);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return CommandStats.serverName(connection.sync().info("server"));
    } finally {
      client.shutdown();
    }
  }

  /**
   * Whether this build knows {@code redis.read-before-claim}: only then are its modes compared.
   * Only a rejection that names the setting means no; any other failure is printed and the forks
   * are left to show it.
   */
  private static boolean readBeforeClaimExists(String redis) {
    try {
      Idempotency.configure(Map.of("redis", redis, ReadBeforeClaim.SETTING, "always"));
      return true;
    } catch (IdempotencyConfigurationException e) {
      String first = e.getMessage().lines().findFirst().orElse("");
      if (!first.contains(ReadBeforeClaim.SETTING)) {
        System.out.println(
            "== Could not ask the engine about " + ReadBeforeClaim.SETTING + ": " + first);
        return true;
      }
      System.out.println(
          "== "
              + ReadBeforeClaim.SETTING
              + " is not in this build ("
              + first
              + "): measuring its default only");
      return false;
    } finally {
      Idempotency.shutdown();
    }
  }
}
