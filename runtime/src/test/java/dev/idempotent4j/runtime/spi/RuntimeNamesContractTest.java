package dev.idempotent4j.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.contract.RuntimeNames;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Generated code names these runtime types and constants through {@link RuntimeNames}; a type moved
 * or a constant renamed here must fail this test, not every user's build.
 */
class RuntimeNamesContractTest {

  @Test
  void everyNamedTypeExists() throws ClassNotFoundException {
    for (String name : RuntimeNames.TYPES) {
      assertThat(Class.forName(name, false, getClass().getClassLoader())).isNotNull();
    }
    assertThat(RuntimeNames.KEY_BUILDER_ESCAPES)
        .isEqualTo(KeyBuilder.Escapes.class.getCanonicalName());
  }

  @Test
  void theAgentsInternalNamesAreTheSameTypes() {
    assertThat(RuntimeNames.TASK_INVOKER_INTERNAL)
        .isEqualTo(RuntimeNames.TASK_INVOKER.replace('.', '/'));
    assertThat(RuntimeNames.REPLAY_INTERNAL).isEqualTo(Replay.class.getName().replace('.', '/'));
    assertThat(RuntimeNames.WOVEN_DESCRIPTOR)
        .isEqualTo("L" + Woven.class.getName().replace('.', '/') + ";");
  }

  @Test
  void returnKindsAreTheEnumsConstantsInOrder() {
    assertThat(RuntimeNames.RETURN_KINDS)
        .containsExactlyElementsOf(
            Arrays.stream(ReturnKind.values()).map(ReturnKind::name).toList());
    assertThat(RuntimeNames.RETURN_KIND).isEqualTo(ReturnKind.class.getName());
  }

  @Test
  void returnKindOfATypeMatchesTheEnum() {
    assertThat(RuntimeNames.returnKind("void")).isEqualTo(ReturnKind.VOID.name());
    assertThat(RuntimeNames.returnKind(CompletableFuture.class.getName()))
        .isEqualTo(ReturnKind.COMPLETABLE_FUTURE.name());
    assertThat(RuntimeNames.returnKind(CompletionStage.class.getName()))
        .isEqualTo(ReturnKind.COMPLETION_STAGE.name());
    assertThat(RuntimeNames.returnKind(String.class.getName())).isEqualTo(ReturnKind.VALUE.name());
  }
}
