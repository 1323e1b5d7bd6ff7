package dev.idempotent4j.processor;

import java.util.Locale;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor reports: a stable tag that users can search for, and a message
 * that says what is wrong and how to fix it. Reported on the element, and on the annotation and its
 * value where there is one, so that IDEs underline the exact spot.
 *
 * <pre>{@code
 * Problem.KEY_UNKNOWN_PARAMETER.report(messager, method, mirror, keyValue, "ordr", "order");
 * // error: [i4j-key-unknown-param] key "charge:{ordr.id}" names 'ordr', which is not a
 * // parameter of charge(Order). Did you mean 'order'?
 * }</pre>
 *
 * <p>SKELETON: the processor work adds the task entries, the side-effect work adds its entries in
 * the section marked below; keep the shape.
 */
public enum Problem {
  // --- @IdempotentTask -------------------------------------------------------------------------
  INTERNAL_ERROR(
      "i4j-internal",
      "idempotent4j-processor failed on this element: %s. This is a bug in idempotent4j; please"
          + " report it with this message."),

  // --- side effects ------------------------------------------------------------------------------
  ;

  private final String tag;
  private final String template;

  Problem(String tag, String template) {
    this.tag = tag;
    this.template = template;
  }

  /** The stable tag, e.g. {@code i4j-key-unknown-param}. */
  public String tag() {
    return tag;
  }

  /** The full message text: {@code [tag] message}. */
  public String format(Object... args) {
    return "[" + tag + "] " + String.format(Locale.ROOT, template, args);
  }

  /** Reports this problem as an error on the most precise location available. */
  public void report(
      Messager messager,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    report(messager, Diagnostic.Kind.ERROR, element, annotation, value, args);
  }

  /** Reports this problem with the given kind (errors, or warnings in adoption mode). */
  public void report(
      Messager messager,
      Diagnostic.Kind kind,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    String message = format(args);
    if (value != null && annotation != null) {
      messager.printMessage(kind, message, element, annotation, value);
    } else if (annotation != null) {
      messager.printMessage(kind, message, element, annotation);
    } else {
      messager.printMessage(kind, message, element);
    }
  }
}
