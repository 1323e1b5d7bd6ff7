package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.agent.testing.ForkedJvm;
import dev.idempotent4j.fixture.LateInstall;
import org.junit.jupiter.api.Test;

/** Self-attach after a processed task class was loaded: the class is retransformed and woven. */
class LateInstallIT {

  @Test
  void aTaskClassLoadedBeforeTheAgentIsWovenWhenItAttaches() {
    ForkedJvm.Result result =
        ForkedJvm.withAgentOnClassPath()
            .systemProperty("idempotent4j.agent.verbose", "true")
            .mainClass(LateInstall.class)
            .run();

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.value("before")).isEqualTo("1,2");
    assertThat(result.value("after")).isEqualTo("3,3");
    assertThat(result.value("voidRuns")).isEqualTo("3");
    assertThat(result.stderr())
        .contains("[idempotent4j] wove dev.idempotent4j.fixture.Tasks (retransformed)");
  }
}
