package dev.idempotent4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds the {@code redis-server} the fixture runs: the system property {@code
 * idempotent4j.test.redis-server} if set, else the one on {@code PATH}, else the binary that the
 * {@code com.github.codemonstur:embedded-redis} test dependency ships (Redis 6.2, Linux and macOS).
 * If none is found the fixture fails: a Redis test never skips.
 *
 * <pre>{@code
 * Path binary = RedisBinary.find();
 * }</pre>
 */
public final class RedisBinary {
  /** Set to a path to force a particular redis-server. */
  public static final String PROPERTY = "idempotent4j.test.redis-server";

  private static volatile Path embedded;

  private RedisBinary() {}

  /**
   * The redis-server to use.
   *
   * @throws IllegalStateException if there is none (install redis-server, e.g. {@code apt-get
   *     install redis-server})
   */
  public static Path find() {
    String forced = System.getProperty(PROPERTY);
    if (forced != null && !forced.isBlank()) {
      Path path = Path.of(forced);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(PROPERTY + " = '" + forced + "' is not an executable");
      }
      return path;
    }
    String pathVariable = System.getenv("PATH");
    if (pathVariable != null) {
      for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return embedded();
  }

  /**
   * The binary shipped by embedded-redis, copied to a temporary file once per JVM.
   *
   * @throws IllegalStateException if embedded-redis has none for this OS and architecture
   */
  public static Path embedded() {
    Path copy = embedded;
    if (copy != null) {
      return copy;
    }
    String resource = embeddedResource();
    try (InputStream in = RedisBinary.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "No redis-server on PATH and embedded-redis is not on the test class path (or lacks "
                + resource
                + "): install redis-server (apt-get install redis-server) or set -D"
                + PROPERTY);
      }
      Path file = Files.createTempFile("idempotent4j-redis-server-", "");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      if (!file.toFile().setExecutable(true, true)) {
        throw new IllegalStateException("Cannot make " + file + " executable");
      }
      file.toFile().deleteOnExit();
      embedded = file;
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String embeddedResource() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    boolean arm = arch.contains("aarch64") || arch.contains("arm64");
    if (os.contains("linux")) {
      return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
    }
    if (os.contains("mac")) {
      return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
    }
    throw new IllegalStateException(
        "No redis-server on PATH and no embedded one for "
            + os
            + "/"
            + arch
            + ": install redis-server or set -D"
            + PROPERTY);
  }
}
