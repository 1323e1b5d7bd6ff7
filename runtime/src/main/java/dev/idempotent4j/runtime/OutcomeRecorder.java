package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.ResultCodec;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoredFailure;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Ends executions: turns what the body returned or threw into an {@link Outcome} (a value or a
 * {@code cacheFailures} exception is final; anything else releases the key), writes it to the
 * shared store first ({@code complete}, {@code fail} or {@code release}, fenced by the claim), then
 * settles the flight in this JVM.
 *
 * <p>A result larger than {@code max-result-size} is stored as a failure ({@link ResultSizeLimit}).
 *
 * <p>If the claim's lease was lost (the renewer or the store says so), nothing is written and the
 * outcome is not kept here either: the key belongs to another worker, whose outcome is the one that
 * counts, so local waiters claim again. The caller still gets the value it computed.
 *
 * <pre>{@code
 * recorder.succeeded(execution, value);
 * recorder.failed(execution, thrown);
 * }</pre>
 */
final class OutcomeRecorder {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  /** Retries of a fenced write start this soon (a reconnect takes from 20 ms)... */
  private static final long FIRST_RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** ...and back off to at most this (the client's own reconnect delay tops out at 1 s). */
  private static final long MAX_RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final SingleFlight flights;

  /** The shared tier, or null on the embedded default. */
  private final SharedTier shared;

  OutcomeRecorder(SingleFlight flights, SharedTier shared) {
    this.flights = flights;
    this.shared = shared;
  }

  void succeeded(Execution execution, Object value) {
    BoundTask task = execution.task;
    @SuppressWarnings("unchecked")
    ResultCodec<Object> codec = (ResultCodec<Object>) task.definition.codec();
    String json = null;
    Object forDuplicates = value;
    if (codec != null || execution.held != null) {
      try {
        json = SharedTier.encode(task, value);
        // Duplicates get an immutable copy decoded from the value's own encoding, made once.
        forDuplicates = codec == null ? value : codec.decode(json);
      } catch (RuntimeException e) {
        if (execution.held != null) {
          // Nothing to store for other JVMs: give the key up rather than leave it claimed.
          LOG.log(Level.ERROR, Errors.codecFailedShared(task, execution.flight.key, value), e);
          task.counters.releases.increment();
          released(execution, e);
          return;
        }
        LOG.log(Level.WARNING, Errors.codecFailedLocal(task, value), e);
      }
    }
    settle(execution, Outcome.success(execution.flight, forDuplicates, task.ttlNanos), json);
  }

  void failed(Execution execution, Throwable thrown) {
    BoundTask task = execution.task;
    Flight flight = execution.flight;
    Throwable failure = task.async ? unwrap(thrown) : thrown;
    if (task.definition.isCachedFailure(failure)) {
      task.counters.cachedFailures.increment();
      LOG.log(
          Level.DEBUG,
          "Task {0} key {1}: cached failure {2}",
          task.definition.name(),
          flight.key,
          failure);
      settle(execution, Outcome.failure(flight, failure, task.ttlNanos), null);
    } else {
      task.counters.releases.increment();
      LOG.log(
          Level.DEBUG,
          "Task {0} key {1}: attempt {2} failed with {3}; key released for a retry",
          task.definition.name(),
          flight.key,
          flight.attempt,
          failure);
      released(execution, failure);
    }
  }

  /** An async task returned null instead of a future: nothing to remember, the key is released. */
  void nullFuture(Execution execution) {
    LOG.log(Level.WARNING, Errors.nullFuture(execution.task, execution.flight.key));
    released(execution, null);
    execution.task.counters.releases.increment();
  }

  /** Releases the key of {@code execution} (not counted here: the callers count their cause). */
  void released(Execution execution, Throwable cause) {
    settle(execution, Outcome.released(execution.flight, cause, execution.task.ttlNanos), null);
  }

  /**
   * Runs {@code work} (which waits for the store) on a thread of the shared tier; on the calling
   * thread without one.
   */
  void offCaller(Runnable work) {
    if (shared == null) {
      work.run();
    } else {
      shared.offCaller(work);
    }
  }

  /**
   * @param json the encoded result of a success with a shared claim, else null
   */
  private void settle(Execution execution, Outcome outcome, String json) {
    if (execution.held != null && !record(execution, outcome, json)) {
      flights.abandon(execution.flight);
      execution.ended(IdempotencyObserver.ExecutionOutcome.LEASE_LOST);
      return;
    }
    if (execution.flight.tentative) {
      // Recorded in a transaction the application has not committed (JdbcTransaction.join): a
      // rollback undoes it, so it is neither remembered here nor handed to the local waiters.
      // They look again and meet the store, which answers them once the transaction ended.
      flights.abandon(execution.flight);
    } else {
      flights.settle(execution.flight, outcome);
    }
    execution.ended(observed(outcome.kind));
  }

  private static IdempotencyObserver.ExecutionOutcome observed(Outcome.Kind kind) {
    return switch (kind) {
      case SUCCESS -> IdempotencyObserver.ExecutionOutcome.COMPLETED;
      case FAILURE -> IdempotencyObserver.ExecutionOutcome.CACHED_FAILURE;
      default -> IdempotencyObserver.ExecutionOutcome.RELEASED;
    };
  }

  /**
   * Writes {@code outcome} to the shared store.
   *
   * @return false if the claim was lost (nothing was written)
   */
  private boolean record(Execution execution, Outcome outcome, String json) {
    BoundTask task = execution.task;
    String key = execution.flight.key;
    LeaseRenewer.Held held = execution.held;
    Fence fence = held.lease.fence();
    if (outcome.kind == Outcome.Kind.SUCCESS) {
      StoredFailure tooLarge = shared.resultLimit.refusal(json);
      if (tooLarge != null) {
        LOG.log(Level.WARNING, ResultSizeLimit.warning(key, tooLarge));
      }
    }
    SharedStore.Completion completion;
    try {
      completion = writeWhileLeaseLives(task, held, outcome, json);
    } catch (RuntimeException e) {
      // Unknown whether it was written; this JVM keeps its outcome, other JVMs may run the key
      // again once the lease runs out.
      task.counters.storeErrors.increment();
      LOG.log(Level.WARNING, Errors.recordingFailed(task, key, outcome.kind, e), e);
      return true;
    } finally {
      shared.renewer.finish(held); // renewed until now: the lease outlives the last try
    }
    if (completion == SharedStore.Completion.LEASE_LOST
        && outcome.isFinal()
        && storedAfterLapse(execution, outcome, json)) {
      return true;
    }
    if (completion == SharedStore.Completion.LEASE_LOST) {
      task.counters.lostLeases.increment();
      LOG.log(Level.WARNING, Errors.leaseLost(task, key, fence, outcome.kind));
      return false;
    }
    return true;
  }

  /**
   * Writes {@code outcome}, fenced by {@code held}, retrying while the store is unavailable and the
   * lease may still live (it is renewed meanwhile): a fenced write is safe to repeat, since the
   * store refuses it once another worker holds the key. A short disconnect at completion would
   * otherwise let the lease run out and another worker run the key again.
   *
   * @throws StoreUnavailableException the last failure, once the lease may have run out; or if a
   *     retry is refused as lost after an earlier try that may have been written (then the refusal
   *     may be of our own outcome, stored by that try)
   */
  private SharedStore.Completion writeWhileLeaseLives(
      BoundTask task, LeaseRenewer.Held held, Outcome outcome, String json) {
    String key = held.lease.key();
    Fence fence = held.lease.fence();
    StoreUnavailableException failed = null;
    long pause = FIRST_RETRY_PAUSE_NANOS;
    while (true) {
      if (held.lost()) {
        if (failed != null) {
          throw failed;
        }
        return SharedStore.Completion.LEASE_LOST; // not even sent: the store would refuse it
      }
      try {
        SharedStore.Completion completion = write(task, key, fence, outcome, json);
        if (completion == SharedStore.Completion.LEASE_LOST && failed != null) {
          throw failed;
        }
        return completion;
      } catch (StoreUnavailableException e) {
        failed = e;
        long left = held.nanosLeft(shared.clock.nanoTime());
        if (left <= 0) {
          throw e;
        }
        LOG.log(
            Level.DEBUG,
            "idempotent4j: key ''{0}'': recording the outcome failed ({1}); trying again while"
                + " the lease lives",
            key,
            e.getMessage());
        if (!pause(Math.min(pause, left))) {
          throw e;
        }
        pause = Math.min(2 * pause, MAX_RETRY_PAUSE_NANOS);
      }
    }
  }

  /**
   * A final outcome refused because the lease ran out is still the only one if nobody claimed the
   * key since: storing it is safe, and throwing it away would run the method again. A new claim
   * tells: attempts grow by one on every claim of a key, so a claim that gets the attempt right
   * after this execution's proves that none came between (a takeover in between, or a claim and
   * release, would have taken that number). The outcome is then written under the new fence; any
   * other answer leaves the key to whoever has it (a claim it got is released at once).
   *
   * @return whether the outcome was stored
   */
  private boolean storedAfterLapse(Execution execution, Outcome outcome, String json) {
    BoundTask task = execution.task;
    String key = execution.flight.key;
    Fence lapsed = execution.held.lease.fence();
    try {
      Claim claim = shared.store.claim(shared.request(task, execution.flight));
      if (!(claim instanceof Claim.Claimed claimed)) {
        return false; // another worker runs it, or has stored its outcome
      }
      Fence fresh = claimed.fence();
      if (fresh.attempt() != lapsed.attempt() + 1) {
        shared.store.release(key, fresh);
        return false;
      }
      if (write(task, key, fresh, outcome, json) != SharedStore.Completion.ACCEPTED) {
        return false;
      }
      LOG.log(
          Level.INFO,
          "idempotent4j: task ''{0}'' key ''{1}'': attempt {2} outlived its lease, but nobody"
              + " claimed the key meanwhile, so its outcome was stored (fencing token {3})",
          task.definition.name(),
          key,
          lapsed.attempt(),
          fresh.token());
      return true;
    } catch (RuntimeException e) {
      LOG.log(
          Level.DEBUG,
          "idempotent4j: key ''{0}'': storing an outcome after its lease ran out failed: {1}",
          key,
          e.getMessage());
      return false;
    }
  }

  /** Waits on the engine's clock; false if interrupted (the flag is kept). */
  private boolean pause(long nanos) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    EngineClock.Timer timer = shared.clock.schedule(() -> done.complete(null), nanos);
    try {
      done.get();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a pause never fails", e);
    } finally {
      timer.cancel();
    }
  }

  private SharedStore.Completion write(
      BoundTask task, String key, Fence fence, Outcome outcome, String json) {
    return switch (outcome.kind) {
      case SUCCESS -> {
        // A result past max-result-size is stored as a failure: the task ran, and storing
        // nothing would let the key run again (checked again here, cheaply, on every try).
        StoredFailure tooLarge = shared.resultLimit.refusal(json);
        yield tooLarge == null
            ? shared.store.complete(key, fence, json, task.definition.ttl())
            : shared.store.fail(key, fence, tooLarge, task.definition.ttl());
      }
      case FAILURE ->
          shared.store.fail(key, fence, SharedTier.stored(outcome.failure), task.definition.ttl());
      default -> shared.store.release(key, fence);
    };
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
