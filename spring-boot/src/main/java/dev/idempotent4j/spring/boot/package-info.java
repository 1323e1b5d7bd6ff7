/**
 * Spring Boot auto-configuration of idempotent4j. Adapters only: the runtime decides, these classes
 * translate Spring's configuration and infrastructure into it.
 *
 * <ul>
 *   <li>{@link dev.idempotent4j.spring.boot.IdempotencyAutoConfiguration}: {@code idempotent4j.*}
 *       properties ({@link dev.idempotent4j.spring.boot.IdempotencyProperties}) become the engine's
 *       configuration ({@link dev.idempotent4j.spring.boot.IdempotencyEngine}); {@link
 *       dev.idempotent4j.spring.boot.IdempotencySettingsCustomizer} beans may change them.
 *   <li>{@link dev.idempotent4j.spring.boot.IdempotencyMetricsAutoConfiguration}: the Micrometer
 *       binder, when there is a {@code MeterRegistry}.
 *   <li>{@link dev.idempotent4j.spring.boot.IdempotencyHealthContributorAutoConfiguration}: the
 *       health contributor {@code idempotent4j}.
 *   <li>{@link dev.idempotent4j.spring.boot.IdempotencyEndpointAutoConfiguration}: the actuator
 *       endpoint {@code idempotency}.
 *   <li>{@link dev.idempotent4j.spring.boot.IdempotencyHttpAutoConfiguration}: the {@code
 *       Idempotency-Key} filter for {@code idempotent4j.http.paths}.
 *   <li>{@link dev.idempotent4j.spring.boot.IdempotencyConfigurationFailureAnalyzer}: the start-up
 *       failure report; {@link dev.idempotent4j.spring.boot.UnwovenTasksFailureAnalyzer} for tasks
 *       that are not woven.
 * </ul>
 *
 * <pre>{@code
 * # application.properties
 * idempotent4j.redis=redis://cache:6379
 * }</pre>
 */
package dev.idempotent4j.spring.boot;
