package dev.idempotent4j.benchmarks.report;

import dev.idempotent4j.benchmarks.startup.StartupMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Case 5, agent start-up: launches {@link StartupMain} (start, call one task, exit) with no agent,
 * with the idempotent4j agent and with the plain Byte Buddy agent, round-robin so that a change of
 * machine load hits all three alike, and reports each one's median wall time. The overhead of an
 * agent is its median minus the median without an agent.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.idempotent4j.benchmarks.report.StartupTimes \
 *   agent/target/idempotent4j-agent-0.1.0-SNAPSHOT.jar \
 *   benchmarks/target/plain-bytebuddy-agent.jar 20
 * </pre>
 */
public final class StartupTimes {

  static final String NONE = "no agent";
  static final String OURS = "idempotent4j agent";
  static final String PLAIN = "plain Byte Buddy agent";
  private static final int WARMUP = 3;

  private StartupTimes() {}

  public static void main(String[] args) {
    Map<String, Double> medians =
        measure(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]));
    medians.forEach((variant, ms) -> System.out.printf("%-24s %8.1f ms%n", variant, ms));
  }

  /** Median milliseconds per variant, in the order none, ours, plain. */
  static Map<String, Double> measure(Path agent, Path plainAgent, int runs) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = jarOf(StartupMain.class);
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put(NONE, List.of(java, "-cp", classpath, StartupMain.class.getName()));
    commands.put(
        OURS, List.of(java, "-javaagent:" + agent, "-cp", classpath, StartupMain.class.getName()));
    commands.put(
        PLAIN,
        List.of(java, "-javaagent:" + plainAgent, "-cp", classpath, StartupMain.class.getName()));
    Map<String, double[]> times = new LinkedHashMap<>();
    commands.keySet().forEach(variant -> times.put(variant, new double[runs]));
    for (int run = -WARMUP; run < runs; run++) {
      for (Map.Entry<String, List<String>> command : commands.entrySet()) {
        double ms = launch(command.getValue());
        if (run >= 0) {
          times.get(command.getKey())[run] = ms;
        }
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    times.forEach((variant, samples) -> medians.put(variant, median(samples)));
    return medians;
  }

  private static double launch(List<String> command) {
    try {
      long start = System.nanoTime();
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      int exit = process.waitFor();
      double ms = (System.nanoTime() - start) / 1e6;
      String text = new String(output, StandardCharsets.UTF_8);
      if (exit != 0 || !text.contains("hello startup")) {
        throw new IllegalStateException(
            "Start-up run failed (exit " + exit + "): " + String.join(" ", command) + "\n" + text);
      }
      return ms;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static double median(double[] samples) {
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static String jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
