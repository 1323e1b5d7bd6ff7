package dev.idempotent4j.runtime;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The registered {@link IdempotencyObserver}s, process-wide so that they outlive engine
 * replacements: a copy-on-write array read with one volatile read, and the engine's calls of them,
 * each guarded so that an observer that throws is logged once and never fails a call.
 *
 * <p>Paired events (an execution's start and end, a wait's start and end) take a snapshot with
 * {@link #current()} at the start and report the end to that same snapshot, so that an observer
 * registered meanwhile never sees an end without its start (the in-flight gauge stays balanced),
 * and no clock is read when the snapshot is empty.
 *
 * <pre>{@code
 * Observers.Registered[] observers = Observers.current();
 * long started = Observers.startTime(observers);           // 0, and no clock read, when none
 * ... wait ...
 * Observers.waitEnded(observers, flight.context, started);
 * }</pre>
 */
final class Observers {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  static final Registered[] NONE = {};

  private static final Object LOCK = new Object();
  private static volatile Registered[] all = NONE;

  static {
    // JFR events: an observer of their own, registered only while a recording runs.
    FlightRecorderObserver.watchRecordings();
  }

  private Observers() {}

  static Registered[] current() {
    return all;
  }

  static IdempotencyObserver.Registration add(IdempotencyObserver observer) {
    Registered registered = new Registered(Objects.requireNonNull(observer, "observer"));
    synchronized (LOCK) {
      Registered[] grown = Arrays.copyOf(all, all.length + 1);
      grown[grown.length - 1] = registered;
      all = grown;
    }
    return registered;
  }

  private static void remove(Registered registered) {
    synchronized (LOCK) {
      Registered[] now = all;
      for (int i = 0; i < now.length; i++) {
        if (now[i] == registered) {
          Registered[] shrunk = new Registered[now.length - 1];
          System.arraycopy(now, 0, shrunk, 0, i);
          System.arraycopy(now, i + 1, shrunk, i, now.length - i - 1);
          all = shrunk;
          return;
        }
      }
    }
  }

  /** {@link System#nanoTime()} if there is an observer to tell, else 0 without reading a clock. */
  static long startTime(Registered[] observers) {
    return observers.length == 0 ? 0 : System.nanoTime();
  }

  static void taskBound(String task) {
    for (Registered each : all) {
      try {
        each.observer.taskBound(task);
      } catch (RuntimeException | LinkageError e) {
        each.failed(e);
      }
    }
  }

  static void executionStarted(
      Registered[] observers, IdempotencyContext execution, boolean takeover) {
    for (Registered each : observers) {
      try {
        each.observer.executionStarted(execution, takeover);
      } catch (RuntimeException | LinkageError e) {
        each.failed(e);
      }
    }
  }

  static void executionEnded(
      Registered[] observers,
      IdempotencyContext execution,
      IdempotencyObserver.ExecutionOutcome outcome,
      long started) {
    if (observers.length == 0) {
      return;
    }
    long nanos = System.nanoTime() - started;
    for (Registered each : observers) {
      try {
        each.observer.executionEnded(execution, outcome, nanos);
      } catch (RuntimeException | LinkageError e) {
        each.failed(e);
      }
    }
  }

  static void waitEnded(Registered[] observers, IdempotencyContext waitedFor, long started) {
    if (observers.length == 0) {
      return;
    }
    long nanos = System.nanoTime() - started;
    for (Registered each : observers) {
      try {
        each.observer.waitEnded(waitedFor, nanos);
      } catch (RuntimeException | LinkageError e) {
        each.failed(e);
      }
    }
  }

  /** On the duplicate-hit path: one volatile read, nothing allocated, no clock. */
  static void replayed(IdempotencyContext replay, boolean shared) {
    for (Registered each : all) {
      try {
        each.observer.replayed(replay, shared);
      } catch (RuntimeException | LinkageError e) {
        each.failed(e);
      }
    }
  }

  /** One registered observer. */
  static final class Registered implements IdempotencyObserver.Registration {
    final IdempotencyObserver observer;
    private final AtomicBoolean warned = new AtomicBoolean();

    Registered(IdempotencyObserver observer) {
      this.observer = observer;
    }

    void failed(Throwable e) {
      if (warned.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, Errors.observerFailed(observer), e);
      }
    }

    @Override
    public void close() {
      remove(this);
    }

    @Override
    public String toString() {
      return "Registration[" + observer + "]";
    }
  }
}
