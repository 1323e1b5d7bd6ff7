package dev.idempotent4j.processor.sideeffect;

import dev.idempotent4j.processor.IdempotentTaskProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Measures what the side-effect check adds to javac's time on a generated project. Not a test (no
 * timing assertions): run it by hand and read the ratio.
 *
 * <pre>{@code
 * mvn -q -o test-compile -pl processor -am
 * mvn -q -o dependency:build-classpath -pl processor -Dmdep.outputFile=/tmp/cp.txt
 * java -cp processor/target/test-classes:processor/target/classes:$(cat /tmp/cp.txt) \
 *     dev.idempotent4j.processor.sideeffect.CompileCost 500 10
 * }</pre>
 *
 * <p>Compiles the same project in one JVM, alternating three set-ups so that JIT warm-up and
 * machine noise hit all of them alike: without processors ({@code -proc:none}), with the processor
 * and the check off ({@code -Aidempotent4j.sideEffects=off}), and with the check on. Prints the
 * median wall time and javac-thread CPU time of each and the ratios (CPU time is the steadier
 * number on a shared machine).
 */
public final class CompileCost {

  private static final List<String> MODES = List.of("none", "off", "error");
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CompileCost() {}

  /**
   * Runs the measurement.
   *
   * @param args number of classes (default 500), then measured rounds (default 10)
   * @throws IOException if the temporary project cannot be written
   */
  public static void main(String[] args) throws IOException {
    int classes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int warmup = 3;
    Path dir = Files.createTempDirectory("i4j-cost");
    List<Path> sources = GeneratedProject.write(dir.resolve("src"), classes, false);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    long[][] times = new long[MODES.size()][rounds];
    long[][] cpu = new long[MODES.size()][rounds];
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, null)) {
      for (int round = -warmup; round < rounds; round++) {
        for (int m = 0; m < MODES.size(); m++) {
          long cpuBefore = THREADS.getCurrentThreadCpuTime();
          long nanos = compile(javac, files, sources, dir.resolve("out-" + m), MODES.get(m));
          if (round >= 0) {
            times[m][round] = nanos;
            cpu[m][round] = THREADS.getCurrentThreadCpuTime() - cpuBefore;
          }
        }
      }
    }
    long none = median(times[0]);
    long off = median(times[1]);
    long on = median(times[2]);
    System.out.printf(
        Locale.ROOT,
        "%d classes, %d rounds (median ms): -proc:none %d," + " check off %d, check on %d%n",
        classes,
        rounds,
        none / 1_000_000,
        off / 1_000_000,
        on / 1_000_000);
    System.out.printf(
        Locale.ROOT,
        "wall: check on / check off = %.3f; check on / -proc:none =" + " %.3f%n",
        (double) on / off,
        (double) on / none);
    long cpuNone = median(cpu[0]);
    long cpuOff = median(cpu[1]);
    long cpuOn = median(cpu[2]);
    System.out.printf(
        Locale.ROOT,
        "javac thread cpu (median ms): -proc:none %d, check off %d,"
            + " check on %d; check on / check off = %.3f%n",
        cpuNone / 1_000_000,
        cpuOff / 1_000_000,
        cpuOn / 1_000_000,
        (double) cpuOn / cpuOff);
  }

  private static long compile(
      JavaCompiler javac, StandardJavaFileManager files, List<Path> sources, Path out, String mode)
      throws IOException {
    Files.createDirectories(out);
    List<String> options =
        new ArrayList<>(
            List.of(
                "-d",
                out.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "--release",
                "17",
                "-Xlint:-options",
                "-implicit:none"));
    if (mode.equals("none")) {
      options.add("-proc:none");
    } else {
      options.add("-Aidempotent4j.sideEffects=" + mode);
    }
    StringWriter diagnostics = new StringWriter();
    JavaCompiler.CompilationTask task =
        javac.getTask(
            diagnostics, files, null, options, null, files.getJavaFileObjectsFromPaths(sources));
    if (!mode.equals("none")) {
      task.setProcessors(List.of(new IdempotentTaskProcessor()));
    }
    long start = System.nanoTime();
    boolean ok = task.call();
    long nanos = System.nanoTime() - start;
    if (!ok) {
      throw new IllegalStateException("generated project did not compile:\n" + diagnostics);
    }
    return nanos;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
