package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.Replay;
import dev.idempotent4j.runtime.spi.TaskDefinition;

/**
 * The one runtime entry point of woven code. The processor generates one invoker per task as a
 * {@code public static final} constant, and a static entry point per task that calls it; the code
 * the agent weaves calls that entry point before the method body and {@link #exit} after it. Every
 * decision is made here, in the runtime, where it is tested without an agent.
 *
 * <p>The entry point ({@code charge$enter}) takes the method's arguments as they are, derives the
 * call's local key, asks {@link #localHit} and only on a miss builds the arguments array for {@link
 * #enter(Object, Object[])}: a duplicate hit allocates nothing, and the JIT sees one small,
 * monomorphic method per task.
 *
 * <pre>{@code
 * // What the woven method does, in Java:
 * Object entered = Payments_Idempotent4j.charge$enter(order);
 * if (entered instanceof Replay) return (Receipt) ((Replay) entered).value();
 * Receipt r = null; Throwable t = null;
 * try { r = body(order); } catch (Throwable e) { t = e; }
 * r = (Receipt) TaskInvoker.exit(entered, r, t);
 * if (t != null) throw t;
 * return r;
 * }</pre>
 */
public final class TaskInvoker {

  private final TaskDefinition definition;

  /** The definition bound to the running engine; rebound when the engine is replaced. */
  private volatile BoundTask bound;

  private TaskInvoker(TaskDefinition definition) {
    this.definition = definition;
  }

  /** The invoker of {@code definition}. */
  public static TaskInvoker of(TaskDefinition definition) {
    return new TaskInvoker(definition);
  }

  public TaskDefinition definition() {
    return definition;
  }

  /**
   * Called before the body with the call's arguments. Returns a {@link Replay} when the body must
   * be skipped (a duplicate), otherwise an opaque handle of the claimed execution that must be
   * passed to {@link #exit}.
   *
   * @throws dev.idempotent4j.runtime.IdempotencyException when the call must not run: in progress
   *     elsewhere, key reuse, store unavailable, key not derivable
   * @throws RuntimeException a cached failure is rethrown as it was, the method's own exception
   *     type, checked exceptions included (their declaration is the woven method's)
   */
  public Object enter(Object[] args) {
    BoundTask task = bound();
    return task.engine.enter(task, args);
  }

  /**
   * The first step of a generated entry point: a duplicate answered by the local tier from the
   * call's local key alone ({@link TaskDefinition#localKeyDeriver()}), without its key text and
   * without an arguments array, or {@code null} when the call must go on to {@link #enter(Object,
   * Object[])}. Allocates nothing for a synchronous task.
   *
   * @throws RuntimeException a cached failure, as {@link #enter(Object[])} rethrows it
   */
  public Object localHit(Object localKey) {
    BoundTask task = bound();
    return task.engine.localHit(task, localKey);
  }

  /**
   * Like {@link #enter(Object[])}, for a generated entry point that derived the call's local key
   * already, so that the key's getters run once per call.
   *
   * @throws dev.idempotent4j.runtime.IdempotencyException as {@link #enter(Object[])}
   */
  public Object enter(Object localKey, Object[] args) {
    BoundTask task = bound();
    return task.engine.enter(task, localKey, args);
  }

  /**
   * What a generated entry point throws when deriving the local key threw {@code e}: what {@link
   * #enter(Object[])} would have thrown, {@code e} itself if it is an {@link IdempotencyException},
   * else a {@link KeyDerivationException} naming the task.
   */
  public IdempotencyException keyDerivationFailed(RuntimeException e) {
    Frames.onThisThread().clearLastCall();
    return KeyDerivation.failure(definition, e);
  }

  /** The definition bound to the running engine, bound again after the engine was replaced. */
  private BoundTask bound() {
    Engine engine = EngineHolder.current();
    BoundTask task = bound;
    if (task == null || task.engine != engine) {
      task = engine.bind(definition);
      bound = task;
    }
    return task;
  }

  /**
   * Called after the body (normal return, exception, or skipped). Records the outcome of a claimed
   * execution and returns the value the method returns:
   *
   * <ul>
   *   <li>for a {@link Replay}: its {@link Replay#value()};
   *   <li>for a body that threw: {@code returned}, or the task's {@link TaskDefinition#skipValue()}
   *       if {@code returned} is null (so a primitive method never gets null back);
   *   <li>for an async task ({@code CompletableFuture}/{@code CompletionStage}): a new {@code
   *       CompletableFuture} that completes with the body's own value or exception right after the
   *       outcome was recorded (so a call made once it completed is always a duplicate hit); a null
   *       future is returned as null and releases the key;
   *   <li>otherwise {@code returned} itself.
   * </ul>
   *
   * <p>Never throws: the caller's own exception stays in flight ({@code thrown} is only read).
   */
  public static Object exit(Object entered, Object returned, Throwable thrown) {
    return Engine.exit(entered, returned, thrown);
  }

  /**
   * Called by the agent in place of {@link #enter} for a method that carries {@code IdempotentTask}
   * but was not seen by the annotation processor: it must never run un-deduplicated in silence.
   */
  @SuppressWarnings("DoNotCallSuggester") // woven code calls it to fail; throwing is its purpose
  public static Object unprocessed(String className, String methodName) {
    throw new IdempotencyConfigurationException(
        className
            + "."
            + methodName
            + " is annotated @IdempotentTask, but its class was compiled without the"
            + " idempotent4j processor, so it has no key deriver and would run without"
            + " deduplication. Add dev.idempotent4j:idempotent4j-processor to the compiler's"
            + " annotation processor path (Maven: maven-compiler-plugin <annotationProcessorPaths>;"
            + " Gradle: annotationProcessor) and recompile.");
  }
}
