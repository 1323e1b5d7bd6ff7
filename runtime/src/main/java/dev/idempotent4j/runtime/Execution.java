package dev.idempotent4j.runtime;

import java.util.concurrent.CompletionStage;

/**
 * The handle of a running execution: returned by {@code Engine.enter} when the body must run, and
 * passed back to {@code Engine.exit}, which calls {@link #finish}.
 *
 * <pre>{@code
 * Execution execution = Execution.start(recorder, task, flight, held);  // the body runs now
 * Object value = execution.finish(returned, thrown);
 * }</pre>
 */
final class Execution {
  final OutcomeRecorder recorder;
  final BoundTask task;
  final Flight flight;

  /** The shared store's claim of this execution, or null when it runs on this JVM's word. */
  final LeaseRenewer.Held held;

  private final Frames.Frame frame;

  /** The observers told of the start, who are told of the end; empty when none were registered. */
  private final Observers.Registered[] observers;

  private final long startedAt;
  private boolean ended;

  private Execution(
      OutcomeRecorder recorder,
      BoundTask task,
      Flight flight,
      LeaseRenewer.Held held,
      Frames.Frame frame,
      Observers.Registered[] observers,
      long startedAt) {
    this.recorder = recorder;
    this.task = task;
    this.flight = flight;
    this.held = held;
    this.frame = frame;
    this.observers = observers;
    this.startedAt = startedAt;
  }

  /** Counts the execution and makes it the innermost one running on this thread. */
  static Execution start(
      OutcomeRecorder recorder, BoundTask task, Flight flight, LeaseRenewer.Held held) {
    return start(recorder, task, flight, held, false);
  }

  /**
   * Like {@link #start(OutcomeRecorder, BoundTask, Flight, LeaseRenewer.Held)}; {@code takeover}
   * tells observers that the shared store handed over a lapsed lease.
   */
  static Execution start(
      OutcomeRecorder recorder,
      BoundTask task,
      Flight flight,
      LeaseRenewer.Held held,
      boolean takeover) {
    task.counters.executed.increment();
    Observers.Registered[] observers = Observers.current();
    long startedAt = Observers.startTime(observers);
    if (observers.length != 0) {
      Observers.executionStarted(observers, flight.context, takeover);
    }
    return new Execution(
        recorder,
        task,
        flight,
        held,
        Frames.onThisThread().push(flight.context),
        observers,
        startedAt);
  }

  /** Tells the observers that saw the start how the execution ended; once. */
  void ended(IdempotencyObserver.ExecutionOutcome outcome) {
    if (observers.length == 0 || ended) {
      return;
    }
    ended = true;
    Observers.executionEnded(observers, flight.context, outcome, startedAt);
  }

  /** Records the body's outcome (for an async task: once its future completes). */
  @SuppressWarnings("FutureReturnValueIgnored") // an async task's future is its caller's result
  Object finish(Object returned, Throwable thrown) {
    frame.leave();
    if (thrown != null) {
      recorder.failed(this, thrown);
      return returned != null ? returned : task.definition.skipValue();
    }
    if (task.async) {
      if (returned == null) {
        recorder.nullFuture(this);
        return null;
      }
      return AsyncCompletion.whenSettled(this, (CompletionStage<?>) returned);
    }
    recorder.succeeded(this, returned);
    return returned;
  }

  @Override
  public String toString() {
    return "Execution[" + flight.key + " attempt " + flight.attempt + "]";
  }
}
