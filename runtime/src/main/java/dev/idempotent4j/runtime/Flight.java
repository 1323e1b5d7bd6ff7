package dev.idempotent4j.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * One execution of a key in progress in this JVM: the single flight that concurrent duplicates
 * join. {@link #done} completes exactly once, with the {@link Outcome}, after the outcome was put
 * in the local tier and the flight was removed from the table.
 *
 * <p>The flight starts with a token and attempt of this JVM; when a shared store claims the key,
 * {@link #fence} replaces them with the store's, before the method runs.
 */
final class Flight {
  final String taskName;
  final String key;

  /**
   * The key's {@linkplain CallKey#local local identity}: what the local tier keeps the outcome by.
   */
  final Object localKey;

  final String fingerprint;
  final CompletableFuture<Outcome> done = new CompletableFuture<>();
  volatile int attempt;
  volatile IdempotencyContext context;

  /**
   * The shared claim is tentative ({@link dev.idempotent4j.runtime.store.Claim.Claimed#tentative}):
   * its outcome is not final until the application's transaction commits, so it is never put in the
   * local tier nor handed to this flight's waiters.
   */
  volatile boolean tentative;

  Flight(
      String taskName, String key, Object localKey, String fingerprint, long token, int attempt) {
    this.taskName = taskName;
    this.key = key;
    this.localKey = localKey;
    this.fingerprint = fingerprint;
    fence(token, attempt);
  }

  /** Runs this flight under {@code token} and {@code attempt} (the shared store's fence). */
  void fence(long token, int attempt) {
    this.attempt = attempt;
    this.context = new IdempotencyContext(taskName, key, token, attempt, false);
  }
}
