package dev.idempotent4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.TaskInvoker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class IdempotencyConfigurationFailureAnalyzerTest {

  private final IdempotencyConfigurationFailureAnalyzer analyzer =
      new IdempotencyConfigurationFailureAnalyzer();

  @Test
  void aRefusedSettingPointsAtTheProperty() {
    FailureAnalysis analysis =
        analyzer.analyze(
            new BeanCreationException(
                "idempotencyEngine",
                "failed",
                new IdempotencyConfigurationException(
                    "idempotent4j setting 'prefix' = '' (from ...) is not valid: it is empty.")));

    assertThat(analysis.getDescription()).startsWith("idempotent4j setting 'prefix'");
    assertThat(analysis.getAction()).contains("idempotent4j.* property");
  }

  @Test
  void anotherSetUpMistakeKeepsTheFixItsMessageGives() {
    IdempotencyConfigurationException unprocessed = null;
    try {
      TaskInvoker.unprocessed("com.acme.Payments", "charge");
    } catch (IdempotencyConfigurationException e) {
      unprocessed = e;
    }

    FailureAnalysis analysis = analyzer.analyze(new IllegalStateException(unprocessed));

    assertThat(analysis.getDescription()).contains("idempotent4j-processor");
    assertThat(analysis.getAction()).doesNotContain("property").contains("fix the description");
  }
}
