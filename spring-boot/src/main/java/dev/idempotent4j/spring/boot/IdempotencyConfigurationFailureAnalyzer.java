package dev.idempotent4j.spring.boot;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link IdempotencyConfigurationException} at start-up into Spring Boot's "APPLICATION
 * FAILED TO START" report: the runtime's message (which names the setting, its value and where it
 * came from) as the description, and where to change it as the action.
 *
 * <pre>
 * Description:
 * idempotent4j setting 'fail-mode' = 'sometimes' (from Idempotency.configure(...)) is not valid: ...
 *
 * Action:
 * Change the idempotent4j.* property named above (application.properties or .yaml, an
 * IDEMPOTENT4J_* environment variable, or -Didempotent4j.*).
 * </pre>
 */
public class IdempotencyConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<IdempotencyConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, IdempotencyConfigurationException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Change the idempotent4j.* property named above (application.properties or .yaml, an"
            + " IDEMPOTENT4J_* environment variable, or -Didempotent4j.*). Settings are the"
            + " properties without the idempotent4j. prefix: 'fail-mode' is idempotent4j.fail-mode.",
        cause);
  }
}
