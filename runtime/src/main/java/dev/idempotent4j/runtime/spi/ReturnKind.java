package dev.idempotent4j.runtime.spi;

/**
 * How a task hands back its outcome, which decides when the outcome is recorded.
 *
 * <pre>{@code
 * boolean later = ReturnKind.COMPLETABLE_FUTURE.isAsync();   // true: recorded when it completes
 * }</pre>
 */
public enum ReturnKind {
  /** {@code void}: the outcome is "completed" (or a cached failure). */
  VOID,
  /** A value, recorded when the method returns. */
  VALUE,
  /**
   * {@code CompletableFuture<T>}: recorded when the future completes, not when the method returns.
   */
  COMPLETABLE_FUTURE,
  /** {@code CompletionStage<T>}: recorded when the stage completes. */
  COMPLETION_STAGE;

  /** Whether the outcome arrives later than the method's return. */
  public boolean isAsync() {
    return this == COMPLETABLE_FUTURE || this == COMPLETION_STAGE;
  }
}
