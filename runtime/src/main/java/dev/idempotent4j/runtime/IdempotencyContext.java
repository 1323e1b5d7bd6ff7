package dev.idempotent4j.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * What user code may know about an idempotent call: its task, key, fencing token and attempt, and
 * whether the call was a replay.
 *
 * <p>Two questions, two methods:
 *
 * <ul>
 *   <li>{@link #current()}, <em>inside</em> a running task: the execution this code runs in. Use
 *       its {@link #fencingToken()} to fence your own writes (a database row that only accepts a
 *       higher token than it has seen), and its {@link #attempt()} to know a re-run after a
 *       failure. Empty outside a task.
 *   <li>{@link #lastCall()}, <em>after</em> a call to a task returned on this thread: whether it
 *       ran the method or was a duplicate handed the first call's outcome ({@link #replayed()}).
 * </ul>
 *
 * <pre>{@code
 * @IdempotentTask(key = "charge:{order.id}")
 * Receipt charge(Order order) {
 *   IdempotencyContext ctx = IdempotencyContext.current().orElseThrow();
 *   return gateway.charge(order, ctx.key(), ctx.fencingToken());
 * }
 *
 * Receipt receipt = payments.charge(order);
 * boolean duplicate = IdempotencyContext.lastCall().map(IdempotencyContext::replayed).orElse(false);
 * }</pre>
 *
 * <p>For a task returning a {@code CompletableFuture}, {@link #current()} is available while the
 * method itself runs on the calling thread, not in the future's callbacks on other threads: copy
 * what you need into the callback.
 */
public final class IdempotencyContext {

  private final String taskName;
  private final String key;
  private final long fencingToken;
  private final int attempt;
  private final boolean replayed;

  /**
   * Creates a context. The engine creates them; application tests may create one to call code that
   * expects it.
   *
   * @throws NullPointerException if {@code taskName} or {@code key} is null
   */
  public IdempotencyContext(
      String taskName, String key, long fencingToken, int attempt, boolean replayed) {
    this.taskName = Objects.requireNonNull(taskName, "taskName");
    this.key = Objects.requireNonNull(key, "key");
    this.fencingToken = fencingToken;
    this.attempt = attempt;
    this.replayed = replayed;
  }

  /**
   * The execution that the calling code runs inside, or empty when it does not run inside an
   * idempotent task. Nested tasks see the innermost one.
   */
  public static Optional<IdempotencyContext> current() {
    return Optional.ofNullable(Frames.current());
  }

  /**
   * The last idempotent call that returned (or threw a replayed cached failure) on this thread:
   * {@link #replayed()} tells whether the method ran or the call was a duplicate. Empty if no task
   * was called on this thread yet, or if the last call failed before a decision (for example with
   * {@link KeyReuseException} or {@link TaskInProgressException}).
   */
  public static Optional<IdempotencyContext> lastCall() {
    return Optional.ofNullable(Frames.lastCall());
  }

  /** The task's name: the namespace of its keys. */
  public String taskName() {
    return taskName;
  }

  /** The full key: {@code prefix:name:body}, hashed at the end if longer than 512 bytes. */
  public String key() {
    return key;
  }

  /**
   * The fencing token of the execution: it grows with every claim of any key in this JVM (and, with
   * Redis, with every claim and takeover of this key), so a store of yours can refuse a write
   * carrying a lower token than one it has already seen. For a replay, the token of the execution
   * whose outcome was replayed.
   */
  public long fencingToken() {
    return fencingToken;
  }

  /**
   * 1 for the first execution of a key, one more for each re-run after a failure released it (or,
   * with Redis, after a takeover). For a replay, the attempt whose outcome was replayed.
   */
  public int attempt() {
    return attempt;
  }

  /**
   * Whether the method body did not run for this call: the outcome of an earlier (or concurrent)
   * execution was handed over, or the call was skipped ({@code onInProgress = SKIP}). Always {@code
   * false} for {@link #current()}.
   */
  public boolean replayed() {
    return replayed;
  }

  @Override
  public String toString() {
    return "IdempotencyContext[task="
        + taskName
        + ", key="
        + key
        + ", fencingToken="
        + fencingToken
        + ", attempt="
        + attempt
        + ", replayed="
        + replayed
        + "]";
  }
}
