package dev.idempotent4j.processor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.processor.IdempotentTaskProcessor;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the processor depend on each other, directly or through others: the
 * processor's package depends on the others, they never on it, and shared knowledge sits in the
 * leaf packages ({@code diagnostic}, {@code lang}, {@code model}). Reads the compiled classes, so
 * it sees every dependency javac wrote, not only imports.
 */
class PackageCycleTest {

  private static final String ROOT = "dev.idempotent4j.processor";

  @Test
  void processorPackagesHaveNoCycles() throws URISyntaxException {
    Map<String, Set<String>> graph = ClassFileDependencies.packageGraph(mainClasses(), ROOT);

    assertThat(graph).containsKeys(ROOT, ROOT + ".check", ROOT + ".sideeffect");
    assertThat(PackageCycles.of(graph)).as("package cycles in %s", graph).isEmpty();
  }

  @Test
  void theCycleSearchFindsACycle() {
    Map<String, Set<String>> graph =
        Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));

    assertThat(PackageCycles.of(graph)).containsExactly(Set.of("a", "b", "c"));
  }

  /** The processor's main classes: the directory (or jar) its own class was loaded from. */
  private static Path mainClasses() throws URISyntaxException {
    return Path.of(
        IdempotentTaskProcessor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
