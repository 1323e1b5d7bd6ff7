package dev.idempotent4j.runtime.internal;

import dev.idempotent4j.runtime.IdempotencyContext;
import java.util.concurrent.CompletableFuture;

/**
 * One execution of a key in progress in this JVM: the single flight that concurrent duplicates
 * join. {@link #done} completes exactly once, with the {@link Outcome}, after the outcome was put
 * in the local tier and the flight was removed from the table.
 */
final class Flight {
  final String key;
  final String fingerprint;
  final long token;
  final int attempt;
  final IdempotencyContext context;
  final CompletableFuture<Outcome> done = new CompletableFuture<>();

  Flight(String taskName, String key, String fingerprint, long token, int attempt) {
    this.key = key;
    this.fingerprint = fingerprint;
    this.token = token;
    this.attempt = attempt;
    this.context = new IdempotencyContext(taskName, key, token, attempt, false);
  }
}
