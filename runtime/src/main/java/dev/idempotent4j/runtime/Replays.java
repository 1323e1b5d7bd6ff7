package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.Replay;
import java.util.concurrent.CompletableFuture;

/**
 * What a call that does not run the method gets: a final outcome handed over (the value as a
 * prebuilt {@link Replay}, or a completed future for an async task; a cached failure rethrown, or a
 * failed future), a skip value, or the future of an async duplicate. Each sets what {@code
 * IdempotencyContext.lastCall()} tells the caller, and counts the hit.
 *
 * <pre>{@code
 * return Replays.local(frames, task, key, fingerprint, remembered);  // a local duplicate hit
 * return Replays.local(frames, task, remembered);  // one answered by its local key alone
 * return Replays.skip(frames, task, flight);                         // onInProgress = SKIP
 * }</pre>
 */
final class Replays {

  private Replays() {}

  /**
   * A final outcome of this JVM, for a call with {@code fingerprint}.
   *
   * @throws KeyReuseException if the outcome was for another fingerprint
   */
  static Object local(
      Frames frames, BoundTask task, CallKey key, String fingerprint, Outcome outcome) {
    if (fingerprint != null) {
      KeyDerivation.checkFingerprint(task, key.text(), fingerprint, outcome.fingerprint);
    }
    return local(frames, task, outcome);
  }

  /**
   * A final outcome of this JVM, for a call without fingerprint: the hot path of a duplicate, which
   * allocates nothing for a synchronous task (its {@link Replay} and context are the outcome's).
   */
  static Object local(Frames frames, BoundTask task, Outcome outcome) {
    task.counters.localHits.increment();
    Observers.replayed(outcome.replayContext, false);
    return handOver(frames, task, outcome);
  }

  /** A final outcome that another worker stored, for the leader of this JVM's flight. */
  static Object shared(BoundTask task, Outcome outcome) {
    task.counters.sharedHits.increment();
    Observers.replayed(outcome.replayContext, true);
    return handOver(Frames.onThisThread(), task, outcome);
  }

  /** {@code onInProgress = SKIP}: the type's default value, nothing ran. */
  static Replay skip(Frames frames, BoundTask task, Flight flight) {
    task.counters.skips.increment();
    frames.setLastCall(replayContext(flight));
    Object skip = task.definition.skipValue();
    return Replay.of(skip == null && task.async ? CompletableFuture.completedFuture(null) : skip);
  }

  /** An async duplicate's future, which completes with {@code flight}'s outcome. */
  static Replay attached(Frames frames, Flight flight, CompletableFuture<Object> duplicate) {
    frames.setLastCall(replayContext(flight));
    return Replay.of(duplicate);
  }

  private static Object handOver(Frames frames, BoundTask task, Outcome outcome) {
    frames.setLastCall(outcome.replayContext);
    if (outcome.kind == Outcome.Kind.FAILURE) {
      if (task.async) {
        return Replay.of(CompletableFuture.failedFuture(outcome.failure));
      }
      throw Sneaky.rethrow(outcome.failure);
    }
    return task.async
        ? Replay.of(CompletableFuture.completedFuture(outcome.value))
        : outcome.replay;
  }

  private static IdempotencyContext replayContext(Flight flight) {
    IdempotencyContext running = flight.context;
    return new IdempotencyContext(
        running.taskName(), running.key(), running.fencingToken(), running.attempt(), true);
  }
}
