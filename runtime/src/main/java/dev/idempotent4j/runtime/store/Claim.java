package dev.idempotent4j.runtime.store;

import java.time.Duration;

/**
 * The store's answer to {@link SharedStore#claim}.
 *
 * <pre>{@code
 * if (claim instanceof Claim.Claimed c) {
 *   run(c.fence());
 * } else if (claim instanceof Claim.Completed c) {
 *   replay(c.resultJson());
 * } else if (claim instanceof Claim.Failed f) {
 *   rethrow(f.failure());
 * } else if (claim instanceof Claim.InProgress p) {
 *   waitOrThrowOrSkip(p.timeLeft()); // as onInProgress says
 * } else if (claim instanceof Claim.KeyReused) {
 *   throw keyReuse();
 * }
 * }</pre>
 */
public sealed interface Claim {

  /**
   * The key is ours: run the task under this fence. {@code takeover} is true when the claim took
   * the key over from a worker whose lease ran out (not after a release or for a fresh key).
   *
   * <p>{@code tentative} is true when the claim, and the outcome the engine then records under it,
   * live in a transaction the application has not committed yet (the PostgreSQL store inside {@code
   * JdbcTransaction.join}): a rollback would undo both. The engine then keeps the outcome out of
   * its local tier and does not hand it to the in-JVM waiters of the key; they claim again and the
   * store answers them once the transaction ended.
   */
  record Claimed(Fence fence, boolean takeover, boolean tentative) implements Claim {
    /** A claim of a free key (not a takeover). */
    public Claimed(Fence fence) {
      this(fence, false, false);
    }

    /** A claim whose outcome is final once recorded (every store but a joined transaction). */
    public Claimed(Fence fence, boolean takeover) {
      this(fence, takeover, false);
    }
  }

  /** The task already completed: replay its outcome. */
  record Completed(String resultJson) implements Claim {}

  /** The task already failed with a cached (final) failure: replay it. */
  record Failed(StoredFailure failure) implements Claim {}

  /** Another worker holds the key; its lease ends in {@code timeLeft} unless renewed. */
  record InProgress(Duration timeLeft) implements Claim {}

  /** The key is in use (running or completed) for a request with another fingerprint. */
  record KeyReused() implements Claim {}
}
