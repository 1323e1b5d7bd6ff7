package dev.idempotent4j.http;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link FilterMetrics}. */
final class FilterCounters {
  final LongAdder stored = new LongAdder();
  final LongAdder replayed = new LongAdder();
  final LongAdder released = new LongAdder();
  final LongAdder oversize = new LongAdder();
  final LongAdder streamed = new LongAdder();
  final LongAdder missingKey = new LongAdder();
  final LongAdder malformedKey = new LongAdder();
  final LongAdder keyReused = new LongAdder();
  final LongAdder inProgress = new LongAdder();
  final LongAdder storeUnavailable = new LongAdder();

  FilterMetrics snapshot() {
    return new FilterMetrics(
        stored.sum(),
        replayed.sum(),
        released.sum(),
        oversize.sum(),
        streamed.sum(),
        missingKey.sum(),
        malformedKey.sum(),
        keyReused.sum(),
        inProgress.sum(),
        storeUnavailable.sum());
  }
}
