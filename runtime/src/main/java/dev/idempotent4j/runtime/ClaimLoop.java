package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.Replay;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;

/**
 * The leader of this JVM's flight claims the key in the shared store, once per JVM and key however
 * many local duplicates wait behind it, and acts on the answer until it can run, replay or give up:
 *
 * <ul>
 *   <li>{@code Claimed}: run under the store's fence (its token and attempt replace the local ones)
 *       with the lease renewed in the background; a takeover is counted.
 *   <li>{@code Completed}/{@code Failed}: another worker's final outcome: decoded (a failure
 *       replays as {@link TaskFailedException}), settled in this JVM for the local waiters and
 *       later calls, and replayed ({@code sharedHits}).
 *   <li>{@code InProgress}: THROW and SKIP as for a local flight; WAIT waits for a change ({@link
 *       SharedWait}) and acts on the next answer, until the outcome arrives, the key is free (after
 *       a release or a lapsed lease: then this call runs it), or waitTimeout passes.
 *   <li>{@code KeyReused}: {@link KeyReuseException}.
 * </ul>
 *
 * The store unreachable: the fail mode decides ({@code closed}: the call fails, {@code open}: it
 * runs unshared, counted).
 *
 * <pre>{@code
 * Object entered = claims.claim(task, flight, deadline);  // a Replay, or an Execution to run
 * }</pre>
 */
final class ClaimLoop {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  private final SharedTier shared;
  private final EngineClock clock;
  private final SingleFlight flights;
  private final OutcomeRecorder recorder;
  private final SharedWait sharedWait;

  ClaimLoop(SharedTier shared, EngineClock clock, SingleFlight flights, OutcomeRecorder recorder) {
    this.shared = shared;
    this.clock = clock;
    this.flights = flights;
    this.recorder = recorder;
    this.sharedWait = new SharedWait(shared.store, clock, shared::offCaller);
  }

  /**
   * Claims the key of {@code flight}, which this call leads.
   *
   * @param deadline the call's wait deadline if it already waited for a local flight, else null
   * @return a {@link Replay}, or the {@link Execution} that runs the body
   */
  Object claim(BoundTask task, Flight flight, WaitDeadline deadline) {
    ClaimRequest request = null;
    try {
      SharedTier.checkShareable(task);
      request = shared.request(task, flight);
      return decide(task, flight, request, shared.store.claim(request), deadline);
    } catch (StoreUnavailableException e) {
      task.counters.storeErrors.increment();
      if (shared.failMode == Settings.FailMode.OPEN && request != null) {
        shared.warnFailOpen(task, flight.key, e);
        task.counters.failOpenRuns.increment();
        return Execution.start(recorder, task, flight, null);
      }
      flights.abandon(flight);
      throw e;
    } catch (CorruptRecordException e) {
      task.counters.storeErrors.increment();
      flights.abandon(flight);
      throw e;
    } catch (RuntimeException | Error e) {
      flights.abandon(flight); // local duplicates of this flight look again
      throw e;
    }
  }

  private Object decide(
      BoundTask task, Flight flight, ClaimRequest request, Claim claim, WaitDeadline deadline) {
    while (true) {
      if (claim instanceof Claim.Claimed) {
        Claim.Claimed claimed = (Claim.Claimed) claim;
        return Execution.start(
            recorder, task, flight, hold(task, flight, claimed), claimed.takeover());
      }
      if (claim instanceof Claim.Completed || claim instanceof Claim.Failed) {
        return Replays.shared(task, adopt(task, flight, claim));
      }
      if (claim instanceof Claim.KeyReused) {
        flights.abandon(flight);
        task.counters.keyReuse.increment();
        throw Errors.keyReused(task, flight.key, true);
      }
      Claim.InProgress inProgress = (Claim.InProgress) claim;
      switch (task.definition.onInProgress()) {
        case THROW:
          flights.abandon(flight);
          task.counters.inProgress.increment();
          throw Errors.inProgressElsewhere(task, flight.key, inProgress.timeLeft());
        case SKIP:
          flights.abandon(flight);
          return Replays.skip(Frames.onThisThread(), task, flight);
        case WAIT:
        default:
          deadline = WaitDeadline.begin(deadline, task, clock);
          if (task.async) {
            return Replay.of(awaitAsync(task, flight, request, deadline));
          }
          Observers.Registered[] observers = Observers.current();
          long started = Observers.startTime(observers);
          try {
            claim = sharedWait.await(task, request, deadline);
          } finally {
            Observers.waitEnded(observers, flight.context, started);
          }
      }
    }
  }

