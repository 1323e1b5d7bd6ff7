package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.ResultCodec;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.SharedStore;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Ends executions: turns what the body returned or threw into an {@link Outcome} (a value or a
 * {@code cacheFailures} exception is final; anything else releases the key), writes it to the
 * shared store first ({@code complete}, {@code fail} or {@code release}, fenced by the claim), then
 * settles the flight in this JVM.
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
      return;
    }
    flights.settle(execution.flight, outcome);
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
    shared.renewer.finish(held);
    SharedStore.Completion completion;
    if (held.lost()) {
      completion = SharedStore.Completion.LEASE_LOST; // not even sent: the store would refuse it
    } else {
      try {
        completion = write(task, key, fence, outcome, json);
      } catch (RuntimeException e) {
        // Unknown whether it was written; this JVM keeps its outcome, other JVMs may run the key
        // again once the lease runs out.
        task.counters.storeErrors.increment();
        LOG.log(Level.WARNING, Errors.recordingFailed(task, key, outcome.kind, e), e);
        return true;
      }
    }
    if (completion == SharedStore.Completion.LEASE_LOST) {
      task.counters.lostLeases.increment();
      LOG.log(Level.WARNING, Errors.leaseLost(task, key, fence, outcome.kind));
      return false;
    }
    return true;
  }

  private SharedStore.Completion write(
      BoundTask task, String key, Fence fence, Outcome outcome, String json) {
    switch (outcome.kind) {
      case SUCCESS:
        return shared.store.complete(key, fence, json, task.definition.ttl());
      case FAILURE:
        return shared.store.fail(
            key, fence, SharedTier.stored(outcome.failure), task.definition.ttl());
      default:
        return shared.store.release(key, fence);
    }
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
