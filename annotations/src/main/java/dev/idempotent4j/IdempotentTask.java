package dev.idempotent4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method run once per key, however often it is called, retried or redelivered.
 *
 * <pre>{@code
 * @IdempotentTask(key = "charge:{order.id}", ttl = "24h", fingerprint = {"order.amountCents"})
 * public Receipt charge(Order order) {
 *   return gateway.charge(order);
 * }
 * }</pre>
 *
 * <p>The first call for a key runs the method and remembers its outcome for {@link #ttl()}; every
 * later call with the same key, in this JVM or (with Redis configured) any other, gets that outcome
 * without running the method. Concurrent duplicates do not run side by side: they follow {@link
 * #onInProgress()}.
 *
 * <p>The annotation processor ({@code idempotent4j-processor}) checks every attribute at compile
 * time and generates the key deriver; the agent ({@code -javaagent:idempotent4j-agent.jar}) weaves
 * the method at class load. A method carrying this annotation in a class the processor did not see
 * fails loudly when the agent is attached; it never runs un-deduplicated in silence.
 *
 * <p>Durations ({@link #ttl()}, {@link #lease()}, {@link #waitTimeout()}, {@link #maxRunTime()})
 * are strings: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}, or ISO-8601 such as
 * {@code PT24H}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface IdempotentTask {

  /**
   * The key template: literal text plus placeholders naming parameters or paths into them.
   *
   * <pre class="language-text">{@code
   * key = "charge:{order.id}"              // record component, getter or field of a parameter
   * key = "welcome:{user.id}:{campaign}"   // several parameters, separated by literal text
   * }</pre>
   *
   * <p>A path step resolves to a record component, a getter ({@code getX()}, {@code isX()} or
   * {@code x()}) or a field visible from the method's package. Each value is written in canonical
   * text (numbers in plain decimal, enums by name, {@code UUID} and {@code java.time} values in ISO
   * form) and escaped, so that two different argument tuples never give the same key. A {@code
   * null} on the path fails the call with {@code KeyDerivationException}.
   */
  String key();

  /**
   * The namespace of this task's keys, unique in the application. Defaults to {@code
   * SimpleClassName.method}. Letters, digits, {@code .}, {@code _} and {@code -} only.
   *
   * <p>Give a task an explicit name before renaming its class or method, so that outcomes stored
   * under the old name keep deduplicating.
   */
  String name() default "";

  /** How long a completed outcome is remembered: the dedup window. Default {@code 24h}. */
  String ttl() default "24h";

  /**
   * How long an in-progress claim holds without renewal before another worker may take the task
   * over. A running task's lease is renewed in the background. Default {@code 30s}; must not be
   * longer than {@link #ttl()}.
   */
  String lease() default "30s";

  /** What a duplicate does while the first call for its key still runs. Default {@code WAIT}. */
  OnInProgress onInProgress() default OnInProgress.WAIT;

  /**
   * How long a {@link OnInProgress#WAIT WAIT}ing duplicate waits for the first call's outcome
   * before it fails with {@code TaskInProgressException}. Default {@code 30s}.
   */
  String waitTimeout() default "30s";

  /**
   * How long one execution may hold its claim: past it the lease is no longer renewed, so a worker
   * that hangs while its JVM lives frees its key once the lease runs out, and its late outcome is
   * refused if another worker took the key over. Default {@code ""}: the engine setting {@code
   * max-run-time} (1h). At most {@code 365d}.
   */
  String maxRunTime() default "";

  /**
   * Parameter paths whose values form the request fingerprint. A later call with the same key and a
   * different fingerprint fails with {@code KeyReuseException} and runs nothing: the same key was
   * reused for a different request.
   *
   * <pre>{@code
   * @IdempotentTask(key = "charge:{order.id}", fingerprint = {"order.amountCents", "order.currency"})
   * }</pre>
   */
  String[] fingerprint() default {};

  /**
   * Exception types that are final outcomes: stored like a result and rethrown to every duplicate
   * for {@link #ttl()}. Any other exception releases the key, so that a retry runs the method
   * again.
   *
   * <pre>{@code
   * @IdempotentTask(key = "charge:{order.id}", cacheFailures = CardDeclinedException.class)
   * }</pre>
   */
  Class<? extends Throwable>[] cacheFailures() default {};
}
