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
    Optional<String> home = unnameableHome(task.declaringType());
    if (home.isPresent()) {
      task.error(Problem.METHOD_LOCAL_CLASS, null, Methods.display(task.method()), home.get());
    }
  }

  /**
   * The innermost local or anonymous class around {@code type}, which nothing can name, as the
   * message says it: "an anonymous class" or "the local class Helper".
   */
  static Optional<String> unnameableHome(TypeElement type) {
    for (Element e = type; e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement t
          && (t.getNestingKind() == NestingKind.LOCAL
              || t.getNestingKind() == NestingKind.ANONYMOUS)) {
        return Optional.of(
            t.getNestingKind() == NestingKind.ANONYMOUS
                ? "an anonymous class"
                : "the local class " + t.getSimpleName());
      }
      if (e.getKind() == ElementKind.PACKAGE) {
        break;
      }
    }
    return Optional.empty();
  }
}
