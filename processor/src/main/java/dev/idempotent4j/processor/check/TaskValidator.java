package dev.idempotent4j.processor.check;

import dev.idempotent4j.processor.codec.CodecGenerator;
import dev.idempotent4j.processor.diagnostic.Reporter;
import dev.idempotent4j.processor.lang.UnstorableTypes;
import dev.idempotent4j.processor.model.TaskAnnotation;
import dev.idempotent4j.processor.model.TaskModel;
import java.util.List;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one {@code @IdempotentTask} method with every {@link TaskCheck}, each reporting its
 * problems at the exact attribute. Returns the {@link TaskModel} only when the method is clean, so
 * the generator never sees a half-valid task.
 *
 * <pre>{@code
 * TaskValidator.Report report = validator.validate(method, TaskAnnotation.read(mirror, elements));
 * if (report.task() != null) clean.add(report.task());
 * }</pre>
 */
public final class TaskValidator {

  /**
   * The outcome for one method: the task if clean, and how many errors were reported.
   *
   * @param task the clean task, or {@code null} if the method had errors
   * @param errors the number of errors reported on the method
   */
  public record Report(TaskModel task, int errors) {}

  /** Runs first and alone: nothing else matters for a method generated code cannot name. */
  private final TaskCheck nameable = new NameableClassCheck();

  /** In the order their errors are reported. */
  private final List<TaskCheck> checks;

  private final Elements elements;
  private final Types types;
  private final Reporter reporter;

  /**
   * A validator for one compilation: {@code codecs} plans result codecs, {@code names} remembers
   * the task names of all rounds.
   */
  public TaskValidator(
      ProcessingEnvironment env, Reporter reporter, CodecGenerator codecs, TaskNames names) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.reporter = reporter;
    this.checks =
        List.of(
            new WeavableCheck(),
            new NameCheck(names),
            new DurationCheck(),
            new KeyCheck(),
            new FingerprintCheck(),
            new CacheFailuresCheck(),
            new ReturnTypeCheck(codecs, new UnstorableTypes(elements, types)));
  }

  /** Checks {@code method}, whose {@code @IdempotentTask} is {@code annotation}. */
  public Report validate(ExecutableElement method, TaskAnnotation annotation) {
    CheckedTask task = new CheckedTask(method, annotation, elements, types, reporter);
    TaskDraft draft = new TaskDraft();
    nameable.check(task, draft);
    if (task.errors() > 0) {
      return new Report(null, task.errors());
    }
    for (TaskCheck check : checks) {
      check.check(task, draft);
    }
    return task.errors() > 0 ? new Report(null, task.errors()) : new Report(draft.build(task), 0);
  }
}
