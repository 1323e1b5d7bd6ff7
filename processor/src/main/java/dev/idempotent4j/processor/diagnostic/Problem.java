package dev.idempotent4j.processor.diagnostic;

import dev.idempotent4j.contract.TaskNameSyntax;
import java.util.Locale;

/**
 * Every diagnostic the processor reports: a stable tag that users can search for, and a message
 * that says what is wrong and how to fix it. Messages live here and nowhere else; the {@link
 * Reporter} prints them at the exact spot.
 *
 * <pre>{@code
 * Problem.KEY_UNKNOWN_PARAMETER.format("charge:{ordr.id}",
 *     "'ordr' is not a parameter of charge(order). Did you mean 'order'?");
 * // [i4j-key-unknown-param] key "charge:{ordr.id}": 'ordr' is not a parameter of
 * // charge(order). Did you mean 'order'?
 * }</pre>
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
      "task name \"%s\" is not valid: use only "
          + TaskNameSyntax.ALLOWED
          + ", such as \"Payments.charge\"."),
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
  SIDE_EFFECT_LIBRARY_UNKNOWN(
      "i4j-side-effect-library-unknown",
      "-Aidempotent4j.sideEffects.libraries names \"%s\", which is not a side-effect list"
          + " idempotent4j ships. The shipped lists are: %s. For other members, write your own"
          + " list and name its path with -Aidempotent4j.sideEffects.list=<path>."),
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

  /** The full message text: {@code [tag] message}. Printed only by the {@link Reporter}. */
  String format(Object... args) {
    return "[" + tag + "] " + String.format(Locale.ROOT, template, args);
  }

  /** {@code text} ending in a full stop, unless it already ends a sentence. */
  public static String sentence(String text) {
    return text.endsWith(".") || text.endsWith("?") ? text : text + ".";
  }
}
