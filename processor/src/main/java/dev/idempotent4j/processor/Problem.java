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
 * Problem.KEY_UNKNOWN_PARAMETER.report(messager, method, mirror, keyValue, "charge:{ordr.id}",
 *     "'ordr' is not a parameter of charge(order). Did you mean 'order'?");
 * // error: [i4j-key-unknown-param] key "charge:{ordr.id}": 'ordr' is not a parameter of
 * // charge(order). Did you mean 'order'?
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
  KEY_SYNTAX(
      "i4j-key-syntax",
      "key \"%s\" does not parse: %s. A key is literal text with {param} or {param.path}"
          + " placeholders, such as \"charge:{order.id}\"."),
  KEY_PERCENT("i4j-key-percent", "key \"%s\": %s."),
  KEY_EMPTY(
      "i4j-key-empty",
      "the key of %s is empty, so all its calls would share one key. Write the values that"
          + " identify a call, such as key = \"%s\"."),
  KEY_ADJACENT("i4j-key-adjacent", "key \"%s\": %s."),
  KEY_UNKNOWN_PARAMETER("i4j-key-unknown-param", "key \"%s\": %s"),
  KEY_UNKNOWN_MEMBER("i4j-key-unknown-member", "key \"%s\": %s"),
  KEY_INACCESSIBLE("i4j-key-inaccessible", "key \"%s\": %s"),
  KEY_UNSTABLE("i4j-key-unstable", "key \"%s\": %s"),
  KEY_NO_PARAMETER(
      "i4j-key-no-param",
      "key \"%s\" uses none of the parameters of %s, so every call shares one key and the"
          + " method runs once in total. Put the values that identify a call into the key, such"
          + " as \"%s\"."),
  FINGERPRINT_SYNTAX(
      "i4j-fingerprint-syntax",
      "fingerprint path \"%s\" does not parse: %s. Write a parameter path without braces, such"
          + " as \"order.amountCents\"."),
  FINGERPRINT_UNKNOWN_PARAMETER("i4j-fingerprint-unknown-param", "fingerprint \"%s\": %s"),
  FINGERPRINT_UNKNOWN_MEMBER("i4j-fingerprint-unknown-member", "fingerprint \"%s\": %s"),
  FINGERPRINT_INACCESSIBLE("i4j-fingerprint-inaccessible", "fingerprint \"%s\": %s"),
  FINGERPRINT_UNSTABLE("i4j-fingerprint-unstable", "fingerprint \"%s\": %s"),
  DURATION_INVALID("i4j-duration", "%s = \"%s\" is not valid: %s"),
  LEASE_EXCEEDS_TTL(
      "i4j-lease-exceeds-ttl",
      "lease \"%s\" is longer than ttl \"%s\": a claim must not outlive the outcome it"
          + " protects. Shorten the lease or lengthen the ttl."),
  NAME_SYNTAX(
      "i4j-name-syntax",
      "task name \"%s\" is not valid: use only letters, digits, '.', '_' and '-', such as"
          + " \"Payments.charge\"."),
  NAME_DUPLICATE(
      "i4j-name-duplicate",
      "task name \"%s\" is already used by %s; two tasks with one name would share their keys"
          + " and outcomes. Give this one its own name = \"...\"."),
  CACHE_FAILURES_TYPE(
      "i4j-cache-failures-type",
      "cacheFailures lists %s, which is not a Throwable. List exception types only."),
  CACHE_FAILURES_BROAD(
      "i4j-cache-failures-broad",
      "cacheFailures lists %s, which also matches transient failures (timeouts, an unreachable"
          + " store, idempotent4j's own exceptions): they would be stored as final outcomes for"
          + " the whole ttl and a retry would never run again. List the specific exception types"
          + " that are final outcomes, such as CardDeclinedException.class."),
  CACHE_FAILURES_INACCESSIBLE(
      "i4j-cache-failures-inaccessible",
      "cacheFailures lists %s, which the generated class in the same package cannot name: %s."
          + " Make it package-private or public."),
  METHOD_ABSTRACT(
      "i4j-method-abstract",
      "%s has no body to run once: %s. Put @IdempotentTask on the method that implements it."),
  METHOD_NATIVE(
      "i4j-method-native",
      "%s is native, and the agent cannot weave a method without bytecode. Put @IdempotentTask"
          + " on a Java method that calls it."),
  METHOD_LOCAL_CLASS(
      "i4j-method-local-class",
      "%s is declared in %s, which generated code cannot name. Move the method to a top-level"
          + " or member class."),
  RETURN_UNSTORABLE(
      "i4j-return-unstorable",
      "%s returns %s, %s that cannot be stored and handed to duplicates. Return a record or an"
          + " id that describes the result instead."),
  RETURN_CODEC("i4j-return-codec", "the result of %s cannot be stored: %s"),

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
