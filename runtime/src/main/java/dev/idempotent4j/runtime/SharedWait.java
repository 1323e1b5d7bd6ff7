package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.SharedStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waiting for another worker's claim: register for the store's change notifications first, then
 * claim again on each notification and on each poll tick (just after the other worker's lease would
 * run out, and at least every {@link #POLL_INTERVAL}), until the answer is something other than in
 * progress.
 *
 * <pre>{@code
 * Claim next = sharedWait.await(task, key, request, deadline);   // never Claim.InProgress
 * }</pre>
 */
final class SharedWait {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  /** A WAITing call re-claims at least this often even when no notification arrives. */
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  /** A wait for another worker's lease claims again just after the lease would run out. */
  private static final long POLL_MARGIN_NANOS = 5_000_000L;

  private final SharedStore store;
  private final EngineClock clock;

  SharedWait(SharedStore store, EngineClock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Blocks (parked, never pinned) until the claim of {@code request} is answered with something
   * other than in progress, and returns that answer.
   *
   * @throws TaskInProgressException if {@code deadline} passes first, or the thread is interrupted
   */
  Claim await(BoundTask task, ClaimRequest request, WaitDeadline deadline) {
    String key = request.key();
    AtomicReference<CompletableFuture<Void>> wake =
        new AtomicReference<>(new CompletableFuture<>());
    AutoCloseable subscription = subscribe(key, () -> wake.get().complete(null));
    try {
      while (true) {
        CompletableFuture<Void> current = wake.get();
        Claim claim = store.claim(request);
        if (!(claim instanceof Claim.InProgress)) {
          return claim;
        }
        long left = deadline.nanosLeft(clock);
        if (left <= 0) {
          task.counters.inProgress.increment();
          throw Errors.waitTimedOut(task, key);
        }
        long leaseLeft = ((Claim.InProgress) claim).timeLeft().toNanos() + POLL_MARGIN_NANOS;
        long poll = Math.min(left, Math.min(leaseLeft, POLL_INTERVAL.toNanos()));
        EngineClock.Timer timer = clock.schedule(() -> current.complete(null), poll);
        try {
          Waits.park(task, key, current, true);
        } finally {
          timer.cancel();
        }
        // A new future before the next claim: a change after that claim wakes the next wait.
        wake.set(new CompletableFuture<>());
      }
    } finally {
      closeQuietly(subscription);
    }
  }

  /** Best effort: without a subscription the wait polls. */
  private AutoCloseable subscribe(String key, Runnable listener) {
    try {
      return store.onChange(key, listener);
    } catch (RuntimeException e) {
      LOG.log(
          Level.DEBUG,
          "idempotent4j: no change notifications for key ''{0}'' ({1}); polling instead",
          key,
          e.getMessage());
      return () -> {};
    }
  }

  private static void closeQuietly(AutoCloseable subscription) {
    try {
      subscription.close();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "idempotent4j: closing a change subscription failed", e);
    }
  }
}
