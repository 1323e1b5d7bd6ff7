package dev.idempotent4j;

/**
 * What a duplicate call does while the first call for the same key is still running.
 *
 * <pre>{@code
 * @IdempotentTask(key = "report:{day}", onInProgress = OnInProgress.THROW)
 * String build(LocalDate day) {
 *   return "report of " + day;
 * }
 * }</pre>
 */
public enum OnInProgress {
  /**
   * Wait for the first call's outcome, up to {@code waitTimeout}, and return it (or rethrow its
   * cached failure). If the first call fails with an exception that is not cached, the waiter
   * claims the key and runs the method itself. On timeout: {@code TaskInProgressException}. Methods
   * returning {@code CompletableFuture} or {@code CompletionStage} do not block: the duplicate gets
   * a future that completes with the first call's outcome.
   */
  WAIT,

  /** Fail at once with {@code TaskInProgressException}; the caller decides when to retry. */
  THROW,

  /**
   * Return at once without running: {@code null} for reference types, zero or {@code false} for
   * primitives, nothing for {@code void}. For fire-and-forget work such as sending a notification.
   */
  SKIP
}
