package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's JFR instructions, as an operator runs them: a JVM started with {@code
 * -XX:StartFlightRecording=filename=...,settings=profile} runs tasks, and {@code jfr print
 * --categories idempotent4j} and {@code jfr print --events dev.idempotent4j.Replay} show the
 * events.
 */
class FlightRecorderCommandLineTest {

  @TempDir Path dir;

  /** The application: one execution and one local replay. */
  public static void main(String[] args) {
    Idempotency.run("Cli.task", "k", () -> "first");
    Idempotency.run("Cli.task", "k", () -> "second");
    Idempotency.shutdown();
  }

  @Test
  void startFlightRecordingRecordsTheEventsAndJfrPrintShowsThem() throws Exception {
    Path file = dir.resolve("app.jfr");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    run(
        List.of(
            java,
            "-XX:StartFlightRecording=filename=" + file + ",settings=profile",
            "-cp",
            System.getProperty("java.class.path"),
            FlightRecorderCommandLineTest.class.getName()));
    String jfr = Path.of(System.getProperty("java.home"), "bin", "jfr").toString();

    String category = run(List.of(jfr, "print", "--categories", "idempotent4j", file.toString()));
    String replays =
        run(List.of(jfr, "print", "--events", "dev.idempotent4j.Replay", file.toString()));

    assertThat(category)
        .contains("dev.idempotent4j.Execution", "dev.idempotent4j.Replay", "task = \"Cli.task\"")
        .contains("outcome = \"completed\"");
    assertThat(replays).contains("tier = \"local\"").doesNotContain("dev.idempotent4j.Execution");
  }

  private String run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
    return output;
  }
}
