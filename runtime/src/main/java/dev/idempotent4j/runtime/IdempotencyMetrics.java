package dev.idempotent4j.runtime;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of every task's counters, taken by {@link Idempotency#metrics()}. Counters start at
 * zero when the engine starts (and again after {@link Idempotency#shutdown()} or a new {@link
 * Idempotency#configure(Map)}).
 *
 * <pre>{@code
 * IdempotencyMetrics metrics = Idempotency.metrics();
 * metrics.tasks().forEach((name, m) -> System.out.println(name + ": " + m.executed() + " runs"));
 * long duplicates = metrics.total().localHits();
 * }</pre>
 */
public final class IdempotencyMetrics {

  private final Map<String, TaskMetrics> tasks;

  /** Wraps a snapshot; the engine creates these. */
  public IdempotencyMetrics(Map<String, TaskMetrics> tasks) {
    this.tasks = Collections.unmodifiableMap(new TreeMap<>(tasks));
  }

  /** Every task called since the engine started, by name, in name order. */
  public Map<String, TaskMetrics> tasks() {
    return tasks;
  }

  /** The counters of the task named {@code name}; all zero if it was never called. */
  public TaskMetrics task(String name) {
    TaskMetrics metrics = tasks.get(name);
    return metrics != null ? metrics : TaskMetrics.zero(name);
  }

  /** The sum over all tasks, under the name {@code "*"}. */
  public TaskMetrics total() {
    TaskMetrics sum = TaskMetrics.zero("*");
    for (TaskMetrics metrics : tasks.values()) {
      sum = sum.plus(metrics, "*");
    }
    return sum;
  }

  @Override
  public String toString() {
    return "IdempotencyMetrics" + tasks.values();
  }
}
