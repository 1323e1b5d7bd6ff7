package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoreOperations;
import dev.idempotent4j.runtime.store.StoredFailure;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A shared store that connects when first needed, and keeps trying (at most once per {@link
 * #RETRY_INTERVAL}) while it cannot: an application starts even when Redis is not reachable yet,
 * and each call meanwhile fails with {@link StoreUnavailableException}, which the fail mode turns
 * into "the method does not run" ({@code closed}) or an unshared run ({@code open}). Once
 * connected, the store's own client reconnects after a connection drops.
 *
 * <pre>{@code
 * SharedStore store = ReconnectingStore.connect(() -> RedisStore.connect(settings), clock);
 * }</pre>
 */
final class ReconnectingStore implements SharedStore {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  /** How long calls fail fast with the last error before the next connection attempt. */
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

  private final Supplier<SharedStore> connector;
  private final EngineClock clock;
  // A lock, not synchronized: connecting blocks up to the command timeout.
  private final ReentrantLock connecting = new ReentrantLock();
  private volatile SharedStore store;
  private volatile StoreUnavailableException lastFailure;
  private volatile long retryAt;
  private volatile boolean closed;

  private ReconnectingStore(Supplier<SharedStore> connector, EngineClock clock) {
    this.connector = connector;
    this.clock = clock;
  }

  /**
   * Connects now; if that fails, logs a warning and returns a store that connects on a later call.
   */
  static ReconnectingStore connect(Supplier<SharedStore> connector, EngineClock clock) {
    ReconnectingStore store = new ReconnectingStore(connector, clock);
    try {
      store.store();
    } catch (StoreUnavailableException e) {
      LOG.log(
          Level.WARNING,
          "idempotent4j cannot reach its shared store at start-up ({0}); calls fail with"
              + " StoreUnavailableException (or run unshared with fail-mode = open) until it"
              + " can, and it is tried again at most every {1}",
          e.getMessage(),
          RETRY_INTERVAL);
    }
    return store;
  }

  @Override
  public Claim claim(ClaimRequest request) {
    return store().claim(request);
  }

  @Override
  public Completion complete(String key, Fence fence, String resultJson, Duration ttl) {
    return store().complete(key, fence, resultJson, ttl);
  }

  @Override
  public Completion fail(String key, Fence fence, StoredFailure failure, Duration ttl) {
    return store().fail(key, fence, failure, ttl);
  }

  @Override
  public Completion release(String key, Fence fence) {
    return store().release(key, fence);
  }

  @Override
  public List<Lease> renew(List<Lease> leases, Duration lease) {
    return store().renew(leases, lease);
  }

  @Override
  public Optional<StoreOperations> operations() {
    return store().operations();
  }

  @Override
  public AutoCloseable onChange(String key, Runnable listener) {
    return store().onChange(key, listener);
  }

  @Override
  public void close() {
    connecting.lock();
    try {
      closed = true;
      SharedStore open = store;
      if (open != null) {
        open.close();
      }
    } finally {
      connecting.unlock();
    }
  }

  @Override
  public String toString() {
    SharedStore open = store;
    return open != null ? open.toString() : "ReconnectingStore[not connected]";
  }

  private SharedStore store() {
    SharedStore open = store;
    if (open != null) {
      return open;
    }
    StoreUnavailableException failure = lastFailure;
    if (failure != null && clock.nanoTime() - retryAt < 0) {
      throw failFast(failure);
    }
    connecting.lock();
    try {
      if (closed) {
        throw new IllegalStateException("idempotent4j's shared store is closed");
      }
      if (store == null) {
        failure = lastFailure;
        if (failure != null && clock.nanoTime() - retryAt < 0) {
          throw failFast(failure);
        }
        try {
          store = connector.get();
          lastFailure = null;
        } catch (StoreUnavailableException e) {
          lastFailure = e;
          retryAt = clock.nanoTime() + RETRY_INTERVAL.toNanos();
          throw e;
        }
      }
      return store;
    } finally {
      connecting.unlock();
    }
  }

  private static StoreUnavailableException failFast(StoreUnavailableException last) {
    return new StoreUnavailableException(
        "idempotent4j is not connected to its shared store (retrying at most every "
            + TimeUnit.NANOSECONDS.toMillis(RETRY_INTERVAL.toNanos())
            + " ms); last attempt: "
            + last.getMessage(),
        last);
  }
}
