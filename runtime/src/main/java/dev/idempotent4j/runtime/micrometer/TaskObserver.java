package dev.idempotent4j.runtime.micrometer;

/**
 * What the engine tells an observer about each task, beyond the counters of {@link
 * dev.idempotent4j.runtime.Idempotency#metrics()}: when a task becomes known, how long executions
 * and waits take, and how many executions are running. {@link IdempotencyMetricsBinder} implements
 * it to keep the timers {@code idempotent4j.execution} and {@code idempotent4j.wait} and the gauge
 * {@code idempotent4j.in-flight}.
 *
 * <p>This is the contract the engine will call; it names no Micrometer type, so the engine can call
 * it with Micrometer absent. Until the engine is wired to it, nothing calls it and the binder
 * registers only the counters. Methods are called on the thread of the call they describe and must
 * return quickly and never throw.
 *
 * <pre>{@code
 * TaskObserver observer = binder; // an IdempotencyMetricsBinder
 * observer.taskBound("Payments.charge");
 * observer.executionStarted("Payments.charge");
 * observer.executionEnded("Payments.charge", 1_500_000); // 1.5 ms
 * }</pre>
 */
public interface TaskObserver {

  /**
   * The engine saw the task for the first time since it started (the first call of it), so its
   * meters can exist before anything else happens to it.
   */
  void taskBound(String task);

  /** This JVM starts running the task's body: it holds the key (claimed it, or took it over). */
  void executionStarted(String task);

  /**
   * An execution that {@link #executionStarted started} ended: the body returned or threw, or, for
   * an async task, its future completed.
   *
   * @param nanos time since the execution started
   */
  void executionEnded(String task, long nanos);

  /**
   * A duplicate stopped waiting for a concurrent execution ({@code onInProgress = WAIT}), in this
   * JVM or another: it got the outcome, claimed the released key, or ran out of {@code
   * waitTimeout}.
   *
   * @param nanos time spent waiting
   */
  void waitEnded(String task, long nanos);
}
