package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.TaskDefinition;

/**
 * A task definition bound to one engine, with its counters and precomputed values, so that a call
 * costs no map lookup. {@code TaskInvoker} caches one and rebinds when the engine changes (after
 * {@code Idempotency.configure} or {@code shutdown}).
 */
final class BoundTask {
  final Engine engine;
  final TaskDefinition definition;

  /** The task's name, which keeps its outcomes apart from other tasks' in the local tier. */
  final String name;

  final TaskCounters counters;
  final long ttlNanos;
  final long waitTimeoutNanos;

  /** The task's maximum run time, or else the engine's {@code max-run-time}. */
  final long maxRunTimeNanos;

  final boolean async;

  /** {@code prefix:name:}, so that a call's key is one concatenation. */
  final String keyHead;

  /**
   * Whether a local duplicate hit can be answered from the local key alone ({@code
   * Engine.localHit}): the task has local keys and no fingerprint, which every call must compute.
   */
  final boolean hitsByLocalKey;

  BoundTask(Engine engine, TaskDefinition definition, TaskCounters counters) {
    this.engine = engine;
    this.definition = definition;
    this.name = definition.name();
    this.counters = counters;
    this.ttlNanos = saturatedNanos(definition.ttl());
    this.waitTimeoutNanos = saturatedNanos(definition.waitTimeout());
    this.maxRunTimeNanos =
        saturatedNanos(
            definition.maxRunTime() != null
                ? definition.maxRunTime()
                : engine.settings().maxRunTime());
    this.async = definition.returnKind().isAsync();
    this.keyHead = Keys.head(engine.settings().prefix(), definition.name());
    this.hitsByLocalKey =
        definition.localKeyDeriver() != null && definition.fingerprinter() == null;
  }

  /** The engine this binding belongs to. */
  public Engine engine() {
    return engine;
  }

  /** The definition bound. */
  public TaskDefinition definition() {
    return definition;
  }

  private static long saturatedNanos(java.time.Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }
}
