package dev.idempotent4j.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

/**
 * The runner behind {@code benchmarks/run.sh}: runs every JMH case with the agent attached to each
 * fork, counts round trips ({@link RoundTrips}, in a forked JVM with the agent), times start-up
 * ({@link StartupTimes}), prints one table of ratios against the targets of issue 5, and writes it
 * with the machine, the JDK and the date between the result markers of {@code docs/PERFORMANCE.md}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.idempotent4j.benchmarks.report.PerformanceReport \
 *   --agent agent/target/idempotent4j-agent-0.1.0-SNAPSHOT.jar \
 *   --plain-agent benchmarks/target/plain-bytebuddy-agent.jar \
 *   --redis redis://127.0.0.1:6390 --doc docs/PERFORMANCE.md \
 *   [--include Benchmark-regex] [--wi 3] [--w 1] [--i 5] [--r 1] [--f 1] [--startup-runs 20]
 * </pre>
 */
public final class PerformanceReport {

  static final String BEGIN = "<!-- BEGIN GENERATED RESULTS (benchmarks/run.sh) -->";
  static final String END = "<!-- END GENERATED RESULTS -->";

  private final Map<String, String> options;
  private final String runAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  private final Map<String, Score> scores = new HashMap<>();
  private final Map<String, String[]> roundTrips = new LinkedHashMap<>();
  private final Map<String, Double> startup = new LinkedHashMap<>();

  /** Earlier runs ({@code --merge}): their machine line, by the time they started. */
  private final Map<String, String> runs = new LinkedHashMap<>();

  /** The run each round-trip ({@code "rt <flow>"}) and start-up result came from. */
  private final Map<String, String> sources = new HashMap<>();

  /** One JMH result, as the table needs it. */
  record Score(double score, double error, String unit, String run) {}

