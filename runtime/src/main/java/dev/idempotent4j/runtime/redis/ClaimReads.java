package dev.idempotent4j.runtime.redis;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Whether a claim first reads the record with a plain {@code GET} (parsed in Java: a duplicate then
 * costs Redis one native command and no script): {@link RedisSettings.ReadBeforeClaim}. A {@code
 * GET} first is one round trip more for every claim that does not find a finished record, so it
 * pays only where duplicates dominate.
 *
 * <pre>{@code
 * ClaimReads reads = new ClaimReads(RedisSettings.ReadBeforeClaim.AUTO);
 * int task = reads.task(key);
 * boolean getFirst = reads.getFirst(task);
 * reads.found(task, true); // the claim found a finished record
 * }</pre>
 *
 * <p>{@code auto} decides per task (the key's first two {@code :}-separated parts, hashed into
 * {@value #TASKS} slots: tasks that share a slot share the decision) from an exponentially weighted
 * share of recent claims that found a finished record, with hysteresis: {@code GET} first from
 * {@value #ON_PERCENT}% on, back to the script alone below {@value #OFF_PERCENT}%. No probes are
 * needed to re-learn: both paths see what they found (the script answers a finished record just as
 * the {@code GET} does), so the share keeps moving whichever path is taken. Updates are plain reads
 * and lazy writes of one int per slot, without locks or allocation; two threads that race may lose
 * one observation, which only slows learning down by one step.
 */
final class ClaimReads {
  static final int TASKS = 256;
  static final int ON_PERCENT = 75;
  static final int OFF_PERCENT = 50;

  private static final int ONE = 1 << 16; // share 1.0
  private static final int SHIFT = 4; // each observation moves the share by 1/16 of the gap
  private static final int ON = ONE * ON_PERCENT / 100;
  private static final int OFF = ONE * OFF_PERCENT / 100;
  private static final int GET_FIRST = 1 << 20; // flag beside the share in one int

  private final RedisSettings.ReadBeforeClaim mode;
  private final AtomicIntegerArray tasks;

  ClaimReads(RedisSettings.ReadBeforeClaim mode) {
    this.mode = mode;
    this.tasks = mode == RedisSettings.ReadBeforeClaim.AUTO ? new AtomicIntegerArray(TASKS) : null;
  }

  RedisSettings.ReadBeforeClaim mode() {
    return mode;
  }

  /** The slot of the task of {@code key}: a hash of its text up to the second ':'. */
  int task(String key) {
    if (tasks == null) {
      return 0;
    }
    int hash = 0;
    int colons = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == ':' && ++colons == 2) {
        break;
      }
      hash = 31 * hash + c;
    }
    hash ^= hash >>> 16;
    return hash & (TASKS - 1);
  }

  /** Whether the next claim of {@code task} reads the record with a {@code GET} first. */
  boolean getFirst(int task) {
    return switch (mode) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> (tasks.get(task) & GET_FIRST) != 0;
    };
  }

  /** A claim of {@code task} found a finished record ({@code true}) or not. */
  void found(int task, boolean finished) {
    if (tasks == null) {
      return;
    }
    int state = tasks.get(task);
    int share = state & (GET_FIRST - 1);
    share += ((finished ? ONE : 0) - share) >> SHIFT;
    boolean getFirst = (state & GET_FIRST) != 0;
    if (!getFirst && share >= ON) {
      getFirst = true;
    } else if (getFirst && share < OFF) {
      getFirst = false;
    }
    int next = share | (getFirst ? GET_FIRST : 0);
    if (next != state) {
      tasks.lazySet(task, next);
    }
  }
}
