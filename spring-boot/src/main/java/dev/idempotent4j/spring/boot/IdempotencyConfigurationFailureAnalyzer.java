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

  private static final String CHANGE_PROPERTY =
      "Change the idempotent4j.* property named above (application.properties or .yaml, an"
          + " IDEMPOTENT4J_* environment variable, or -Didempotent4j.*). Settings are the"
          + " properties without the idempotent4j. prefix: 'fail-mode' is idempotent4j.fail-mode.";

  // The same exception reports set-up mistakes that are not properties (a class compiled without
  // the processor, two tasks with one name); their messages carry their own fix.
  private static final String FOLLOW_MESSAGE =
      "Apply the fix the description gives, then restart the application.";

  @Override
  protected FailureAnalysis analyze(Throwable root, IdempotencyConfigurationException cause) {
    String message = String.valueOf(cause.getMessage());
    boolean aSetting =
        message.contains("idempotent4j setting") || message.contains("idempotent4j.");
    return new FailureAnalysis(message, aSetting ? CHANGE_PROPERTY : FOLLOW_MESSAGE, cause);
  }
}