  /** Acts on the answer an async wait got: the duplicate's body was skipped, so it cannot run. */
  private void settleAsync(
      BoundTask task, Flight flight, Claim claim, CompletableFuture<Object> result) {
    if (claim instanceof Claim.Claimed claimed) {
      flights.abandon(flight);
      shared.store.release(flight.key, claimed.fence());
      task.counters.inProgress.increment();
      result.completeExceptionally(Errors.waitedForReleased(task, flight.key, 0, null));
    } else if (claim instanceof Claim.KeyReused) {
      flights.abandon(flight);
      task.counters.keyReuse.increment();
      result.completeExceptionally(Errors.keyReused(task, flight.key, true));
    } else {
      Outcome outcome = adopt(task, flight, claim);
      task.counters.sharedHits.increment();
      Observers.replayed(outcome.replayContext, true);
      if (outcome.kind == Outcome.Kind.FAILURE) {
        result.completeExceptionally(outcome.failure);
      } else {
        result.complete(outcome.value);
      }
    }
  }

  /** Runs under the store's fence, the lease renewed in the background. */
  private LeaseRenewer.Held hold(BoundTask task, Flight flight, Claim.Claimed claimed) {
    Fence fence = claimed.fence();
    flight.fence(fence.token(), fence.attempt());
    flight.tentative = claimed.tentative(); // see OutcomeRecorder.settle
    if (claimed.takeover()) {
      task.counters.takeovers.increment();
      LOG.log(
          Level.INFO,
          "idempotent4j: task ''{0}'' key ''{1}'': took over from a worker whose lease ran out"
              + " (attempt {2})",
          task.definition.name(),
          flight.key,
          fence.attempt());
    }
    return shared.renewer.register(
        flight.key, fence, task.definition.lease(), task.counters, task.maxRunTimeNanos);
  }

  /** Another worker's final outcome ({@code Completed} or {@code Failed}), settled here. */
  private Outcome adopt(BoundTask task, Flight flight, Claim claim) {
    Outcome outcome =
        claim instanceof Claim.Completed completed
            ? Outcome.success(
                flight, SharedTier.decode(task, flight.key, completed.resultJson()), task.ttlNanos)
            : Outcome.failure(
                flight,
                Errors.replayedFailure(task, flight.key, ((Claim.Failed) claim).failure()),
                task.ttlNanos);
    flights.settle(flight, outcome);
    return outcome;
  }

  /**
   * An async call that must wait for another worker gets a future at once. The call's body was
   * skipped, so if the key comes free meanwhile it cannot run it: the claim it got is released and
   * the future fails with {@link TaskInProgressException} (nothing ran for it; a retry runs the
   * method).
   */
  // whenComplete's own stage is dropped: the callback catches Throwable and settles result
  @SuppressWarnings("FutureReturnValueIgnored")
  private CompletableFuture<Object> awaitAsync(
      BoundTask task, Flight flight, ClaimRequest request, WaitDeadline deadline) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    Observers.Registered[] observers = Observers.current();
    long started = Observers.startTime(observers);
    // Completed on a thread of the shared tier's round trips: acting on the answer may take one
    // more (a release), never a wait.
    sharedWait
        .awaitAsync(task, request, deadline)
        .whenComplete(
            (claim, failure) -> {
              Observers.waitEnded(observers, flight.context, started);
              try {
                if (failure != null) {
                  throw failure;
                }
                settleAsync(task, flight, claim, result);
              } catch (StoreUnavailableException | CorruptRecordException e) {
                task.counters.storeErrors.increment();
                flights.abandon(flight);
                result.completeExceptionally(e);
              } catch (Throwable e) {
                flights.abandon(flight);
                result.completeExceptionally(e);
              }
            });
    return result;
  }
}