  private PerformanceReport(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws RunnerException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Expected --name value, got '" + args[i] + "'");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    for (String required : List.of("agent", "plain-agent", "redis")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("Missing --" + required + " (see benchmarks/run.sh)");
      }
    }
    new PerformanceReport(options).run();
  }

  private void run() throws RunnerException {
    String load = loadAverage();
    if (!options.getOrDefault("skip", "").contains("jmh")) {
      runJmh();
    }
    if (!options.getOrDefault("skip", "").contains("roundtrips")) {
      runRoundTrips();
    }
    if (!options.getOrDefault("skip", "").contains("startup")) {
      startup.putAll(
          StartupTimes.measure(
              Path.of(options.get("agent")),
              Path.of(options.get("plain-agent")),
              Integer.parseInt(options.getOrDefault("startup-runs", "20"))));
      sources.put("startup", runAt);
    }
    String machine = machine(load);
    Path state = Path.of(options.getOrDefault("state", "benchmarks/target/report-state.txt"));
    if (Boolean.parseBoolean(options.getOrDefault("merge", "false"))) {
      merge(state);
    }
    save(state, machine);
    StringBuilder header = new StringBuilder(machine);
    earlierRunsShown()
        .forEach(
            (at, line) ->
                header
                    .append("\nResults marked * are from the earlier run: ")
                    .append(line)
                    .append('\n'));
    String report = header + "\n" + table();
    System.out.println();
    System.out.println(report);
    String doc = options.get("doc");
    if (doc != null) {
      write(Path.of(doc), report);
      System.out.println("Written to " + doc);
    }
  }

  private void runJmh() throws RunnerException {
    ChainedOptionsBuilder jmh =
        new OptionsBuilder()
            .include(
                options.getOrDefault(
                    "include",
                    "(LocalHit|SharedFirstExecution|SharedDuplicateHit|Throughput)Benchmark"))
            .warmupIterations(Integer.parseInt(options.getOrDefault("wi", "3")))
            .warmupTime(TimeValue.seconds(Long.parseLong(options.getOrDefault("w", "1"))))
            .measurementIterations(Integer.parseInt(options.getOrDefault("i", "5")))
            .measurementTime(TimeValue.seconds(Long.parseLong(options.getOrDefault("r", "1"))))
            .forks(Integer.parseInt(options.getOrDefault("f", "1")))
            .jvmArgsAppend(
                "-javaagent:" + options.get("agent"), "-Dbench.redis=" + options.get("redis"))
            .resultFormat(ResultFormatType.JSON)
            .result(options.getOrDefault("json", "benchmarks/target/jmh-result.json"));
    if (options.containsKey("prof")) {
      jmh.addProfiler(options.get("prof"));
    }
    Collection<RunResult> results = new Runner(jmh.build()).run();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String[] parts = benchmark.split("\\.", -1);
      Result<?> primary = result.getPrimaryResult();
      scores.put(
          parts[parts.length - 2] + "." + parts[parts.length - 1],
          new Score(primary.getScore(), primary.getScoreError(), primary.getScoreUnit(), runAt));
    }
  }

  private void runRoundTrips() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-javaagent:" + options.get("agent"),
            "-Dbench.redis=" + options.get("redis"),
            "-cp",
            System.getProperty("java.class.path"),
            RoundTrips.class.getName());
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        System.out.println("Round-trip count failed:\n" + output);
        return;
      }
      for (String line : output.lines().toList()) {
        String[] words = line.trim().split(" ", -1);
        if (words.length >= 4 && words[0].equals("roundtrips")) {
          roundTrips.put(words[1], words);
          sources.put("rt " + words[1], runAt);
        } else if (words[0].startsWith("roundtrips-")) {
          System.out.println(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The table

  private String table() {
    List<String> rows = new ArrayList<>();
    rows.add("| # | case | idempotent4j (woven) | alternative | ratio | target | met |");
    rows.add("|---|---|---|---|---|---|---|");
    timeRatio(
        rows,
        "1",
        "local duplicate hit vs hand-written Caffeine",
        "LocalHitBenchmark.woven",
        "LocalHitBenchmark.handWrittenCaffeine",
        1.3);
    speedup(
        rows,
        "1",
        "local duplicate hit vs Spring @Cacheable over Caffeine",
        "LocalHitBenchmark.woven",
        "LocalHitBenchmark.springCacheable",
        4.0);
    roundTripRow(rows);
    speedup(
        rows,
        "2",
        "shared first execution vs hand-written Lettuce flow",
        "SharedFirstExecutionBenchmark.woven",
        "SharedFirstExecutionBenchmark.handWrittenLettuce",
        2.0);
    speedup(
        rows,
        "2",
        "shared first execution vs Redisson RLock + GET + SET",
        "SharedFirstExecutionBenchmark.woven",
        "SharedFirstExecutionBenchmark.redisson",
        1.0);
    timeRatio(
        rows,
        "3",
        "shared duplicate hit, local tier cold, vs one Lettuce GET",
        "SharedDuplicateHitBenchmark.woven",
        "SharedDuplicateHitBenchmark.lettuceGet",
        1.15);
    for (int threads : new int[] {1, 16, 64}) {
      throughput(rows, threads);
    }
    startupRow(rows);
    StringBuilder text = new StringBuilder(String.join("\n", rows)).append('\n');
    if (!roundTrips.isEmpty()) {
      text.append("\nRound trips per call (Redis MONITOR, client commands only, ")
          .append(RoundTrips.CALLS)
          .append(" sequential calls each):\n\n");
      roundTrips.forEach(
          (flow, words) -> {
            text.append("- `").append(flow).append("`: ").append(words[3]);
            text.append(mark("rt " + flow));
            if (words.length > 4) {
              text.append(" (")
                  .append(String.join(", ", List.of(words).subList(4, words.length)))
                  .append(')');
            }
            text.append('\n');
          });
    }
    if (!startup.isEmpty()) {
      text.append("\nStart-up medians")
          .append(mark("startup"))
          .append(" (start, one task call, exit; ")
          .append(options.getOrDefault("startup-runs", "20"))
          .append(" runs each):");
      startup.forEach(
          (variant, ms) -> text.append(String.format(Locale.ROOT, " %s %.1f ms;", variant, ms)));
      text.setLength(text.length() - 1);
      text.append(".\n");
    }
    text.append("\nScores are JMH means ± 99.9% error of one fork; ratios compare means.\n");
    return text.toString();
  }

  /** A row where smaller is better and the target bounds woven / alternative from above. */
  private void timeRatio(
      List<String> rows, String number, String name, String woven, String other, double most) {
    Score ours = scores.get(woven);
    Score theirs = scores.get(other);
    if (ours == null || theirs == null) {
      rows.add(row(number, name, "no result", "no result", "", "<= " + most + "x the time", ""));
      return;
    }
    double ratio = ours.score() / theirs.score();
    rows.add(
        row(
            number,
            name,
            score(ours),
            score(theirs),
            String.format(Locale.ROOT, "%.2fx the time", ratio),
            "<= " + most + "x the time",
            ratio <= most ? "yes" : "NO"));
  }

  /** A row where smaller is better and the target bounds alternative / woven from below. */
  private void speedup(
      List<String> rows, String number, String name, String woven, String other, double least) {
    Score ours = scores.get(woven);
    Score theirs = scores.get(other);
    String target = least == 1.0 ? "faster" : ">= " + least + "x faster";
    if (ours == null || theirs == null) {
      rows.add(row(number, name, "no result", "no result", "", target, ""));
      return;
    }
    double speedup = theirs.score() / ours.score();
    boolean met = least == 1.0 ? speedup > 1.0 : speedup >= least;
    rows.add(
        row(
            number,
            name,
            score(ours),
            score(theirs),
            String.format(Locale.ROOT, "%.2fx faster", speedup),
            target,
            met ? "yes" : "NO"));
  }

  private void roundTripRow(List<String> rows) {
    String[] ours = roundTrips.get("woven.first");
    String[] hand = roundTrips.get("handWritten.first");
    String[] redisson = roundTrips.get("redisson.first");
    if (ours == null) {
      rows.add(
          row(
              "2",
              "shared first execution: round trips per call",
              "no result",
              "",
              "",
              "<= 2",
              ""));
      return;
    }
    double count = Double.parseDouble(ours[3]);
    rows.add(
        row(
            "2",
            "shared first execution: round trips per call",
            ours[3] + mark("rt woven.first"),
            (hand == null ? "?" : hand[3])
                + " (Lettuce), "
                + (redisson == null ? "?" : redisson[3])
                + " (Redisson)",
            "",
            "<= 2",
            count <= 2.0 ? "yes" : "NO"));
  }

  private void throughput(List<String> rows, int threads) {
    Score ours = scores.get("ThroughputBenchmark.woven" + threads);
    Score theirs = scores.get("ThroughputBenchmark.handWritten" + threads);
    String name =
        "throughput, first executions, "
            + threads
            + " thread"
            + (threads > 1 ? "s" : "")
            + ", vs hand-written Lettuce flow";
    String target = threads == 16 ? ">= 1x" : "(reported)";
    if (ours == null || theirs == null) {
      rows.add(row("4", name, "no result", "no result", "", target, ""));
      return;
    }
    double ratio = ours.score() / theirs.score();
    rows.add(
        row(
            "4",
            name,
            score(ours),
            score(theirs),
            String.format(Locale.ROOT, "%.2fx the calls/s", ratio),
            target,
            threads == 16 ? (ratio >= 1.0 ? "yes" : "NO") : ""));
  }

  private void startupRow(List<String> rows) {
    String name = "agent start-up overhead vs plain Byte Buddy AgentBuilder agent";
    if (startup.isEmpty()) {
      rows.add(row("5", name, "no result", "no result", "", "<= 0.5x the overhead", ""));
      return;
    }
    double none = startup.get(StartupTimes.NONE);
    double ours = startup.get(StartupTimes.OURS) - none;
    double plain = startup.get(StartupTimes.PLAIN) - none;
    double ratio = ours / plain;
    rows.add(
        row(
            "5",
            name,
            String.format(Locale.ROOT, "+%.1f ms%s", ours, mark("startup")),
            String.format(Locale.ROOT, "+%.1f ms", plain),
            String.format(Locale.ROOT, "%.2fx the overhead", ratio),
            "<= 0.5x the overhead",
            ratio <= 0.5 ? "yes" : "NO"));
  }

  /** " *" for a result from an earlier run, else nothing. */
  private String mark(String source) {
    String at = sources.get(source);
    return at == null || at.equals(runAt) ? "" : " *";
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |";
  }

  private String score(Score result) {
    double error = Double.isNaN(result.error()) ? 0 : result.error();
    String mark = result.run().equals(runAt) ? "" : " *";
    if (result.unit().equals("ops/s")) {
      return String.format(Locale.ROOT, "%,.0f ± %,.0f calls/s%s", result.score(), error, mark);
    }
    String unit = result.unit().replace("/op", "").replace("us", "µs");
    return String.format(Locale.ROOT, "%.2f ± %.2f %s%s", result.score(), error, unit, mark);
  }

  // ---------------------------------------------------------------------------------------------
  // Results kept between runs, so that a later run of some cases can complete an earlier table

  /**
   * Saves every result of the table with the run it came from: {@code run <at> <machine>}, {@code
   * score <name> <at> <score> <error> <unit>}, {@code rt <at> roundtrips <flow> ...}, {@code
   * startup <at> <ms> <variant>}.
   */
  private void save(Path state, String machine) {
    List<String> lines = new ArrayList<>();
    lines.add("run " + runAt + " " + machine.trim());
    runs.forEach((at, line) -> lines.add("run " + at + " " + line));
    scores.forEach(
        (name, s) ->
            lines.add(
                String.format(
                    Locale.ROOT,
                    "score %s %s %s %s %s",
                    name,
                    s.run(),
                    s.score(),
                    s.error(),
                    s.unit())));
    roundTrips.forEach(
        (flow, words) ->
            lines.add("rt " + sources.get("rt " + flow) + " " + String.join(" ", words)));
    startup.forEach(
        (variant, ms) -> lines.add("startup " + sources.get("startup") + " " + ms + " " + variant));
    try {
      Files.createDirectories(state.toAbsolutePath().getParent());
      Files.write(state, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Takes from the saved state every result this run did not produce. */
  private void merge(Path state) {
    if (!Files.exists(state)) {
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean startupMeasured = !startup.isEmpty();
    for (String line : lines) {
      String[] w = line.split(" ");
      if (w[0].equals("run") && !w[1].equals(runAt)) {
        runs.putIfAbsent(w[1], line.split(" ", 3)[2]);
      } else if (w[0].equals("score") && !scores.containsKey(w[1])) {
        scores.put(w[1], new Score(Double.parseDouble(w[3]), Double.parseDouble(w[4]), w[5], w[2]));
      } else if (w[0].equals("rt") && !roundTrips.containsKey(w[3])) {
        roundTrips.put(w[3], List.of(w).subList(2, w.length).toArray(new String[0]));
        sources.put("rt " + w[3], w[1]);
      } else if (w[0].equals("startup") && !startupMeasured) {
        startup.put(line.split(" ", 4)[3], Double.parseDouble(w[2]));
        sources.put("startup", w[1]);
      }
    }
  }

  /** The earlier runs whose results the table shows. */
  private Map<String, String> earlierRunsShown() {
    Map<String, String> shown = new LinkedHashMap<>();
    List<String> stamps = new ArrayList<>(sources.values());
    scores.values().forEach(s -> stamps.add(s.run()));
    for (String at : stamps) {
      if (!at.equals(runAt) && runs.containsKey(at)) {
        shown.put(at, runs.get(at));
      }
    }
    return shown;
  }

  // ---------------------------------------------------------------------------------------------
  // Machine and document

  private String machine(String loadBefore) {
    return String.format(
        Locale.ROOT,
        "Run of %s on %d cores (%s), %s %s, %s; load average before %s, after %s.%n",
        runAt,
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        loadBefore,
        loadAverage());
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    try {
      String[] words = Files.readString(Path.of("/proc/loadavg")).split(" ", -1);
      return words[0] + " " + words[1] + " " + words[2];
    } catch (IOException e) {
      return String.format(Locale.ROOT, "%.2f", load);
    }
  }

  /** Replaces the text between the markers, or appends the block if the markers are missing. */
  private static void write(Path doc, String report) {
    try {
      String block = BEGIN + "\n" + report + END;
      String text = Files.exists(doc) ? Files.readString(doc) : "# Performance\n\n";
      int begin = text.indexOf(BEGIN);
      int end = text.indexOf(END);
      if (begin >= 0 && end > begin) {
        text = text.substring(0, begin) + block + text.substring(end + END.length());
      } else {
        text = text + "\n" + block + "\n";
      }
      Files.writeString(doc, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
