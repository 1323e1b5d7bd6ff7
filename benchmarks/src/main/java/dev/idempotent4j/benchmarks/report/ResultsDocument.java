package dev.idempotent4j.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run measured on, and the generated block of {@code docs/PERFORMANCE.md}: the text
 * between {@link #BEGIN} and {@link #END} is replaced by each run (appended if the markers are
 * missing); everything outside them is left as written.
 *
 * <pre>{@code
 * String load = ResultsDocument.loadAverage();
 * ResultsDocument.write(Path.of("docs/PERFORMANCE.md"), report);
 * }</pre>
 */
final class ResultsDocument {

  static final String BEGIN = "<!-- BEGIN GENERATED RESULTS (benchmarks/run.sh) -->";
  static final String END = "<!-- END GENERATED RESULTS -->";

  private ResultsDocument() {}

  /** One line: when, on what, the JDK, the load before and now. */
  static String machine(String runAt, String loadBefore) {
    return String.format(
        Locale.ROOT,
        "Run of %s on %d cores (%s), %s %s, %s; load average before %s, after %s.",
        runAt,
        machineCores(),
        cpuModel(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        loadBefore,
        loadAverage());
  }

  static String loadAverage() {
    try {
      String[] words = Files.readString(Path.of("/proc/loadavg")).split(" ", -1);
      return words[0] + " " + words[1] + " " + words[2];
    } catch (IOException e) {
      return String.format(
          Locale.ROOT,
          "%.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** The machine's cores, not this JVM's: run.sh pins the report JVM to one of them. */
  private static long machineCores() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("processor"))
          .count();
    } catch (IOException e) {
      return Runtime.getRuntime().availableProcessors();
    }
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

  /** Replaces the text between the markers, or appends the block if the markers are missing. */
  static void write(Path doc, String report) {
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
