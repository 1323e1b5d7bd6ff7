package dev.idempotent4j.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock that moves only when a test says so: {@link #advance} moves time and runs every task
 * whose deadline passed (waking waiters), on the test's thread.
 */
final class FakeClock implements EngineClock {

  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Scheduled> queue =
      new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
  private final AtomicLong sequence = new AtomicLong();
  private volatile long now = 1_000_000_000L;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Timer schedule(Runnable task, long delayNanos) {
    Scheduled scheduled = new Scheduled(task, now + delayNanos, sequence.incrementAndGet());
    lock.lock();
    try {
      queue.add(scheduled);
    } finally {
      lock.unlock();
    }
    return () -> {
      lock.lock();
      try {
        queue.remove(scheduled);
      } finally {
        lock.unlock();
      }
    };
  }

  /** Moves time forward by {@code duration} and runs the tasks that became due. */
  void advance(Duration duration) {
    List<Runnable> due = new ArrayList<>();
    lock.lock();
    try {
      now += duration.toNanos();
      while (!queue.isEmpty() && queue.peek().deadline <= now) {
        due.add(queue.poll().task);
      }
    } finally {
      lock.unlock();
    }
    due.forEach(Runnable::run);
  }

  /** How many tasks are scheduled and not yet run or cancelled. */
  int pending() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  private static final class Scheduled {
    final Runnable task;
    final long deadline;
    final long order;

    Scheduled(Runnable task, long deadline, long order) {
      this.task = task;
      this.deadline = deadline;
      this.order = order;
    }
  }
}
