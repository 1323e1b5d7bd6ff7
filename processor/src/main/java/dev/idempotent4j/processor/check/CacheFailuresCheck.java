package dev.idempotent4j.processor.check;

import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.model.TaskAnnotation;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Each {@code cacheFailures} type is a specific {@code Throwable} that the generated class can
 * name; a problem lands on the array element that has it.
 */
final class CacheFailuresCheck implements TaskCheck {

  /** Types that also match transient failures, which must never become final outcomes. */
  private static final Set<String> TOO_BROAD =
      Set.of(
          "java.lang.Throwable",
          "java.lang.Exception",
          "java.lang.RuntimeException",
          "java.lang.Error");

  @Override
  public void check(CheckedTask task, TaskDraft draft) {
    TypeMirror throwable = task.elements().getTypeElement("java.lang.Throwable").asType();
    for (TaskAnnotation.Item<TypeMirror> item : task.annotation().cacheFailures()) {
      TypeMirror type = item.value();
      if (type.getKind() == TypeKind.ERROR) {
        continue; // javac reports the unknown class itself
      }
      String display = task.types().erasure(type) + ".class";
      if (type.getKind() != TypeKind.DECLARED || !task.types().isSubtype(type, throwable)) {
        task.error(Problem.CACHE_FAILURES_TYPE, item.source(), display);
        continue;
      }
      String name = ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
      if (TOO_BROAD.contains(name)) {
        task.error(Problem.CACHE_FAILURES_BROAD, item.source(), display);
        continue;
      }
      Optional<String> hidden = task.accessibility().typeProblem(type);
      if (hidden.isPresent()) {
        task.error(Problem.CACHE_FAILURES_INACCESSIBLE, item.source(), display, hidden.get());
        continue;
      }
      draft.cacheFailures.add(type);
    }
  }
}
