package dev.idempotent4j.runtime;

/**
 * What the engine tells an observer, beyond the counters of {@link Idempotency#metrics()}: when a
 * task becomes known, when executions start and end (and how long they took), how long waits took,
 * takeovers, lost leases and replays. Registered with {@link Idempotency#observe}; the Micrometer
 * binder ({@code IdempotencyMetricsBinder}) keeps its timers and in-flight gauge with it, and the
 * runtime's own JFR events are emitted through one while a flight recording runs.
 *
 * <p>Each event is described by an {@link IdempotencyContext}: task, key, fencing token and
 * attempt. Methods are called on the thread of the call they describe (an async execution ends on
 * the thread that completed its future, or one of the shared tier's) and must return quickly. An
 * exception an observer throws is caught and logged once; the call goes on. All methods do nothing
 * by default.
 *
 * <p>Cost: with no observer registered, each call reads one volatile field and reads no clock. With
 * one, an execution and a wait each read {@link System#nanoTime()} twice; a duplicate hit reads
 * none and allocates nothing for the observer (its context is built once, with the outcome).
 *
 * <pre>{@code
 * IdempotencyObserver slowCalls =
 *     new IdempotencyObserver() {
 *       @Override
 *       public void executionEnded(
 *           IdempotencyContext execution, ExecutionOutcome outcome, long nanos) {
 *         if (nanos > 1_000_000_000L) {
 *           System.err.println(execution.taskName() + " took " + nanos / 1_000_000 + " ms");
 *         }
 *       }
 *     };
 * try (IdempotencyObserver.Registration registration = Idempotency.observe(slowCalls)) {
 *   Idempotency.run("Reports.build", "2026-12", () -> "built");
 * }
 * }</pre>
 */
public interface IdempotencyObserver {

  /**
   * The engine saw the task for the first time since it started (its first call, or a {@code Task}
   * built), so its meters can exist before anything else happens to it. Called again for each task
   * when the engine is replaced ({@code Idempotency.configure}).
   */
  default void taskBound(String task) {}

  /**
   * This JVM starts running the task's body: it holds the key (claimed it, took it over, or runs it
   * unshared in fail-open mode).
   *
   * @param execution the execution's task, key, fencing token and attempt
   * @param takeover whether the shared store handed over the key of a worker whose lease ran out
   */
  default void executionStarted(IdempotencyContext execution, boolean takeover) {}

  /**
   * An execution that {@linkplain #executionStarted started} (while this observer was registered)
   * ended: its outcome was recorded, or it was given up. For an async task, once its future
   * completed.
   *
   * @param nanos time from the start to the end of the execution, recording included
   */
  default void executionEnded(IdempotencyContext execution, ExecutionOutcome outcome, long nanos) {}

  /**
   * A duplicate stopped waiting ({@code onInProgress = WAIT}) for a concurrent execution, in this
   * JVM or another: that execution ended (with an outcome or a release), the key came free and this
   * call claimed it, or {@code waitTimeout} passed. A call that waits through a release and then
   * for the next execution waits twice; {@code TaskMetrics.waits()} counts it once.
   *
   * @param waitedFor the execution waited for as this JVM knows it: for one of this JVM, its key,
   *     fencing token and attempt; for one of another worker, the key with this JVM's own token and
   *     attempt (the other worker's fence is not known here)
   * @param nanos time spent waiting
   */
  default void waitEnded(IdempotencyContext waitedFor, long nanos) {}

  /**
   * A duplicate was handed a final outcome (a value, or a cached failure) without running the body.
   *
   * @param replay the context the caller sees ({@link IdempotencyContext#replayed()} is true): the
   *     task, key, fencing token and attempt of the execution whose outcome was replayed
   * @param shared whether the outcome came from the shared store (another worker's), rather than
   *     this JVM's local tier
   */
  default void replayed(IdempotencyContext replay, boolean shared) {}

  /** How an execution ended, as {@link #executionEnded} reports it. */
  enum ExecutionOutcome {
    /** A value was recorded: duplicates replay it for the task's ttl. */
    COMPLETED,
    /** An exception listed in {@code cacheFailures} was recorded as the final outcome. */
    CACHED_FAILURE,
    /**
     * The body threw an exception that is not cached (or its result could not be stored): the key
     * is free again.
     */
    RELEASED,
    /**
     * The claim's lease was lost (it ran out and another worker took the key over): nothing was
     * recorded, the other worker's outcome counts.
     */
    LEASE_LOST
  }

  /** An observer's registration; {@link #close()} ends it. */
  interface Registration extends AutoCloseable {
    /** Stops calling the observer (an execution it saw start still reports its end). Idempotent. */
    @Override
    void close();
  }
}
