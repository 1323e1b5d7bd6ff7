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

  /**
   * The application: one execution and one local replay; with {@code wait}, only once a line
   * arrives on standard input (after {@code JFR.start}), then it waits for a second line to exit.
   */
  public static void main(String[] args) throws IOException {
    java.io.BufferedReader in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
    boolean waits = args.length > 0;
    if (waits) {
      System.out.println("ready");
      System.out.flush();
      in.readLine();
    }
    Idempotency.run("Cli.task", "k", () -> "first");
    Idempotency.run("Cli.task", "k", () -> "second");
    if (waits) {
      System.out.println("ran");
      System.out.flush();
      in.readLine();
    }
    Idempotency.shutdown();
  }

  @Test
  void jcmdJfrStartAndStopRecordARunningJvm() throws Exception {
    Path file = dir.resolve("i4j.jfr");
    String bin = Path.of(System.getProperty("java.home"), "bin").toString();
    Process app =
        new ProcessBuilder(
                Path.of(bin, "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FlightRecorderCommandLineTest.class.getName(),
                "wait")
            .redirectErrorStream(true)
            .start();
    try (java.io.BufferedReader out =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        java.io.Writer in =
            new java.io.OutputStreamWriter(app.getOutputStream(), StandardCharsets.UTF_8)) {
      assertThat(out.readLine()).isEqualTo("ready");
      String pid = Long.toString(app.pid());
      run(
          List.of(
              Path.of(bin, "jcmd").toString(), pid, "JFR.start", "name=i4j", "filename=" + file));
      in.write("go\n");
      in.flush();
      assertThat(out.readLine()).isEqualTo("ran");
      run(List.of(Path.of(bin, "jcmd").toString(), pid, "JFR.stop", "name=i4j"));
      in.write("exit\n");
      in.flush();
      assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      app.destroy();
    }

    String events =
        run(
            List.of(
                Path.of(bin, "jfr").toString(),
                "print",
                "--categories",
                "idempotent4j",
                file.toString()));

    assertThat(events).contains("dev.idempotent4j.Execution", "dev.idempotent4j.Replay");
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
