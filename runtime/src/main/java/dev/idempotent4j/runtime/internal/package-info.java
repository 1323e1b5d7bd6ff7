/**
 * The engine: not an API, public only where other idempotent4j packages must reach it.
 *
 * <p>{@link dev.idempotent4j.runtime.internal.Engine} decides each call: key ({@link
 * dev.idempotent4j.runtime.internal.Keys}), local tier of completed outcomes (a Caffeine cache,
 * per-entry expiry = the task's ttl, bounded by {@code local.max-size}), in-JVM single flight (one
 * {@code Flight} per key in progress, joined by concurrent duplicates), and the recording of
 * outcomes. Time comes from an injected {@link dev.idempotent4j.runtime.internal.EngineClock}, so
 * TTLs and wait timeouts are tested by advancing a fake clock. Waiting parks on a {@code
 * CompletableFuture}, never inside {@code synchronized}, so virtual threads do not pin.
 *
 * <p>With a shared store, the winner of the single flight claims the key there ({@code
 * Engine.claim}), {@code LeaseRenewer} renews all running claims of one lease duration with one
 * call every third of the lease, and the outcome goes to the store before the local tier ({@code
 * Engine.settle}). {@code SharedTier} holds the store-facing helpers (codec, failure text, owner
 * id, fail-open warning); {@code ReconnectingStore} lets the engine start while Redis is down.
 *
 * <p>{@link dev.idempotent4j.runtime.internal.Settings} resolves and validates configuration;
 * {@link dev.idempotent4j.runtime.internal.EngineHolder} owns the process-wide engine behind {@code
 * Idempotency} and {@code TaskInvoker}; {@link dev.idempotent4j.runtime.internal.Frames} keeps the
 * per-thread state behind {@code IdempotencyContext}.
 *
 * <pre>{@code
 * Engine engine = Engine.builder(Settings.defaults()).clock(clock).build();
 * BoundTask task = engine.bind(definition);
 * Object entered = engine.enter(task, args);   // Replay, or the execution handle
 * Object value = Engine.exit(entered, returned, thrown);
 * }</pre>
 */
package dev.idempotent4j.runtime.internal;
