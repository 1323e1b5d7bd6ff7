package dev.idempotent4j.runtime;

import java.util.concurrent.TimeUnit;

/**
 * The engine's sense of time: a nanosecond ticker for TTLs and deadlines, and a scheduler that runs
 * a task once a delay has passed on that ticker. Injected so that tests advance a fake clock (which
 * then runs the due tasks, waking waiters whose deadline passed) instead of sleeping.
 *
 * <pre>{@code
 * EngineClock clock = EngineClock.system();
 * EngineClock.Timer timer = clock.schedule(() -> waiter.complete(TIMED_OUT), timeoutNanos);
 * ...
 * timer.cancel();
 * }</pre>
 */
interface EngineClock {

  /** A monotonic reading in nanoseconds, like {@link System#nanoTime()}. */
  long nanoTime();

  /**
   * How far {@link #recentNanoTime()} may lag behind {@link #nanoTime()} on a machine that is not
   * overloaded.
   */
  long RECENT_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /**
   * A reading of the same ticker that may lag behind {@link #nanoTime()} by up to {@link
   * #RECENT_LAG_NANOS} (more when the machine is overloaded), never ahead of it. For checks on the
   * hot path that tolerate the lag, such as whether a long ttl has passed. Exact unless overridden.
   */
  default long recentNanoTime() {
    return nanoTime();
  }

  /**
   * Runs {@code task} once, when {@code delayNanos} have passed on this clock. The task must be
   * short and must not block: it completes a future or wakes a thread.
   */
  Timer schedule(Runnable task, long delayNanos);

  /** Releases the clock's threads, if it has any. */
  default void close() {}

  /**
   * The real clock: {@link System#nanoTime()}, one daemon scheduler thread, and a recent reading
   * kept by that thread while it is read.
   */
  static EngineClock system() {
    return new SystemClock();
  }

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Timer {
    /** Cancels the task if it has not run; does nothing otherwise. */
    void cancel();
  }
}
