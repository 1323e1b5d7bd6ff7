package dev.idempotent4j.processor.check;

import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.lang.Methods;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;

/**
 * A task must be declared where generated code can name it: not in a local or anonymous class. The
 * validator runs this check first and alone, since nothing else about such a method matters.
 * (Annotation processing sees local classes only rarely; {@link LocalClassTaskCheck} finds them on
 * javac's trees.)
 */
final class NameableClassCheck implements TaskCheck {

  @Override
  public void check(CheckedTask task, TaskDraft draft) {
    Optional<TypeElement> unnameable = localOrAnonymous(task.declaringType());
    if (unnameable.isPresent()) {
      task.error(
          Problem.METHOD_LOCAL_CLASS,
          null,
          Methods.display(task.method()),
          unnameable.get().getNestingKind() == NestingKind.ANONYMOUS
              ? "an anonymous class"
              : "the local class " + unnameable.get().getSimpleName());
    }
  }

  /** The innermost local or anonymous class around {@code type}, which nothing can name. */
  private static Optional<TypeElement> localOrAnonymous(TypeElement type) {
    for (Element e = type; e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement t
          && (t.getNestingKind() == NestingKind.LOCAL
              || t.getNestingKind() == NestingKind.ANONYMOUS)) {
        return Optional.of(t);
      }
      if (e.getKind() == ElementKind.PACKAGE) {
        break;
      }
    }
    return Optional.empty();
  }
}
