package dev.idempotent4j.runtime;

/**
 * idempotent4j is set up wrongly: a configuration value that does not parse, a task class that the
 * annotation processor never saw, two tasks sharing a name. Thrown at start-up or at the first use
 * of the misconfigured task, with a message that names the setting and the fix.
 *
 * <pre class="language-text">{@code
 * // -Didempotent4j.fail-mode=sometimes
 * IdempotencyConfigurationException: idempotent4j.fail-mode = 'sometimes' is not valid: use
 * 'closed' or 'open'.
 * }</pre>
 */
public class IdempotencyConfigurationException extends IdempotencyException {
  private static final long serialVersionUID = 1L;

  public IdempotencyConfigurationException(String message) {
    super(message);
  }

  public IdempotencyConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
