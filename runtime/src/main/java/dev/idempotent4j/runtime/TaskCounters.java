package dev.idempotent4j.runtime;

import java.util.concurrent.atomic.LongAdder;

/** One task's live counters; {@link #snapshot()} reads them into a {@link TaskMetrics}. */
final class TaskCounters {
  final String task;
  final LongAdder executed = new LongAdder();
  final LongAdder localHits = new LongAdder();
  final LongAdder sharedHits = new LongAdder();
  final LongAdder waits = new LongAdder();
  final LongAdder skips = new LongAdder();
  final LongAdder inProgress = new LongAdder();
  final LongAdder takeovers = new LongAdder();
  final LongAdder lostLeases = new LongAdder();
  final LongAdder keyReuse = new LongAdder();
  final LongAdder storeErrors = new LongAdder();
  final LongAdder failOpenRuns = new LongAdder();
  final LongAdder cachedFailures = new LongAdder();
  final LongAdder releases = new LongAdder();
  final LongAdder overruns = new LongAdder();

  TaskCounters(String task) {
    this.task = task;
  }

  TaskMetrics snapshot() {
    return new TaskMetrics(
        task,
        executed.sum(),
        localHits.sum(),
        sharedHits.sum(),
        waits.sum(),
        skips.sum(),
        inProgress.sum(),
        takeovers.sum(),
        lostLeases.sum(),
        keyReuse.sum(),
        storeErrors.sum(),
        failOpenRuns.sum(),
        cachedFailures.sum(),
        releases.sum(),
        overruns.sum());
  }
}
