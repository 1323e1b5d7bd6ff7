package dev.idempotent4j.runtime;

/**
 * A snapshot of one task's counters since the engine started. Every call ends in exactly one of
 * {@code executed}, {@code localHits}, {@code sharedHits}, {@code skips}, {@code inProgress} or
 * {@code keyReuse} (or fails to derive its key, or fails on the shared store: {@code
 * StoreUnavailableException} with {@code fail-mode = closed}, or {@code CorruptRecordException},
 * both counted in {@code storeErrors}); {@code waits} counts the calls among them that waited for a
 * concurrent execution first, in this JVM or in another worker.
 *
 * <pre>{@code
 * TaskMetrics charge = Idempotency.metrics().task("Payments.charge");
 * long duplicates = charge.localHits() + charge.sharedHits();
 * log.info("charged {} times, {} duplicates", charge.executed(), duplicates);
 * }</pre>
 *
 * @param task the task's name
 * @param executed calls that ran the method body (including re-runs after a release)
 * @param localHits duplicates answered from this JVM: a remembered outcome, or the outcome of a
 *     concurrent execution they waited for
 * @param sharedHits duplicates answered by the shared store (Redis): an outcome another JVM stored
 * @param waits duplicates that waited for a concurrent execution ({@code onInProgress = WAIT})
 * @param skips duplicates that returned the skip value ({@code onInProgress = SKIP})
 * @param inProgress duplicates refused with {@link TaskInProgressException}: {@code THROW}, a
 *     {@code WAIT} that ran out of {@code waitTimeout}, or a reentrant call
 * @param takeovers executions that took over a key whose owner's lease ran out (a worker that died
 *     or stalled); not a claim after a release
 * @param lostLeases executions whose lease was lost before they completed: their outcome was
 *     refused by the store (or not sent, when the renewer already knew), logged at WARNING; their
 *     caller still got the value they computed
 * @param keyReuse calls refused with {@link KeyReuseException}
 * @param storeErrors shared-store calls that failed: unreachable or timed out (a claim, a renewal,
 *     or the write of an outcome), or a corrupt record
 * @param failOpenRuns executions that ran without the shared check because the store was
 *     unreachable and {@code fail-mode = open}
 * @param cachedFailures executions that ended in a {@link
 *     dev.idempotent4j.IdempotentTask#cacheFailures() cacheFailures} exception, stored as the final
 *     outcome
 * @param releases executions that ended in any other exception (or a failed future), releasing the
 *     key for a retry
 * @param overruns executions that ran past their task's maximum run time while holding a claim in
 *     the shared store: their lease was no longer renewed, logged at WARNING
 */
public record TaskMetrics(
    String task,
    long executed,
    long localHits,
    long sharedHits,
    long waits,
    long skips,
    long inProgress,
    long takeovers,
    long lostLeases,
    long keyReuse,
    long storeErrors,
    long failOpenRuns,
    long cachedFailures,
    long releases,
    long overruns) {

  /** All zero: a task that was never called. */
  public static TaskMetrics zero(String task) {
    return new TaskMetrics(task, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** The field-by-field sum of this and {@code other}, under the name {@code task}. */
  public TaskMetrics plus(TaskMetrics other, String task) {
    return new TaskMetrics(
        task,
        executed + other.executed,
        localHits + other.localHits,
        sharedHits + other.sharedHits,
        waits + other.waits,
        skips + other.skips,
        inProgress + other.inProgress,
        takeovers + other.takeovers,
        lostLeases + other.lostLeases,
        keyReuse + other.keyReuse,
        storeErrors + other.storeErrors,
        failOpenRuns + other.failOpenRuns,
        cachedFailures + other.cachedFailures,
        releases + other.releases,
        overruns + other.overruns);
  }
}
