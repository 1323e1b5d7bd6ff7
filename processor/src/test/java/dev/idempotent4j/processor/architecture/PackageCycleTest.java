package dev.idempotent4j.processor.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.processor.IdempotentTaskProcessor;
import dev.idempotent4j.testsupport.PackageCycles;
import java.net.URISyntaxException;
import java.nio.file.Path;
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
    PackageCycles graph = PackageCycles.of(mainClasses(), ROOT);

    assertThat(graph.dependencies()).containsKeys(ROOT, ROOT + ".check", ROOT + ".sideeffect");
    assertThat(graph.cycles()).isEmpty();
  }

  /** The processor's main classes: the directory its own class was loaded from. */
  private static Path mainClasses() throws URISyntaxException {
    return Path.of(
        IdempotentTaskProcessor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
