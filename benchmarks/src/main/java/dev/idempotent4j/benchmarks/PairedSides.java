package dev.idempotent4j.benchmarks;

import java.util.function.Supplier;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Two flows timed call by call in one fork: each operation runs one call of each, in an order that
 * alternates from operation to operation, and adds each call's nanoseconds to its side. The report
 * takes {@code oursNanos / theirsNanos} as the comparison's ratio. Separate forks of network calls
 * on this machine's one CPU per side spread by about 20 % from fork to fork, which paired calls in
 * one fork do not see (docs/PERFORMANCE.md).
 *
 * <pre>{@code
 * @Benchmark public String interleaved(Completed c, RepeatCursor cursor, PairedSides sides) {
 *   return sides.time(() -> c.orders.confirm(c.ids.id(cursor.next(IDS))), () -> c.lettuce.get(key));
 * }
 * }</pre>
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PairedSides {
  /** Nanoseconds in our flow's calls, summed over the iteration. */
  public long oursNanos;

  /** Nanoseconds in the other flow's calls, summed over the iteration. */
  public long theirsNanos;

  /** Operations: one call of each side. */
  public long pairs;

  /**
   * Runs one call of each side, ours first on even operations; returns one of the results. Not
   * public: JMH would take a public method of an {@code @AuxCounters} state for a counter.
   */
  String time(Supplier<String> ours, Supplier<String> theirs) {
    String a;
    String b;
    if ((pairs++ & 1) == 0) {
      long t0 = System.nanoTime();
      a = ours.get();
      long t1 = System.nanoTime();
      b = theirs.get();
      long t2 = System.nanoTime();
      oursNanos += t1 - t0;
      theirsNanos += t2 - t1;
    } else {
      long t0 = System.nanoTime();
      b = theirs.get();
      long t1 = System.nanoTime();
      a = ours.get();
      long t2 = System.nanoTime();
      theirsNanos += t1 - t0;
      oursNanos += t2 - t1;
    }
    return a.length() >= b.length() ? a : b;
  }
}
