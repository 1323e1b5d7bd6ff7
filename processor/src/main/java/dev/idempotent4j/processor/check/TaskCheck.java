package dev.idempotent4j.processor.check;

/**
 * One job of validating an {@code @IdempotentTask} method, one class each (as Error Prone has one
 * check per class): it reports every problem of its job through {@link CheckedTask#error}, at the
 * attribute it concerns, and records in the {@link TaskDraft} what the generator needs from it. A
 * check never stops the others; the {@link TaskValidator} runs them all and builds the task only
 * when none reported an error.
 *
 * <pre>{@code
 * final class WeavableCheck implements TaskCheck {
 *   public void check(CheckedTask task, TaskDraft draft) {
 *     if (task.method().getModifiers().contains(Modifier.NATIVE)) {
 *       task.error(Problem.METHOD_NATIVE, null, Methods.display(task.method()));
 *     }
 *   }
 * }
 * }</pre>
 */
interface TaskCheck {

  /** Checks {@code task}, reporting through it, and records its findings in {@code draft}. */
  void check(CheckedTask task, TaskDraft draft);
}
