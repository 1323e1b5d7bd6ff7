package dev.idempotent4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.AllowUnkeyed;
import dev.idempotent4j.IdempotentTask;
import dev.idempotent4j.OnInProgress;
import dev.idempotent4j.SideEffect;
import org.junit.jupiter.api.Test;

/** The names are strings so that users of them load nothing; here they meet the real types. */
class AnnotationNamesTest {

  @Test
  void namesAreTheTypesNames() {
    assertThat(AnnotationNames.IDEMPOTENT_TASK).isEqualTo(IdempotentTask.class.getName());
    assertThat(AnnotationNames.SIDE_EFFECT).isEqualTo(SideEffect.class.getName());
    assertThat(AnnotationNames.ALLOW_UNKEYED).isEqualTo(AllowUnkeyed.class.getName());
    assertThat(AnnotationNames.ON_IN_PROGRESS).isEqualTo(OnInProgress.class.getName());
  }

  @Test
  void descriptorIsTheClassFileFormOfTheName() {
    assertThat(AnnotationNames.IDEMPOTENT_TASK_DESCRIPTOR)
        .isEqualTo("L" + IdempotentTask.class.getName().replace('.', '/') + ";");
  }
}
