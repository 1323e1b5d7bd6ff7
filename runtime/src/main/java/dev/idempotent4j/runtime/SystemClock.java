package dev.idempotent4j.runtime;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link System#nanoTime()}, a single daemon thread that fires deadlines, and a {@link
 * #recentNanoTime() recent reading} that the same thread refreshes every {@link
 * EngineClock#RECENT_LAG_NANOS} while it is read often.
 *
 * <p>Why a recent reading: a local duplicate hit must check its entry's ttl, and {@code
 * System.nanoTime()} costs 20-60 ns on virtual machines (60 ns on the 2-core VM of
 * docs/PERFORMANCE.md), a quarter of the whole hit; reading a field instead costs about a
 * nanosecond. But each refresh wakes the timer thread, which costs 10-120 µs of CPU (120 µs on that
 * VM, whatever the task), so refreshing pays only while reads are frequent: the reading is kept
 * fresh only while a tick sees at least {@link #MIN_READS_PER_TICK} reads. Below that every read
 * takes the real clock, and a new trial of one tick starts at most once per {@link
 * #TRIAL_INTERVAL_NANOS}. An idle engine has no periodic work, and no read is ever staler than a
 * tick (plus the timer thread's scheduling delay).
 */
final class SystemClock implements EngineClock {

  /** 2,000 reads saving 60 ns each repay a tick's 120 µs even on the benchmark VM. */
  static final long MIN_READS_PER_TICK = 2_000;

  static final long TRIAL_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ScheduledThreadPoolExecutor scheduler;

  private volatile long recent;

  /** Whether a tick is scheduled, so that {@link #recent} is at most about a tick old. */
  private final AtomicBoolean ticking = new AtomicBoolean();

  private final LongAdder reads = new LongAdder();

  /** {@link #reads} at the previous tick; written before each tick is scheduled. */
  private volatile long readsAtTick;

  private volatile boolean closed;

  /** Ticks in a row that saw enough reads to go on (for tests). */
  private volatile int busyTicks;

  /** When ticking last stopped for lack of reads. */
  private volatile long stoppedAt = System.nanoTime() - TRIAL_INTERVAL_NANOS;

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
    reads.increment();
    if (ticking.get()) {
      return recent;
    }
    long now = System.nanoTime();
    if (now - stoppedAt >= TRIAL_INTERVAL_NANOS && !closed) {
      startTicking(now);
    }
    return now;
  }

  private void startTicking(long now) {
    recent = now; // before ticking is set: a reader that sees ticking never reads an old value
    if (ticking.compareAndSet(false, true)) {
      readsAtTick = reads.sum();
      scheduleTick();
    }
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // busyTicks has one writer, the timer thread
  private void tick() {
    long now = System.nanoTime();
    recent = now;
    long total = reads.sum();
    boolean busy = total - readsAtTick >= MIN_READS_PER_TICK;
    readsAtTick = total;
    if (busy) {
      busyTicks++; // only the timer thread writes it
      scheduleTick();
    } else {
      busyTicks = 0;
      stoppedAt = now;
      ticking.set(false);
    }
  }

  private void scheduleTick() {
    try {
      // tick() throws nothing to look at, and close() ends the ticks by shutting the scheduler down
      var unused = scheduler.schedule(this::tick, RECENT_LAG_NANOS, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      ticking.set(false); // closed meanwhile: every read takes the real clock from now on
    }
  }

  /** How many ticks in a row saw enough reads to go on (for tests). */
  int busyTicks() {
    return busyTicks;
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
    closed = true;
    scheduler.shutdownNow();
    ticking.set(false); // the scheduled tick was dropped: the reading would freeze
  }
}
