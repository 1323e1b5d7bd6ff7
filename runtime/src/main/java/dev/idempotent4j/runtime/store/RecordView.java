package dev.idempotent4j.runtime.store;

import java.time.Duration;
import java.util.Objects;

/**
 * One key's record as an operator reads it ({@link StoreOperations#show}), in store-neutral values:
 * never the stored result itself, only its size.
 *
 * <pre>{@code
 * RecordView view = operations.show(key).orElseThrow();
 * if (view.stuck()) {
 *   operations.release(key, false);
 * }
 * }</pre>
 *
 * @param key the full task key ({@code prefix:task:body})
 * @param state what the record says
 * @param owner who claimed it last (free text, as the worker gave it)
 * @param attempt 1 for the first claim of the key, one more per takeover or claim after a release
 * @param fence the fencing token of the record's claim
 * @param leaseLeft how long the running claim holds unless renewed (zero or negative: lapsed, the
 *     claim is stuck until another worker takes it over); null unless {@link State#RUNNING}
 * @param ttlLeft how long the store keeps the record, on the store's clock; null when the store
 *     sets no expiry on it
 * @param resultSize the stored result's size in bytes of UTF-8 JSON; -1 unless {@link
 *     State#COMPLETED}
 * @param errorType the cached failure's exception class name (for people); null unless {@link
 *     State#FAILED}
 */
public record RecordView(
    String key,
    State state,
    String owner,
    int attempt,
    long fence,
    Duration leaseLeft,
    Duration ttlLeft,
    long resultSize,
    String errorType) {

  /** Checks that key and state are given. */
  public RecordView {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
  }

  /** Whether the record is a running claim whose lease has lapsed. */
  public boolean stuck() {
    return state == State.RUNNING
        && leaseLeft != null
        && (leaseLeft.isNegative() || leaseLeft.isZero());
  }

  /** The state of a record. */
  public enum State {
    /** Claimed: a worker runs the task (or ran it and died, while the lease holds). */
    RUNNING,
    /** The task completed; duplicates replay its result. */
    COMPLETED,
    /** The task failed with a cached (final) failure; duplicates replay it. */
    FAILED,
    /** Given up (PostgreSQL keeps such rows to count attempts); the next call runs the task. */
    RELEASED
  }
}
