package dev.idempotent4j.runtime;

import java.lang.System.Logger.Level;
import java.util.List;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * idempotent4j's JFR events, in the category {@code idempotent4j}: {@code
 * dev.idempotent4j.Execution}, {@code dev.idempotent4j.Replay}, {@code dev.idempotent4j.Wait},
 * {@code dev.idempotent4j.Takeover} and {@code dev.idempotent4j.LeaseLost}, each with the task, the
 * key (its first {@value #KEY_CHARS} characters), the attempt and the fencing token.
 *
 * <p>No cost when not recording: a {@link FlightRecorderListener} (installed once, when the engine
 * first dispatches, and only where the {@code jdk.jfr} module exists) registers this observer while
 * at least one recording runs and removes it when none does, so outside recordings the engine's
 * observer list stays empty. While registered, each event is created only if {@link
 * Event#shouldCommit()} says the recording wants it. Executions and waits carry their time as a
 * field ({@code executionTime}, {@code waitTime}), measured by the engine, and are committed when
 * they end (the event's own start time is its end).
 *
 * <pre>{@code
 * FlightRecorderObserver.watchRecordings();   // once; Observers does it
 * }</pre>
 */
final class FlightRecorderObserver implements IdempotencyObserver {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  /** Keys are cut to this many characters in events (a key may be 512 bytes). */
  static final int KEY_CHARS = 128;

  private static final FlightRecorderObserver INSTANCE = new FlightRecorderObserver();

  private static final Object LOCK = new Object();

  /** The registration while a recording runs, else null. Guarded by {@link #LOCK}. */
  private static IdempotencyObserver.Registration registration;

  private FlightRecorderObserver() {}

  /** Starts following recordings; does nothing on a JDK without the {@code jdk.jfr} module. */
  static void watchRecordings() {
    if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
      return;
    }
    try {
      FlightRecorder.addListener(new Watcher());
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.DEBUG, "idempotent4j: no JFR events (" + e + ")");
    }
  }

  /** Registers this observer while a recording runs, removes it when none does. */
  private static final class Watcher implements FlightRecorderListener {
    @Override
    public void recorderInitialized(FlightRecorder recorder) {
      update(recorder, null);
    }

    @Override
    public void recordingStateChanged(Recording changed) {
      update(FlightRecorder.getFlightRecorder(), changed);
    }

    private static void update(FlightRecorder recorder, Recording changed) {
      boolean running = changed != null && changed.getState() == RecordingState.RUNNING;
      for (Recording recording : recorder.getRecordings()) {
        running |= recording.getState() == RecordingState.RUNNING;
      }
      synchronized (LOCK) {
        if (running && registration == null) {
          loadEventClasses();
          registration = Observers.add(INSTANCE);
        } else if (!running && registration != null) {
          registration.close();
          registration = null;
        }
      }
    }
  }

  /**
   * Loads and initializes the event classes here, on the recorder's thread, before any task thread
   * can meet them: a class loaded on a virtual thread pins it to its carrier while it waits for the
   * class loader's lock (a monitor), which the virtual-thread tests would catch.
   */
  private static void loadEventClasses() {
    List<Class<? extends Event>> types =
        List.of(
            ExecutionEvent.class,
            ReplayEvent.class,
            WaitEvent.class,
            TakeoverEvent.class,
            LeaseLostEvent.class);
    for (Class<? extends Event> type : types) {
      try {
        Class.forName(type.getName(), true, type.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("idempotent4j's own JFR event class is missing", e);
      }
    }
  }

  @Override
  public void executionStarted(IdempotencyContext execution, boolean takeover) {
    if (!takeover) {
      return;
    }
    TakeoverEvent event = new TakeoverEvent();
    if (shouldCommitFor(event, execution)) {
      event.commit();
    }
  }

  @Override
  public void executionEnded(IdempotencyContext execution, ExecutionOutcome outcome, long nanos) {
    ExecutionEvent event = new ExecutionEvent();
    if (shouldCommitFor(event, execution)) {
      event.outcome = name(outcome);
      event.executionTime = nanos;
      event.commit();
    }
    if (outcome == ExecutionOutcome.LEASE_LOST) {
      LeaseLostEvent lost = new LeaseLostEvent();
      if (shouldCommitFor(lost, execution)) {
        lost.commit();
      }
    }
  }

  @Override
  public void waitEnded(IdempotencyContext waitedFor, long nanos) {
    WaitEvent event = new WaitEvent();
    if (shouldCommitFor(event, waitedFor)) {
      event.waitTime = nanos;
      event.commit();
    }
  }

  @Override
  public void replayed(IdempotencyContext replay, boolean shared) {
    ReplayEvent event = new ReplayEvent();
    if (shouldCommitFor(event, replay)) {
      event.tier = shared ? "shared" : "local";
      event.commit();
    }
  }

  @Override
  public String toString() {
    return "idempotent4j JFR events";
  }

  static String truncated(String key) {
    return key.length() <= KEY_CHARS ? key : key.substring(0, KEY_CHARS);
  }

  /** {@code CACHED_FAILURE} as {@code cached-failure}, the words of the {@code outcome} tag. */
  static String name(ExecutionOutcome outcome) {
    return outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /**
   * Whether the recording wants {@code event}; if so, it now holds {@code execution}'s task, key
   * (cut to {@value #KEY_CHARS} characters), attempt and fencing token, and the caller sets the
   * event's own fields and commits it.
   */
  private static boolean shouldCommitFor(KeyedEvent event, IdempotencyContext execution) {
    if (!event.shouldCommit()) {
      return false;
    }
    event.task = execution.taskName();
    event.key = truncated(execution.key());
    event.attempt = execution.attempt();
    event.fencingToken = execution.fencingToken();
    return true;
  }

  /**
   * The four fields every idempotent4j event has: JFR includes an event superclass's fields in each
   * event type, and registers no type for an abstract event class. Fields only: on JDK 17, an event
   * superclass with a method that calls {@code shouldCommit()} makes JFR fail to register its
   * subclasses ("Could not instantiate event handler ... wrong number of arguments"), so the
   * filling is {@link #shouldCommitFor}, outside.
   */
  abstract static class KeyedEvent extends Event {
    @Label("Task")
    String task;

    @Label("Key")
    @Description("The key, cut to its first 128 characters")
    String key;

    @Label("Attempt")
    @Description("The execution's attempt (for a replay, the attempt whose outcome was replayed)")
    int attempt;

    @Label("Fencing Token")
    long fencingToken;
  }

  @Name("dev.idempotent4j.Execution")
  @Category("idempotent4j")
  @Label("Execution")
  @Description("This JVM ran a task's body for a key; committed when the execution ended")
  @StackTrace(false)
  static final class ExecutionEvent extends KeyedEvent {
    @Label("Outcome")
    @Description("completed, cached-failure, released or lease-lost")
    String outcome;

    @Label("Execution Time")
    @Timespan(Timespan.NANOSECONDS)
    long executionTime;
  }

  @Name("dev.idempotent4j.Replay")
  @Category("idempotent4j")
  @Label("Replay")
  @Description("A duplicate was handed a recorded outcome; the body did not run")
  @StackTrace(false)
  static final class ReplayEvent extends KeyedEvent {
    @Label("Tier")
    @Description("local (this JVM's outcome) or shared (from the shared store)")
    String tier;
  }

  @Name("dev.idempotent4j.Wait")
  @Category("idempotent4j")
  @Label("Wait")
  @Description("A duplicate waited for a concurrent execution of its key; committed when it ended")
  @StackTrace(false)
  static final class WaitEvent extends KeyedEvent {
    @Label("Wait Time")
    @Timespan(Timespan.NANOSECONDS)
    long waitTime;
  }

  @Name("dev.idempotent4j.Takeover")
  @Category("idempotent4j")
  @Label("Takeover")
  @Description("This JVM took over a key whose owner's lease ran out, and runs it")
  @StackTrace(false)
  static final class TakeoverEvent extends KeyedEvent {}

  @Name("dev.idempotent4j.LeaseLost")
  @Category("idempotent4j")
  @Label("Lease Lost")
  @Description("An execution of this JVM lost its lease: its outcome was not recorded")
  @StackTrace(false)
  static final class LeaseLostEvent extends KeyedEvent {}
}
