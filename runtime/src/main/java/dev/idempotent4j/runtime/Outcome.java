package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.Replay;

/**
 * How an execution of a key ended. {@link Kind#SUCCESS} and {@link Kind#FAILURE} are final and
 * replayed to duplicates for the task's ttl; {@link Kind#RELEASED} and {@link Kind#ABANDONED} tell
 * waiters to contend for the key again.
 */
final class Outcome {

  enum Kind {
    /** Completed with {@link #value}: the value handed to duplicates. */
    SUCCESS,
    /** Completed with a cached (final) failure: {@link #failure}, rethrown to duplicates. */
    FAILURE,
    /**
     * Failed with an exception that is not cached ({@link #failure}, for the waiters of the flight;
     * the local tier keeps it without, see {@link #remembered}); the key is free again. Kept in the
     * local tier only to number the next attempt.
     */
    RELEASED,
    /** The winner of a race found a completed outcome before running; nothing ran. */
    ABANDONED
  }

  static final Outcome ABANDONED = new Outcome(Kind.ABANDONED, null, null, null, null, 1);

  final Kind kind;
  final Object value;
  final Throwable failure;
  final String fingerprint;
  final int attempt;
  final long ttlNanos;

  /** What {@code IdempotencyContext.lastCall()} tells a duplicate: built once, shared by all. */
  final IdempotencyContext replayContext;

  /** What a synchronous duplicate is handed: built once, so a hit allocates nothing. */
  final Replay replay;

  private Outcome(
      Kind kind,
      Object value,
      Throwable failure,
      String fingerprint,
      IdempotencyContext executed,
      long ttlNanos) {
    this.kind = kind;
    this.value = value;
    this.failure = failure;
    this.fingerprint = fingerprint;
    this.attempt = executed == null ? 0 : executed.attempt();
    this.ttlNanos = ttlNanos;
    this.replay = kind == Kind.SUCCESS ? Replay.of(value) : null;
    this.replayContext =
        executed == null
            ? null
            : new IdempotencyContext(
                executed.taskName(),
                executed.key(),
                executed.fencingToken(),
                executed.attempt(),
                true);
  }

  static Outcome success(Flight flight, Object value, long ttlNanos) {
    return new Outcome(Kind.SUCCESS, value, null, flight.fingerprint, flight.context, ttlNanos);
  }

  static Outcome failure(Flight flight, Throwable failure, long ttlNanos) {
    return new Outcome(Kind.FAILURE, null, failure, flight.fingerprint, flight.context, ttlNanos);
  }

  static Outcome released(Flight flight, Throwable cause, long ttlNanos) {
    return new Outcome(Kind.RELEASED, null, cause, flight.fingerprint, flight.context, ttlNanos);
  }

  /**
   * What the local tier keeps: a release without its exception, which only the execution's own
   * waiters need (they get this outcome from the flight), and which could hold any amount of memory
   * for the task's whole ttl.
   */
  Outcome remembered() {
    if (kind != Kind.RELEASED || failure == null) {
      return this;
    }
    return new Outcome(this);
  }

  private Outcome(Outcome released) {
    this.kind = released.kind;
    this.value = null;
    this.failure = null;
    this.fingerprint = released.fingerprint;
    this.attempt = released.attempt;
    this.ttlNanos = released.ttlNanos;
    this.replay = null;
    this.replayContext = released.replayContext;
  }

  /** The key text of the execution that ended so. */
  String key() {
    return replayContext.key();
  }

  /** Whether duplicates get this outcome (rather than contending for the key again). */
  boolean isFinal() {
    return kind == Kind.SUCCESS || kind == Kind.FAILURE;
  }
}
