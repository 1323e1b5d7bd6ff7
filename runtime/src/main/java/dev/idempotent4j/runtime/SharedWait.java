package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.SharedStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waiting for another worker's claim: register for the store's change notifications first, then
 * claim again on each notification and on each poll tick (just after the other worker's lease would
 * run out, and at least every {@link #POLL_INTERVAL}), until the answer is something other than in
 * progress.
 *
 * <pre>{@code
 * Claim next = sharedWait.await(task, request, deadline);   // never Claim.InProgress
 * sharedWait.awaitAsync(task, request, deadline).thenAccept(...);  // no thread meanwhile
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

  /** Runs the store's round trips of async waits: each is short, none waits for the key. */
  private final Executor roundTrips;

  SharedWait(SharedStore store, EngineClock clock, Executor roundTrips) {
    this.store = store;
    this.clock = clock;
    this.roundTrips = roundTrips;
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
        if (!(claim instanceof Claim.InProgress inProgress)) {
          return claim;
        }
        long left = deadline.nanosLeft(clock);
        if (left <= 0) {
          task.counters.inProgress.increment();
          throw Errors.waitTimedOut(task, key);
        }
        long leaseLeft = inProgress.timeLeft().toNanos() + POLL_MARGIN_NANOS;
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

  /**
   * Like {@link #await}, without a thread of its own: the returned future completes with the first
   * answer other than in progress. Each claim is one round trip on {@code roundTrips}; between
   * claims nothing runs until a notification or a poll timer (on the engine's clock) asks for the
   * next, so hundreds of waiting keys cost no thread each.
   *
   * @return completes exceptionally with {@link TaskInProgressException} once {@code deadline}
   *     passes, or with what a claim threw
   */
  CompletableFuture<Claim> awaitAsync(BoundTask task, ClaimRequest request, WaitDeadline deadline) {
    AsyncWait wait = new AsyncWait(task, request);
    wait.start(deadline);
    return wait.result;
  }

  /** One async wait: claims again when notified or when its poll timer fires, one at a time. */
  private final class AsyncWait {
    final BoundTask task;
    final ClaimRequest request;
    final CompletableFuture<Claim> result = new CompletableFuture<>();

    /** A claim is running or queued; further requests only mark {@link #again}. */
    private final AtomicBoolean claiming = new AtomicBoolean();

    /** A notification (or timer) came while a claim ran: claim once more right after it. */
    private volatile boolean again;

    private volatile AutoCloseable subscription = () -> {};
    private volatile EngineClock.Timer poll = () -> {};
    private volatile EngineClock.Timer timeout = () -> {};
    private volatile WaitDeadline deadline;

    AsyncWait(BoundTask task, ClaimRequest request) {
      this.task = task;
      this.request = request;
    }

    void start(WaitDeadline deadline) {
      this.deadline = deadline;
      long left = Math.max(0, deadline.nanosLeft(clock));
      timeout =
          clock.schedule(
              () -> {
                if (finish(null, Errors.waitTimedOut(task, request.key()))) {
                  task.counters.inProgress.increment();
                }
              },
              left);
      claiming.set(true);
      // subscribe first, then claim: a change after that claim is then always notified
      run(
          () -> {
            subscription = subscribe(request.key(), this::claimSoon);
            if (result.isDone()) {
              closeQuietly(subscription);
              return;
            }
            claimNow();
          });
    }

    /** From a notification or the poll timer: never blocks. */
    void claimSoon() {
      again = true;
      if (!result.isDone() && claiming.compareAndSet(false, true)) {
        run(this::claimNow);
      }
    }

    private void claimNow() {
      again = false;
      poll.cancel();
      Claim claim;
      try {
        claim = store.claim(request);
      } catch (RuntimeException | Error e) {
        finish(null, e);
        return;
      }
      if (!(claim instanceof Claim.InProgress inProgress)) {
        if (!finish(claim, null) && claim instanceof Claim.Claimed claimed) {
          // the wait timed out meanwhile: nobody will run under this claim, give it back (if
          // that fails, this owner's next claim of the key takes the orphan over at once)
          try {
            store.release(request.key(), claimed.fence());
          } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "idempotent4j: releasing an unused claim failed", e);
          }
        }
        return;
      }
      long left = deadline.nanosLeft(clock);
      long leaseLeft = inProgress.timeLeft().toNanos() + POLL_MARGIN_NANOS;
      long next = Math.max(0, Math.min(left, Math.min(leaseLeft, POLL_INTERVAL.toNanos())));
      claiming.set(false);
      if (again) {
        claimSoon();
      } else if (!result.isDone()) {
        poll = clock.schedule(this::claimSoon, next);
      }
    }

    private void run(Runnable work) {
      try {
        roundTrips.execute(work);
      } catch (RuntimeException e) {
        finish(null, e); // the engine is closing
      }
    }

    private boolean finish(Claim claim, Throwable failure) {
      boolean first =
          failure == null ? result.complete(claim) : result.completeExceptionally(failure);
      if (first) {
        timeout.cancel();
        poll.cancel();
        closeQuietly(subscription);
      }
      return first;
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
