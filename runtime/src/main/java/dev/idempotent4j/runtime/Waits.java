package dev.idempotent4j.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Duplicates waiting for a flight of this JVM: a synchronous one parks (never pins a virtual
 * thread) until the flight ends or its deadline passes; an async one gets a future at once, which
 * the flight's end (or a timer) completes, so no thread waits for it.
 *
 * <pre>{@code
 * Outcome outcome = waits.await(task, flight, deadline);            // blocks
 * CompletableFuture<Object> duplicate = waits.attach(task, flight); // never blocks
 * }</pre>
 */
final class Waits {

  private final EngineClock clock;
  private final SingleFlight flights;

  Waits(EngineClock clock, SingleFlight flights) {
    this.clock = clock;
    this.flights = flights;
  }

  /**
   * Blocks until {@code flight} ends.
   *
   * @throws TaskInProgressException if {@code deadline} passes first, or the thread is interrupted
   */
  Outcome await(BoundTask task, Flight flight, WaitDeadline deadline) {
    CompletableFuture<Outcome> done = flight.done;
    if (done.isDone()) {
      return done.join();
    }
    long nanosLeft = deadline.nanosLeft(clock);
    if (nanosLeft <= 0) {
      task.counters.inProgress.increment();
      throw Errors.waitTimedOut(task, flight.key);
    }
    Observers.Registered[] observers = Observers.current();
    long started = Observers.startTime(observers);
    CompletableFuture<Outcome> wakeUp = new CompletableFuture<>();
    // a relay that cannot throw: the stage it returns holds nothing to handle
    var unused = done.whenComplete((outcome, never) -> wakeUp.complete(outcome));
    EngineClock.Timer timer = clock.schedule(() -> wakeUp.complete(null), nanosLeft);
    Outcome outcome;
    try {
      outcome = park(task, flight.key, wakeUp, false);
    } finally {
      timer.cancel();
      Observers.waitEnded(observers, flight.context, started);
    }
    if (outcome == null) {
      task.counters.inProgress.increment();
      throw Errors.waitTimedOut(task, flight.key);
    }
    return outcome;
  }

  /**
   * The future an async duplicate gets: it completes with the flight's outcome, or fails with
   * {@link TaskInProgressException} when the flight ends without one (the duplicate's own body was
   * skipped when it attached, so it cannot run the method now) or {@code waitTimeout} passes.
   */
  // whenComplete's own stage is dropped: the callback settles duplicate in every case
  @SuppressWarnings("FutureReturnValueIgnored")
  CompletableFuture<Object> attach(BoundTask task, Flight flight) {
    CompletableFuture<Object> duplicate = new CompletableFuture<>();
    Observers.Registered[] observers = Observers.current();
    if (observers.length != 0) {
      long started = System.nanoTime();
      duplicate.whenComplete(
          (value, failure) -> Observers.waitEnded(observers, flight.context, started));
    }
    EngineClock.Timer timer =
        clock.schedule(
            () -> {
              if (duplicate.completeExceptionally(Errors.waitTimedOut(task, flight.key))) {
                task.counters.inProgress.increment();
              }
            },
            task.waitTimeoutNanos);
    flight.done.whenComplete(
        (outcome, never) -> {
          timer.cancel();
          Outcome settled = outcome;
          if (settled.kind == Outcome.Kind.ABANDONED) {
            Outcome remembered = flights.remembered(flight);
            settled = remembered != null ? remembered : settled;
          }
          switch (settled.kind) {
            case SUCCESS -> {
              if (duplicate.complete(settled.value)) {
                task.counters.localHits.increment();
                Observers.replayed(settled.replayContext, false);
              }
            }
            case FAILURE -> {
              if (duplicate.completeExceptionally(settled.failure)) {
                task.counters.localHits.increment();
                Observers.replayed(settled.replayContext, false);
              }
            }
            default -> {
              if (duplicate.completeExceptionally(
                  Errors.waitedForReleased(task, flight.key, flight.attempt, settled.failure))) {
                task.counters.inProgress.increment();
              }
            }
          }
        });
    return duplicate;
  }

  /**
   * Parks (never pins) until {@code wakeUp} completes; an interrupt ends the wait with {@link
   * TaskInProgressException} and keeps the thread's interrupt flag.
   *
   * @param elsewhere whether the key is in progress in another worker (for the message)
   */
  static <T> T park(BoundTask task, String key, CompletableFuture<T> wakeUp, boolean elsewhere) {
    try {
      return wakeUp.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.counters.inProgress.increment();
      throw Errors.interrupted(task, key, elsewhere, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("wake-ups never complete exceptionally", e);
    }
  }
}
