/**
 * Micrometer meters for idempotent4j, used only when the application has Micrometer: {@code
 * micrometer-core} is an optional dependency of the runtime, and no class outside this package
 * refers to it, so the runtime loads and runs without it.
 *
 * <p>{@link dev.idempotent4j.runtime.micrometer.IdempotencyMetricsBinder} is a {@code MeterBinder}
 * (Spring Boot binds it by itself; the idempotent4j starter declares it as a bean when a {@code
 * MeterRegistry} exists). {@link dev.idempotent4j.runtime.micrometer.TaskObserver} is what the
 * engine reports to for timers and the in-flight gauge; it names no Micrometer type.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * IdempotencyMetricsBinder binder = new IdempotencyMetricsBinder();
 * binder.bindTo(registry);
 * }</pre>
 */
package dev.idempotent4j.runtime.micrometer;
