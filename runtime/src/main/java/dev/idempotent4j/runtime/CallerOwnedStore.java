package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoreOperations;
import dev.idempotent4j.runtime.store.StoredFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A store handed to {@code Idempotency.configure} in code: the application built it (over its own
 * {@code DataSource}, say) and closes it, so an engine that shuts down leaves it open and the next
 * engine of the same configuration uses it again.
 *
 * <pre>{@code
 * SharedStore shared = new CallerOwnedStore(applicationStore);
 * shared.close(); // applicationStore stays open
 * }</pre>
 */
final class CallerOwnedStore implements SharedStore {

  private final SharedStore store;

  CallerOwnedStore(SharedStore store) {
    this.store = store;
  }

  @Override
  public Claim claim(ClaimRequest request) {
    return store.claim(request);
  }

  @Override
  public Completion complete(String key, Fence fence, String resultJson, Duration ttl) {
    return store.complete(key, fence, resultJson, ttl);
  }

  @Override
  public Completion fail(String key, Fence fence, StoredFailure failure, Duration ttl) {
    return store.fail(key, fence, failure, ttl);
  }

  @Override
  public Completion release(String key, Fence fence) {
    return store.release(key, fence);
  }

  @Override
  public List<Lease> renew(List<Lease> leases, Duration lease) {
    return store.renew(leases, lease);
  }

  @Override
  public Optional<StoreOperations> operations() {
    return store.operations();
  }

  @Override
  public AutoCloseable onChange(String key, Runnable listener) {
    return store.onChange(key, listener);
  }

  /** Leaves the application's store open: the application closes it. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return store.toString();
  }
}
