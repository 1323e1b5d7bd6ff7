/**
 * Micrometer meters for idempotent4j, used only when the application has Micrometer: {@code
 * micrometer-core} is an optional dependency of the runtime, and no class outside this package
 * refers to it, so the runtime loads and runs without it.
 *
 * <p>{@link dev.idempotent4j.runtime.micrometer.IdempotencyMetricsBinder} is a {@code MeterBinder}
 * (Spring Boot binds it by itself; the idempotent4j starter declares it as a bean when a {@code
 * MeterRegistry} exists). It is also an {@link dev.idempotent4j.runtime.IdempotencyObserver}:
 * registered with {@code Idempotency.observe}, the engine reports executions and waits to it for
 * the timers and the in-flight gauge (the starter registers it).
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * IdempotencyMetricsBinder binder = new IdempotencyMetricsBinder();
 * binder.bindTo(registry);
 * Idempotency.observe(binder);
 * }</pre>
 */
package dev.idempotent4j.runtime.micrometer;
