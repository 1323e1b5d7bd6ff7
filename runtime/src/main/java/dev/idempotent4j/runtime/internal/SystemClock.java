package dev.idempotent4j.runtime.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link System#nanoTime()}, a single daemon thread that fires deadlines, and a {@link
 * #recentNanoTime() recent reading} that the same thread refreshes every millisecond.
 *
 * <p>Why a recent reading: a local duplicate hit must check its entry's ttl, and {@code
 * System.nanoTime()} costs 20-60 ns on virtual machines (60 ns on the 2-core VM of
 * docs/PERFORMANCE.md), a quarter of the whole hit. Reading a field instead costs about a
 * nanosecond. The refresh runs only while the reading is used: a tick that finds no read since
 * the previous one stops, and the next read takes the real clock and starts ticking again, so an
 * idle engine has no periodic work and a read after a pause is never stale.
 */
final class SystemClock implements EngineClock {

  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ScheduledThreadPoolExecutor scheduler;

  private volatile long recent;
  /** Whether a tick is scheduled, so that {@link #recent} is at most about a tick old. */
  private final AtomicBoolean ticking = new AtomicBoolean();
  /** Whether {@link #recent} was read since the last tick; written only when it changes. */
  private volatile boolean readSinceTick;

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
  public long recentNanoTime() {
    if (ticking.get()) {
      if (!readSinceTick) {
        readSinceTick = true;
      }
      return recent;
    }
    return startTicking();
  }

  private long startTicking() {
    long now = System.nanoTime();
    recent = now; // before ticking is set: a reader that sees ticking never reads an old value
    if (ticking.compareAndSet(false, true)) {
      readSinceTick = true;
      scheduleTick();
    }
    return now;
  }

  private void tick() {
    recent = System.nanoTime();
    if (readSinceTick) {
      readSinceTick = false;
      scheduleTick();
    } else {
      ticking.set(false);
    }
  }

  private void scheduleTick() {
    try {
      scheduler.schedule(this::tick, TICK_NANOS, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      ticking.set(false); // closed: every read takes the real clock from now on
    }
  }

  /** Whether the recent reading is being refreshed (for tests). */
  boolean ticking() {
    return ticking.get();
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
