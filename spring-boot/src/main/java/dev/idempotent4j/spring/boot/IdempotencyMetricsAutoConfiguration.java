package dev.idempotent4j.spring.boot;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyObserver;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.micrometer.IdempotencyMetricsBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Declares {@link IdempotencyMetricsBinder} as a bean when the application has a {@code
 * MeterRegistry}; Spring Boot binds every {@code MeterBinder} bean to its registries. The tasks
 * declared as {@link Task} beans get their {@code idempotent4j.calls} counters before their first
 * call; others when they are first seen. The binder is registered as the engine's observer, which
 * feeds the timers {@code idempotent4j.execution} and {@code idempotent4j.wait} and the gauge
 * {@code idempotent4j.in-flight}; the registration is closed with the context.
 *
 * <pre>{@code
 * @Bean
 * Task refund() { return Idempotency.task("Payments.refund").ttl("7d").build(); }
 * // GET /actuator/metrics/idempotent4j.calls?tag=task:Payments.refund&tag=outcome:executed
 * }</pre>
 */
@AutoConfiguration(
    after = IdempotencyAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({MeterRegistry.class, IdempotencyMetricsBinder.class})
@ConditionalOnBean({MeterRegistry.class, IdempotencyEngine.class})
public class IdempotencyMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  IdempotencyMetricsBinder idempotencyMetricsBinder(
      IdempotencyEngine engine, ObjectProvider<Task> tasks) {
    // The engine parameter orders configuration before binding: counters read its snapshots.
    return new IdempotencyMetricsBinder(
        tasks.orderedStream().map(Task::name).collect(Collectors.toList()), Tags.empty());
  }

  /** Closed with the context (an {@code AutoCloseable} bean): the engine stops reporting to it. */
  @Bean
  IdempotencyObserver.Registration idempotencyMetricsObserver(IdempotencyMetricsBinder binder) {
    return Idempotency.observe(binder);
  }
}
