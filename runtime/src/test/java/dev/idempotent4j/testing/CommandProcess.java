package dev.idempotent4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code dev.idempotent4j.runtime.OperationsCommand} as an operator would: a separate {@code
 * java} process on this test's class path, settings as {@code -Didempotent4j.*} properties.
 *
 * <pre>{@code
 * CommandProcess.Result r = CommandProcess.run(Map.of("redis", uri), "show", "Task", "k");
 * }</pre>
 */
public final class CommandProcess {
  private CommandProcess() {}

  /** What the process printed and its exit status. */
  public record Result(int status, String out, String err) {}

  /** Runs the command with {@code settings} (by setting name) and {@code args}. */
  public static Result run(Map<String, String> settings, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    settings.forEach((name, value) -> command.add("-Didempotent4j." + name + "=" + value));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.idempotent4j.runtime.OperationsCommand");
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().keySet().removeIf(name -> name.startsWith("IDEMPOTENT4J_"));
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      byte[] err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the command did not end within 60 s: " + command);
      }
      return new Result(
          process.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
