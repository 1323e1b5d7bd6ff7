package dev.idempotent4j.spring.boot;

import java.util.List;

/**
 * Start-up stopped because the task index ({@code META-INF/idempotent4j/tasks}) of the
 * application's class path lists {@code @IdempotentTask} methods whose classes are not woven: no
 * agent attached, no build-time weaving. Those methods would run as often as they are called,
 * without a word. {@link UnwovenTasksFailureAnalyzer} reports it with the ways to weave them.
 */
public final class UnwovenTasksException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  // transient: an exception is never serialized here; List is not Serializable as a type
  private final transient List<String> tasks;

  UnwovenTasksException(List<String> tasks) {
    super(
        "idempotent4j: "
            + tasks.size()
            + " @IdempotentTask method(s) are not woven and would run without deduplication, as"
            + " often as they are called: "
            + String.join(", ", tasks)
            + ".");
    this.tasks = List.copyOf(tasks);
  }

  /** The methods, as {@code com.acme.Payments.charge}, in the index's order. */
  public List<String> tasks() {
    return tasks;
  }
}
