package dev.idempotent4j.agent.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a main class in a fresh JVM, by default with the packaged agent attached through {@code
 * -javaagent}, and collects its output. Several may run at once (multi-JVM races): {@link #start()}
 * returns a handle, {@link Running#await()} its result. Every run has a hard timeout after which
 * the JVM is killed and the run fails.
 *
 * <pre>{@code
 * ForkedJvm.Result result =
 *     ForkedJvm.withAgent("prefix=test").mainClass(Scenarios.class).args("same-key").run();
 * assertThat(result.exitCode()).isZero();
 * assertThat(result.stdout()).contains("executions=1");
 * }</pre>
 *
 * <p>The child's class path is this JVM's class path without the agent's own classes and without
 * the libraries it shades (ASM, Byte Buddy's attach library), so the agent classes come only from
 * the shaded jar, as in production.
 */
public final class ForkedJvm {

  /** System property (set by failsafe) holding the path of the packaged agent jar. */
  public static final String AGENT_JAR_PROPERTY = "idempotent4j.test.agent-jar";

  private final List<String> jvmOptions = new ArrayList<>();
  private final List<String> classPath = new ArrayList<>(testClassPath());
  private final List<String> args = new ArrayList<>();
  private String mainClass;
  private Duration timeout = Duration.ofSeconds(90);
  private String javaHome = System.getProperty("java.home");

  private ForkedJvm() {}

  /** A JVM with {@code -javaagent:<agent jar>[=agentArgs]}; {@code agentArgs} may be null. */
  public static ForkedJvm withAgent(String agentArgs) {
    ForkedJvm jvm = new ForkedJvm();
    String agent = agentJar().toString();
    jvm.jvmOptions.add("-javaagent:" + agent + (agentArgs == null ? "" : "=" + agentArgs));
    return jvm;
  }

  /** A JVM without {@code -javaagent}; the agent jar is on its class path (for self-attach). */
  public static ForkedJvm withAgentOnClassPath() {
    ForkedJvm jvm = new ForkedJvm();
    jvm.classPath.add(0, agentJar().toString());
    jvm.jvmOptions.add("-XX:+EnableDynamicAgentLoading");
    return jvm;
  }

  /** A JVM without the agent at all. */
  public static ForkedJvm bare() {
    return new ForkedJvm();
  }

  /** The packaged, shaded agent jar. */
  public static Path agentJar() {
    String jar = System.getProperty(AGENT_JAR_PROPERTY);
    if (jar == null || !Files.isRegularFile(Paths.get(jar))) {
      throw new IllegalStateException(
          "System property "
              + AGENT_JAR_PROPERTY
              + " must name the packaged agent jar (failsafe sets it after 'package'), was "
              + jar);
    }
    return Paths.get(jar);
  }

  public ForkedJvm mainClass(Class<?> main) {
    this.mainClass = main.getName();
    return this;
  }

  public ForkedJvm mainClass(String main) {
    this.mainClass = main;
    return this;
  }

  public ForkedJvm args(String... more) {
    Collections.addAll(args, more);
    return this;
  }

  public ForkedJvm jvmOption(String option) {
    jvmOptions.add(option);
    return this;
  }

  public ForkedJvm systemProperty(String name, String value) {
    return jvmOption("-D" + name + "=" + value);
  }

  public ForkedJvm classPathEntry(Path entry) {
    classPath.add(entry.toString());
    return this;
  }

  public ForkedJvm timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Runs with the JDK at {@code javaHome} instead of the one running the tests. */
  public ForkedJvm javaHome(String javaHome) {
    this.javaHome = javaHome;
    return this;
  }

  /** The full command line. */
  public List<String> command() {
    if (mainClass == null) {
      throw new IllegalStateException("mainClass(...) is required");
    }
    List<String> command = new ArrayList<>();
    command.add(Paths.get(javaHome, "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** Starts the JVM and returns at once. */
  public Running start() {
    try {
      Process process = new ProcessBuilder(command()).start();
      return new Running(process, timeout);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command(), e);
    }
  }

  /** Starts the JVM and waits for it to end. */
  public Result run() {
    return start().await();
  }

  private static List<String> testClassPath() {
    // Leave out the agent's unshaded classes and libraries: with them first on the class path,
    // -javaagent would load the unshaded agent and the test would prove nothing about the jar.
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .filter(entry -> !Paths.get(entry).getFileName().toString().startsWith("byte-buddy"))
        .filter(entry -> !Paths.get(entry).getFileName().toString().startsWith("asm-"))
        .filter(entry -> !isAgentMainOutput(Paths.get(entry)))
        .collect(Collectors.toList());
  }

  private static boolean isAgentMainOutput(Path entry) {
    Path name = entry.getFileName();
    if (name.toString().startsWith("idempotent4j-agent")) {
      return true;
    }
    // agent/target/classes in the reactor (surefire puts the module's classes on the path)
    return name.toString().equals("classes")
        && entry.getParent() != null
        && entry.getParent().getParent() != null
        && entry.getParent().getParent().getFileName().toString().equals("agent")
        && Files.isDirectory(entry.resolve("dev/idempotent4j/agent"));
  }

  /** A started JVM. */
  public static final class Running {
    private final Process process;
    private final Duration timeout;
    private final CompletableFuture<List<String>> stdout;
    private final CompletableFuture<List<String>> stderr;

    private Running(Process process, Duration timeout) {
      this.process = process;
      this.timeout = timeout;
      this.stdout = readLines(process.getInputStream());
      this.stderr = readLines(process.getErrorStream());
    }

    /**
     * Waits for the JVM to end; kills it and throws if it runs past the timeout.
     *
     * @throws AssertionError on timeout, with the output collected so far
     */
    public Result await() {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          throw new AssertionError(
              "forked JVM did not end within "
                  + timeout
                  + "; killed. stdout: "
                  + stdout.getNow(List.of())
                  + " stderr: "
                  + stderr.getNow(List.of()));
        }
        return new Result(process.exitValue(), stdout.join(), stderr.join());
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for the forked JVM", e);
      }
    }

    private static CompletableFuture<List<String>> readLines(InputStream stream) {
      CompletableFuture<List<String>> lines = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                List<String> read = new ArrayList<>();
                try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    read.add(line);
                  }
                } catch (IOException e) {
                  read.add("<read failed: " + e + ">");
                }
                lines.complete(read);
              },
              "forked-jvm-output");
      reader.setDaemon(true);
      reader.start();
      return lines;
    }
  }

  /** How a forked JVM ended. */
  public record Result(int exitCode, List<String> stdout, List<String> stderr) {

    /** The stdout lines that start with {@code prefix}, prefix removed. */
    public List<String> linesStartingWith(String prefix) {
      return stdout.stream()
          .filter(line -> line.startsWith(prefix))
          .map(line -> line.substring(prefix.length()))
          .collect(Collectors.toList());
    }

    /** The one stdout line {@code name=value}'s value. */
    public String value(String name) {
      List<String> values = linesStartingWith(name + "=");
      if (values.size() != 1) {
        throw new AssertionError("expected one line '" + name + "=...' in " + this);
      }
      return values.get(0);
    }

    @Override
    public String toString() {
      return "exit "
          + exitCode
          + "\nstdout:\n"
          + String.join("\n", stdout)
          + "\nstderr:\n"
          + String.join("\n", stderr);
    }
  }
}
