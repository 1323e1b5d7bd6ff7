package dev.idempotent4j.runtime;

import dev.idempotent4j.OnInProgress;
import dev.idempotent4j.runtime.spi.Replay;
import dev.idempotent4j.runtime.spi.ResultCodec;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Test helpers: definitions built by hand (args[0] is the key body and the local key, as a
 * generated deriver gives it, args[1] the fingerprint), and a call that does exactly what the code
 * the agent weaves does around a method body.
 */
final class Woven {
  private Woven() {}

  static TaskDefinition.Builder definition(String name) {
    return keyedByText(name).localKeys(args -> args[0], (head, localKey) -> head + localKey);
  }

  /**
   * A definition without local keys, as {@code Task} builds them: the key text is the local key.
   */
  static TaskDefinition.Builder keyedByText(String name) {
    return TaskDefinition.builder(name)
        .method("Test." + name + "(String)")
        .keyTemplate("{id}")
        .keyDeriver((head, args) -> head + args[0])
        .ttl(Duration.ofHours(1))
        .lease(Duration.ofSeconds(30))
        .waitTimeout(Duration.ofSeconds(30));
  }

  static TaskDefinition.Builder withFingerprint(String name) {
    return definition(name).fingerprinter(args -> (String) args[1]);
  }

  static TaskDefinition.Builder async(String name) {
    return definition(name).returns(ReturnKind.COMPLETABLE_FUTURE, null, null);
  }

  static TaskDefinition.Builder onInProgress(String name, OnInProgress mode) {
    return definition(name).onInProgress(mode);
  }

  static TaskDefinition.Builder caching(String name, List<Class<? extends Throwable>> failures) {
    return definition(name).cacheFailures(failures);
  }

  static TaskDefinition.Builder codec(String name, ResultCodec<?> codec) {
    return definition(name).returns(ReturnKind.VALUE, null, codec);
  }

  /** The woven method: enter, body unless replayed, exit, rethrow the body's exception. */
  static Object call(Engine engine, BoundTask task, Object[] args, Callable<?> body)
      throws Exception {
    Object entered = engine.enter(task, args);
    if (entered instanceof Replay) {
      return Engine.exit(entered, null, null);
    }
    Object returned = null;
    Throwable thrown = null;
    try {
      returned = body.call();
    } catch (Throwable t) {
      thrown = t;
    }
    returned = Engine.exit(entered, returned, thrown);
    if (thrown instanceof Exception) {
      throw (Exception) thrown;
    }
    if (thrown instanceof Error) {
      throw (Error) thrown;
    }
    return returned;
  }

  /**
   * The woven method through a generated entry point: the local hit first, then enter with the
   * local key.
   */
  static Object callByLocalKey(Engine engine, BoundTask task, String key, Callable<?> body)
      throws Exception {
    Object hit = engine.localHit(task, key);
    if (hit != null) {
      return Engine.exit(hit, null, null);
    }
    Object entered = engine.enter(task, key, new Object[] {key, null});
    if (entered instanceof Replay) {
      return Engine.exit(entered, null, null);
    }
    return Engine.exit(entered, body.call(), null);
  }

  static Object call(Engine engine, BoundTask task, String key, Callable<?> body) throws Exception {
    return call(engine, task, new Object[] {key, null}, body);
  }

  /** Spins (yielding) until {@code condition} holds; fails after a generous bound. */
  static void awaitCondition(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      Thread.yield();
    }
  }
}
