package dev.idempotent4j.processor.check;

import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.diagnostic.Reporter;
import dev.idempotent4j.processor.lang.Accessibility;
import dev.idempotent4j.processor.model.TaskAnnotation;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The method under check, what every {@link TaskCheck} reads about it, and the place its errors go:
 * on the method, its {@code @IdempotentTask} mirror and the attribute's value, counted so that the
 * validator knows whether the task is clean.
 *
 * <pre>{@code
 * task.error(Problem.DURATION_INVALID, task.annotation().value("ttl"), "ttl", "5x", reason);
 * }</pre>
 */
final class CheckedTask {

  private final ExecutableElement method;
  private final TaskAnnotation annotation;
  private final TypeElement declaringType;
  private final Elements elements;
  private final Types types;
  private final Accessibility accessibility;
  private final PathResolver resolver;
  private final Reporter reporter;
  private int errors;

  CheckedTask(
      ExecutableElement method,
      TaskAnnotation annotation,
      Elements elements,
      Types types,
      Reporter reporter) {
    this.method = method;
    this.annotation = annotation;
    this.declaringType = (TypeElement) method.getEnclosingElement();
    this.elements = elements;
    this.types = types;
    // The generated class is a top-level class in the task's package: what it can name decides.
    this.accessibility = new Accessibility(elements, elements.getPackageOf(declaringType));
    this.resolver = new PathResolver(elements, types, accessibility);
    this.reporter = reporter;
  }

  ExecutableElement method() {
    return method;
  }

  TaskAnnotation annotation() {
    return annotation;
  }

  TypeElement declaringType() {
    return declaringType;
  }

  Elements elements() {
    return elements;
  }

  Types types() {
    return types;
  }

  /** What the generated class, in the task's package, can name. */
  Accessibility accessibility() {
    return accessibility;
  }

  /** Resolves key and fingerprint paths against this method. */
  PathResolver resolver() {
    return resolver;
  }

  /**
   * Reports {@code problem} on this task's annotation, at {@code value} (the attribute as written;
   * {@code null} when it takes its default or the problem is the method's).
   */
  void error(Problem problem, AnnotationValue value, Object... args) {
    errors++;
    reporter.error(problem, method, annotation.mirror(), value, args);
  }

  /** How many errors the checks reported so far. */
  int errors() {
    return errors;
  }
}
