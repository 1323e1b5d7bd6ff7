package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.testsupport.PackageCycles;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages form the layering written in {@code dev.idempotent4j.runtime}'s package
 * documentation, read from the compiled classes: no cycles, and each lower package refers to
 * nothing above it.
 */
class LayeringTest {

  private static final String ROOT = "dev.idempotent4j.runtime";

  private final PackageCycles graph = PackageCycles.of(classes(), ROOT);

  @Test
  void noPackageCycles() {
    assertThat(graph.cycles()).isEmpty();
  }

  @Test
  void eachPackageUsesOnlyThePackagesBelowIt() {
    Map<String, Set<String>> uses = graph.dependencies();
    assertThat(uses).containsKeys(ROOT, ROOT + ".spi", ROOT + ".store", ROOT + ".codec");
    // The contract with generated code and the store SPI are the bottom: they name nothing above.
    assertThat(uses.get(ROOT + ".spi")).isEmpty();
    assertThat(uses.get(ROOT + ".store")).isEmpty();
    assertThat(uses.get(ROOT + ".codec")).containsOnly(ROOT + ".spi");
    // The engine reaches stores only through the store SPI: no adapter is named by it.
    assertThat(uses.get(ROOT)).doesNotContain(ROOT + ".redis");
    // A store adapter sits on top: the SPI it implements and the API exceptions it throws.
    assertThat(uses.get(ROOT + ".redis")).containsOnly(ROOT, ROOT + ".store");
  }

  private static Path classes() {
    try {
      return Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
