package dev.idempotent4j.runtime;

/**
 * When a call that waits must give up: set once, when the call first waits (counted then, once per
 * call however many releases it waits through), so that {@code waitTimeout} bounds the whole call,
 * local waits and shared waits together.
 *
 * <pre>{@code
 * WaitDeadline deadline = null;                  // the call has not waited yet
 * deadline = WaitDeadline.begin(deadline, task, clock);
 * long left = deadline.nanosLeft(clock);
 * }</pre>
 */
final class WaitDeadline {
  private final long deadlineNanos;

  private WaitDeadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** {@code started} if the call waited before; else a new deadline, and the wait is counted. */
  static WaitDeadline begin(WaitDeadline started, BoundTask task, EngineClock clock) {
    if (started != null) {
      return started;
    }
    task.counters.waits.increment();
    return new WaitDeadline(clock.nanoTime() + task.waitTimeoutNanos);
  }

  /** Nanoseconds until the deadline; zero or less once it passed. */
  long nanosLeft(EngineClock clock) {
    return deadlineNanos - clock.nanoTime();
  }
}
