package dev.idempotent4j.processor.check;

import dev.idempotent4j.Durations;
import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.model.TaskAnnotation;
import java.time.Duration;
import javax.lang.model.element.AnnotationValue;

/**
 * {@code ttl}, {@code lease}, {@code waitTimeout} and {@code maxRunTime} (unless empty) parse with
 * {@link Durations} (the runtime's syntax), and a lease does not outlive the outcome it protects.
 */
final class DurationCheck implements TaskCheck {

  @Override
  public void check(CheckedTask task, TaskDraft draft) {
    TaskAnnotation annotation = task.annotation();
    draft.ttl = parse(task, "ttl", annotation.ttl());
    draft.lease = parse(task, "lease", annotation.lease());
    draft.waitTimeout = parse(task, "waitTimeout", annotation.waitTimeout());
    // "" leaves it to the engine setting max-run-time: no value in the generated definition.
    draft.maxRunTime =
        annotation.maxRunTime().isEmpty()
            ? null
            : parse(task, "maxRunTime", annotation.maxRunTime());
    if (draft.ttl != null && draft.lease != null && draft.lease.compareTo(draft.ttl) > 0) {
      // On the lease if it was written, else on the ttl that made the default lease too long.
      AnnotationValue where =
          annotation.value("lease") != null ? annotation.value("lease") : annotation.value("ttl");
      task.error(Problem.LEASE_EXCEEDS_TTL, where, annotation.lease(), annotation.ttl());
    }
  }

  private static Duration parse(CheckedTask task, String attribute, String text) {
    try {
      return Durations.bounded(attribute, Durations.parse(text));
    } catch (IllegalArgumentException e) {
      task.error(
          Problem.DURATION_INVALID,
          task.annotation().value(attribute),
          attribute,
          text,
          e.getMessage());
      return null;
    }
  }
}
