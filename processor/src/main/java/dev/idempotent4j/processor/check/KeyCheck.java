package dev.idempotent4j.processor.check;

import dev.idempotent4j.processor.check.KeyTemplateParser.KeyTemplateException;
import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.lang.Methods;
import dev.idempotent4j.processor.model.KeyTemplate;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/**
 * The key template parses, each placeholder resolves to a value with a stable text form that the
 * generated class can reach, and a method with parameters uses at least one of them. Every problem
 * lands on the {@code key} attribute.
 */
final class KeyCheck implements TaskCheck {

  @Override
  public void check(CheckedTask task, TaskDraft draft) {
    KeyTemplate key = parse(task);
    if (key == null) {
      return;
    }
    draft.key = key;
    AnnotationValue where = task.annotation().value("key");
    for (KeyTemplate.Placeholder placeholder : key.placeholders()) {
      PathResolver.Resolution resolution =
          task.resolver().resolve(task.method(), placeholder.path());
      if (resolution.failure() != null) {
        task.error(
            problem(resolution.failure().kind()),
            where,
            key.source(),
            Problem.sentence(resolution.failure().message()));
      } else {
        draft.keyPaths.add(resolution.path());
      }
    }
    if (key.placeholders().isEmpty() && !task.method().getParameters().isEmpty()) {
      task.error(
          Problem.KEY_NO_PARAMETER,
          where,
          key.source(),
          Methods.display(task.method()),
          example(task, key.source()));
    }
  }

  private static KeyTemplate parse(CheckedTask task) {
    String template = task.annotation().key();
    try {
      return KeyTemplateParser.parse(template);
    } catch (KeyTemplateException e) {
      AnnotationValue where = task.annotation().value("key");
      ExecutableElement method = task.method();
      switch (e.kind()) {
        case EMPTY ->
            task.error(
                Problem.KEY_EMPTY,
                where,
                Methods.display(method),
                example(task, method.getSimpleName() + ":"));
        case PERCENT -> task.error(Problem.KEY_PERCENT, where, template, e.getMessage());
        case ADJACENT -> task.error(Problem.KEY_ADJACENT, where, template, e.getMessage());
        default -> task.error(Problem.KEY_SYNTAX, where, template, e.getMessage());
      }
      return null;
    }
  }

  /** A key to suggest: the first parameter, or its {@code id} if it has no stable text. */
  private static String example(CheckedTask task, String prefix) {
    String separator = prefix.isEmpty() || prefix.endsWith(":") ? "" : ":";
    if (task.method().getParameters().isEmpty()) {
      return prefix + separator + "daily";
    }
    VariableElement first = task.method().getParameters().get(0);
    String name = first.getSimpleName().toString();
    boolean stable =
        new StableText(task.elements(), task.types()).classify(first.asType(), name).isStable();
    return prefix + separator + "{" + name + (stable ? "" : ".id") + "}";
  }

  private static Problem problem(PathResolver.FailureKind kind) {
    return switch (kind) {
      case UNKNOWN_PARAMETER -> Problem.KEY_UNKNOWN_PARAMETER;
      case UNKNOWN_MEMBER -> Problem.KEY_UNKNOWN_MEMBER;
      case INACCESSIBLE -> Problem.KEY_INACCESSIBLE;
      default -> Problem.KEY_UNSTABLE;
    };
  }
}
