package dev.idempotent4j.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One thread's slice of {@link SharedFlows}' ids, each handed out once per iteration. Running out
 * fails the benchmark rather than silently turning first executions into duplicates.
 *
 * <pre>{@code
 * String id = cursor.next(flows); // never seen by Redis before
 * }</pre>
 */
@State(Scope.Thread)
public class FirstExecutionCursor {

  private int next;
  private int end;

  @Setup(Level.Iteration)
  public void rewind(SharedFlows flows, BenchmarkParams benchmark, ThreadParams thread) {
    int slice = flows.ids.slice(benchmark.getThreads());
    next = thread.getThreadIndex() * slice;
    end = next + slice;
  }

  String next(SharedFlows flows) {
    if (next == end) {
      throw new IllegalStateException(
          "This thread used all its "
              + flows.ids.slice(1)
              + " / threads fresh order ids in one iteration; raise SharedFlows.IDS or shorten"
              + " the iteration (-r).");
    }
    return flows.ids.id(next++);
  }
}
