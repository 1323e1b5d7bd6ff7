package dev.idempotent4j.runtime.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.Idempotency;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: the runtime must load and run without it. Two checks: no
 * class outside this package names a Micrometer type, and a task runs in a class loader that has
 * every jar of the test class path except Micrometer's.
 */
class NoMicrometerTest {

  @Test
  void noRuntimeClassOutsideThisPackageNamesMicrometer() throws Exception {
    Path classes =
        Path.of(Idempotency.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file :
          files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
        String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
        if (name.startsWith("dev/idempotent4j/runtime/micrometer/")) {
          continue;
        }
        // Type names in a class file's constant pool are UTF-8 text: io/micrometer/...
        if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
            .contains("io/micrometer")) {
          offenders.add(name);
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void aTaskRunsWithoutMicrometerOnTheClassPath() throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(classPathWithoutMicrometer(), ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> idempotency = loader.loadClass(Idempotency.class.getName());
      try {
        Object first =
            idempotency
                .getMethod("run", String.class, String.class, Supplier.class)
                .invoke(null, "NoMicrometer.task", "k", (Supplier<String>) () -> "first");
        Object second =
            idempotency
                .getMethod("run", String.class, String.class, Supplier.class)
                .invoke(null, "NoMicrometer.task", "k", (Supplier<String>) () -> "second");
        Object metrics = idempotency.getMethod("metrics").invoke(null);

        assertThat(first).isEqualTo("first");
        assertThat(second).isEqualTo("first");
        assertThat(metrics.toString()).contains("executed=1", "localHits=1");
      } finally {
        idempotency.getMethod("reset").invoke(null);
      }
    }
  }

  private static URL[] classPathWithoutMicrometer() throws IOException, URISyntaxException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("micrometer")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    return urls.toArray(URL[]::new);
  }
}
