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
  UNKEYED_SIDE_EFFECT(
      "i4j-unkeyed-side-effect",
      "%s calls %s, a side effect (%s), outside any keyed task: a retry or redelivery runs it"
          + " again. Fix one of: make %s an @IdempotentTask with a key; mark it @SideEffect so that"
          + " its callers carry the duty; or annotate it @AllowUnkeyed(\"why running it twice is"
          + " safe\")."),
  UNKEYED_SIDE_EFFECT_IN_CONSTRUCTOR(
      "i4j-unkeyed-side-effect-constructor",
      "%s calls %s, a side effect (%s), outside any keyed task: every 'new' runs it again. Fix one"
          + " of: move the call into an @IdempotentTask method; mark the constructor @SideEffect so"
          + " that the code calling 'new' carries the duty; or annotate it @AllowUnkeyed(\"why"
          + " running it twice is safe\")."),
  UNKEYED_SIDE_EFFECT_IN_INITIALIZER(
      "i4j-unkeyed-side-effect-initializer",
      "%s calls %s, a side effect (%s); initializers run on every construction or class load,"
          + " outside any key. Fix one of: move the call into an @IdempotentTask method; move it"
          + " into a constructor marked @SideEffect so that the code calling 'new' carries the"
          + " duty; or annotate class %s @AllowUnkeyed(\"why running it twice is safe\")."),
  ALLOW_UNKEYED_BLANK_REASON(
      "i4j-allow-unkeyed-blank",
      "@AllowUnkeyed on %s has a blank reason. Write why running this code without a key is safe,"
          + " e.g. @AllowUnkeyed(\"health check: a second ping is harmless\")."),
  SIDE_EFFECT_LIST_SYNTAX(
      "i4j-side-effect-list-syntax",
      "%s line %d: bad side-effect entry \"%s\": %s. Write one entry per line as Type,"
          + " Type#method or Type#<init>, where '*' matches any characters, e.g."
          + " java.net.http.HttpClient#send*"),
  SIDE_EFFECT_LIST_UNREADABLE(
      "i4j-side-effect-list-unreadable",
      "cannot read the side-effect list \"%s\" named by -Aidempotent4j.sideEffects.list: %s. Give"
          + " the path of a readable file (a relative path resolves against the compiler's working"
          + " directory; prefer an absolute one such as ${project.basedir}/side-effects)."),
  SIDE_EFFECT_MODE_UNKNOWN(
      "i4j-side-effect-mode",
      "-Aidempotent4j.sideEffects=%s is not a mode of the side-effect check. Use error (the"
          + " default), warn (report unkeyed side effects as warnings while adopting) or off."),
  SIDE_EFFECT_CHECK_SKIPPED(
      "i4j-side-effect-check-skipped",
      "the unkeyed-side-effect check needs javac's tree API (com.sun.source) and is skipped on"
          + " this compiler (%s). Compile with javac to check side effects, or pass"
          + " -Aidempotent4j.sideEffects=off to silence this note."),
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
