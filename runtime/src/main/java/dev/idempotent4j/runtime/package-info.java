/**
 * idempotent4j at run time: what applications call and catch.
 *
 * <p>Most applications never call this package directly: they annotate methods with
 * {@code @IdempotentTask}, compile with the processor and run with the agent. They meet this
 * package in three places:
 *
 * <ul>
 *   <li>{@link dev.idempotent4j.runtime.Idempotency}: configuration in code ({@code configure},
 *       validated at start-up, with system properties, agent arguments and environment variables as
 *       lower-precedence sources), counters ({@code metrics()}), and programmatic tasks ({@link
 *       dev.idempotent4j.runtime.Task}, {@code Idempotency.run(task, key, body)}) for code that
 *       cannot be annotated.
 *   <li>{@link dev.idempotent4j.runtime.IdempotencyContext}: inside a running task its key, fencing
 *       token and attempt; after a call, whether it was a replay.
 *   <li>The exceptions, all extending {@link dev.idempotent4j.runtime.IdempotencyException}, so
 *       that one {@code catch} tells "the idempotency layer refused or failed" from the task's own
 *       errors.
 * </ul>
 *
 * <pre>{@code
 * Idempotency.configure(Map.of("prefix", "billing"));
 * Receipt receipt = payments.charge(order);             // woven: runs once per order id
 * boolean duplicate = IdempotencyContext.lastCall().orElseThrow().replayed();
 * }</pre>
 *
 * <p>How a call is decided: the key ({@code prefix:name:body}, at most 512 UTF-8 bytes) is looked
 * up in the local tier of completed outcomes; a miss joins the single flight of that key in this
 * JVM, so concurrent duplicates share one execution; the outcome (a value, or an exception listed
 * in {@code cacheFailures}) is remembered for the task's ttl, and any other exception releases the
 * key for a retry. With Redis configured, the winner of the single flight claims the key in the
 * shared store as well (one claim per JVM and key, however many local duplicates wait behind it): a
 * claim runs the method under the store's fencing token with its lease renewed in the background,
 * and the outcome is written back fenced (a worker that lost its lease cannot overwrite the new
 * owner's); another worker's outcome is decoded with the task's codec and replayed; a claim held
 * elsewhere is thrown, skipped or waited for (a notification, polling as the fallback, and a
 * takeover once the owner's lease runs out). See {@code dev.idempotent4j.runtime.store} and {@code
 * dev.idempotent4j.runtime.redis}.
 *
 * <h2>How the runtime is built</h2>
 *
 * <p>The engine lives in this package, package-private, beside the API it serves (as Caffeine keeps
 * {@code BoundedLocalCache} beside {@code Cache}): the exceptions and {@code IdempotencyContext}
 * are public names of this package, the engine builds and throws them, and the API calls the
 * engine, so one package is the only layering without a cycle. Each mechanism is a small class:
 * {@code Engine} (the decision table of a call), {@code KeyDerivation}, {@code SingleFlight} and
 * {@code LocalTier}, {@code Waits}, {@code ClaimLoop} and {@code SharedWait}, {@code Execution},
 * {@code OutcomeRecorder}, {@code AsyncCompletion}, {@code Replays}, {@code LeaseRenewer}, {@code
 * Observers} (what {@link dev.idempotent4j.runtime.Idempotency#observe} registered, and {@code
 * FlightRecorderObserver}, the JFR events, registered while a recording runs), and {@code Errors},
 * which builds every message. Two doors lead in: {@link dev.idempotent4j.runtime.Idempotency} (and
 * {@link dev.idempotent4j.runtime.Task}) for applications, {@link
 * dev.idempotent4j.runtime.TaskInvoker} for woven code.
 *
 * <p>The packages, from the bottom up; each uses only those below it, which {@code LayeringTest}
 * checks on the compiled classes:
 *
 * <ul>
 *   <li>{@code dev.idempotent4j.runtime.spi}: the contract with generated code (task definitions,
 *       key derivers, result codecs, {@code Replay}), and {@code dev.idempotent4j.runtime.store}:
 *       the store SPI. Neither names a type above it; where their contracts speak of this package's
 *       exceptions they do so in documentation only (a {@code StoreSettings.invalid} error is
 *       declared as {@code RuntimeException}).
 *   <li>{@code dev.idempotent4j.runtime.codec}: codecs for results, on {@code spi}.
 *   <li>{@code dev.idempotent4j.runtime}: the API and the engine, on the three above. The engine
 *       reaches a store only through {@code SharedStore} and a {@code SharedStoreFactory} found by
 *       name with {@code ServiceLoader}.
 *   <li>{@code dev.idempotent4j.runtime.redis}, and every other store module: adapters on top,
 *       implementing the store SPI and throwing this package's exceptions.
 * </ul>
 */
package dev.idempotent4j.runtime;
