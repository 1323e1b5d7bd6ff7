package dev.idempotent4j.processor.check;

import dev.idempotent4j.processor.check.KeyTemplateParser.KeyTemplateException;
import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.model.TaskAnnotation;
import java.util.List;

/**
 * Each {@code fingerprint} path parses and resolves like a key path; a problem lands on the array
 * element that has it.
 */
final class FingerprintCheck implements TaskCheck {

  @Override
  public void check(CheckedTask task, TaskDraft draft) {
    for (TaskAnnotation.Item<String> item : task.annotation().fingerprint()) {
      List<String> path;
      try {
        path = KeyTemplateParser.parsePath(item.value());
      } catch (KeyTemplateException e) {
        task.error(Problem.FINGERPRINT_SYNTAX, item.source(), item.value(), e.getMessage());
        continue;
      }
      PathResolver.Resolution resolution = task.resolver().resolve(task.method(), path);
      if (resolution.failure() != null) {
        task.error(
            problem(resolution.failure().kind()),
            item.source(),
            item.value(),
            Problem.sentence(resolution.failure().message()));
      } else {
        draft.fingerprint.add(resolution.path());
      }
    }
  }

  private static Problem problem(PathResolver.FailureKind kind) {
    return switch (kind) {
      case UNKNOWN_PARAMETER -> Problem.FINGERPRINT_UNKNOWN_PARAMETER;
      case UNKNOWN_MEMBER -> Problem.FINGERPRINT_UNKNOWN_MEMBER;
      case INACCESSIBLE -> Problem.FINGERPRINT_INACCESSIBLE;
      default -> Problem.FINGERPRINT_UNSTABLE;
    };
  }
}
