package dev.idempotent4j.runtime.micrometer;

import dev.idempotent4j.runtime.TaskMetrics;
import java.util.function.ToLongFunction;

/**
 * The values of the {@code outcome} tag of {@code idempotent4j.calls} (the names DESIGN.md makes
 * public), each read from one field of {@link TaskMetrics}.
 */
enum Outcome {
  EXECUTED("executed", TaskMetrics::executed),
  REPLAYED_LOCAL("replayed.local", TaskMetrics::localHits),
  REPLAYED_SHARED("replayed.shared", TaskMetrics::sharedHits),
  WAITED("waited", TaskMetrics::waits),
  SKIPPED("skipped", TaskMetrics::skips),
  IN_PROGRESS("in-progress", TaskMetrics::inProgress),
  KEY_REUSE("key-reuse", TaskMetrics::keyReuse),
  STORE_ERROR("store-error", TaskMetrics::storeErrors),
  FAIL_OPEN("fail-open", TaskMetrics::failOpenRuns),
  CACHED_FAILURE("cached-failure", TaskMetrics::cachedFailures),
  RELEASED("released", TaskMetrics::releases),
  TAKEOVER("takeover", TaskMetrics::takeovers),
  LEASE_LOST("lease-lost", TaskMetrics::lostLeases);

  final String tag;

  @SuppressWarnings("ImmutableEnumChecker") // a method reference to a record accessor: stateless
  final ToLongFunction<TaskMetrics> count;

  Outcome(String tag, ToLongFunction<TaskMetrics> count) {
    this.tag = tag;
    this.count = count;
  }
}
