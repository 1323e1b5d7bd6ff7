package dev.idempotent4j.processor.lang;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Finds an annotation on an element by its qualified name, through mirrors: never {@code
 * getAnnotation()}, which throws for class-valued attributes and needs the annotation class.
 *
 * <pre>{@code
 * AnnotationMirror task = AnnotationMirrors.find(method, AnnotationNames.IDEMPOTENT_TASK);
 * }</pre>
 */
public final class AnnotationMirrors {

  private AnnotationMirrors() {}

  /** The annotation on {@code element} whose type is {@code qualifiedName}, or {@code null}. */
  public static AnnotationMirror find(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      Element type = mirror.getAnnotationType().asElement();
      if (type instanceof TypeElement annotation
          && annotation.getQualifiedName().contentEquals(qualifiedName)) {
        return mirror;
      }
    }
    return null;
  }
}
