package dev.idempotent4j.runtime.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The shared tier: one record per task key, kept where every JVM of the application sees it
 * (Redis). The engine asks it to claim a key before running a task and tells it the outcome after;
 * each method is one atomic step (one round trip) on the store.
 *
 * <p>Times (lease expiry, ttl) are the store's own clock, never the caller's. Fencing tokens grow
 * on every claim and takeover of a key and never go backwards, even after the record was released
 * or expired.
 *
 * <pre>{@code
 * Claim claim = store.claim(new ClaimRequest(key, fingerprint, ownerId, lease, ttl));
 * if (claim instanceof Claim.Claimed c) {
 *   String json = run();
 *   store.complete(key, c.fence(), json, ttl);
 * }
 * }</pre>
 *
 * <p>Every method throws {@link dev.idempotent4j.runtime.StoreUnavailableException} when the store
 * cannot be reached or does not answer within the configured timeout, and {@link
 * dev.idempotent4j.runtime.CorruptRecordException} when the value under the key is not a record it
 * wrote (it then leaves the value untouched).
 */
public interface SharedStore extends AutoCloseable {

  /** Claims {@code request.key()} for this worker, or reports why not, in one round trip. */
  Claim claim(ClaimRequest request);

  /**
   * Stores the successful outcome (codec JSON) of the claim fenced by {@code fence} for {@code
   * ttl}, and wakes the waiters.
   *
   * @return {@link Completion#ACCEPTED}, or {@link Completion#LEASE_LOST} if another worker took
   *     the key over (a higher token) or the claim expired: nothing was written
   */
  Completion complete(String key, Fence fence, String resultJson, Duration ttl);

  /**
   * Stores a cached failure (a final outcome) of the claim fenced by {@code fence} for {@code ttl},
   * and wakes the waiters.
   */
  Completion fail(String key, Fence fence, StoredFailure failure, Duration ttl);

  /**
   * Gives the key up after a failure that is not final, so that the next call runs the task again,
   * and wakes the waiters. A release by a worker that no longer holds the claim changes nothing.
   */
  Completion release(String key, Fence fence);

  /**
   * Extends the leases of claims this worker still runs, in one round trip.
   *
   * @return the subset of {@code leases} that were lost (taken over or expired); their owners must
   *     not complete
   */
  List<Lease> renew(List<Lease> leases, Duration lease);

  /**
   * Calls {@code listener} when the record under {@code key} completes, fails or is released,
   * provided a {@link #claim} answered {@link Claim.InProgress} for it after the listener was
   * registered (a store may skip the notification when no claim waited). Delivery is best effort
   * (waiters also poll); close the returned handle when done waiting.
   */
  AutoCloseable onChange(String key, Runnable listener);

  /**
   * The operator's view of this store's records ({@code show}, {@code list}, {@code release}), or
   * empty when the store offers none (the default).
   */
  default Optional<StoreOperations> operations() {
    return Optional.empty();
  }

  /** Closes connections; further calls fail. */
  @Override
  void close();

  /** The outcome of a write that depends on still holding the claim. */
  enum Completion {
    ACCEPTED,
    LEASE_LOST
  }
}
