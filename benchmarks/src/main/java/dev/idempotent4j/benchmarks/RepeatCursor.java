package dev.idempotent4j.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One thread's walk, round and round, through a pool of ids that all completed before measuring,
 * for the duplicate-hit benchmarks. Threads start 257 ids apart, so they do not read the same entry
 * at the same time. (First executions use {@link FirstExecutionCursor}, which never repeats.)
 *
 * <pre>{@code
 * String id = pool.id(cursor.next(pool.size())); // pool.size() a power of two
 * }</pre>
 */
@State(Scope.Thread)
public class RepeatCursor {

  private int next;

  @Setup(Level.Trial)
  public void start(ThreadParams thread) {
    next = thread.getThreadIndex() * 257;
  }

  /** The next index into a pool of {@code size} ids; {@code size} must be a power of two. */
  int next(int size) {
    return next++ & (size - 1);
  }
}
