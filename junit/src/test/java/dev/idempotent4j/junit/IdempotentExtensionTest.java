package dev.idempotent4j.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.agent.IdempotencyAgent;
import dev.idempotent4j.runtime.WeavingCheck;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A user's test with the extension, in a JVM started without {@code -javaagent}: the task it calls
 * deduplicates.
 */
@ExtendWith(IdempotentExtension.class)
class IdempotentExtensionTest {

  // A field of the task's type: the class is loaded before the extension attaches the agent, so
  // it must be retransformed, not merely woven when it loads.
  private final Greeter greeter = new Greeter();

  @Test
  void theTaskUnderTestRunsOncePerKey() {
    String name = "ann-" + UUID.randomUUID();
    int before = Greeter.RUNS.get();

    String first = greeter.greet(name);
    String second = greeter.greet(name);

    assertThat(second).isEqualTo(first);
    assertThat(Greeter.RUNS.get() - before).isEqualTo(1);
  }

  @Test
  void theAgentIsAttachedAndNothingListedIsBare() {
    assertThat(IdempotencyAgent.isInstalled()).isTrue();
    assertThat(WeavingCheck.unwovenTasks(getClass().getClassLoader())).isEmpty();
  }

  @Test
  void aTaskLeftBareFailsTheTestClassNamingIt() {
    assertThatThrownBy(() -> IdempotentExtension.requireWoven(List.of("com.acme.Payments.charge")))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("com.acme.Payments.charge")
        .hasMessageContaining("would run without deduplication");
  }
}
