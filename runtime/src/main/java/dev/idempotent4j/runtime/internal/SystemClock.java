package dev.idempotent4j.runtime.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link System#nanoTime()} and a single daemon thread that fires deadlines. */
final class SystemClock implements EngineClock {

  private final ScheduledThreadPoolExecutor scheduler;

  SystemClock() {
    scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "idempotent4j-timer");
              thread.setDaemon(true);
              return thread;
            });
    // Waits that end normally cancel their timers; without this the queue would keep them until
    // their (often 30 s) deadline.
    scheduler.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Timer schedule(Runnable task, long delayNanos) {
    ScheduledFuture<?> future = scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
