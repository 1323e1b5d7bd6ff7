package dev.idempotent4j.spring.boot.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A bad property stops the demo application with the analyzer's report, as a user sees it. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

  @AfterEach
  void reset() {
    Idempotency.reset();
  }

  @Test
  void aBadPropertyStopsStartUpWithAReportThatNamesItAndWhereItWasSet(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(DemoApplication.class)
                    .web(WebApplicationType.NONE)
                    .run("--idempotent4j.local.max-size=0"))
        .hasRootCauseInstanceOf(IdempotencyConfigurationException.class);

    assertThat(output)
        .contains(
            "APPLICATION FAILED TO START",
            "idempotent4j setting 'local.max-size' = '0'",
            "it must be at least 1",
            "Set as idempotent4j.local.max-size in",
            "Change the idempotent4j.* property named above");
  }
}
