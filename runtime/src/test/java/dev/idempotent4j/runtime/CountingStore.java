package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoredFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store (Redis) seen through a counter: every call goes to {@code delegate}, and the test
 * reads how many claims, completions and renewals this engine made. Not a fake: it decides nothing.
 */
final class CountingStore implements SharedStore {
  final SharedStore delegate;
  final AtomicInteger claims = new AtomicInteger();
  final AtomicInteger completes = new AtomicInteger();
  final AtomicInteger renewCalls = new AtomicInteger();

  CountingStore(SharedStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Claim claim(ClaimRequest request) {
    claims.incrementAndGet();
    return delegate.claim(request);
  }

  @Override
  public Completion complete(String key, Fence fence, String resultJson, Duration ttl) {
    completes.incrementAndGet();
    return delegate.complete(key, fence, resultJson, ttl);
  }

  @Override
  public Completion fail(String key, Fence fence, StoredFailure failure, Duration ttl) {
    return delegate.fail(key, fence, failure, ttl);
  }

  @Override
  public Completion release(String key, Fence fence) {
    return delegate.release(key, fence);
  }

  @Override
  public List<Lease> renew(List<Lease> leases, Duration lease) {
    renewCalls.incrementAndGet();
    return delegate.renew(leases, lease);
  }

  @Override
  public AutoCloseable onChange(String key, Runnable listener) {
    return delegate.onChange(key, listener);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
