package dev.idempotent4j.runtime.spi;

/**
 * How a task hands back its outcome, which decides when the outcome is recorded.
 *
 * <pre>{@code
 * ReturnKind.of(CompletableFuture.class) == ReturnKind.COMPLETABLE_FUTURE
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
