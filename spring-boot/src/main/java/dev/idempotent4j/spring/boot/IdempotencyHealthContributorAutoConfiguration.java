package dev.idempotent4j.spring.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link IdempotencyHealthIndicator} as the health contributor {@code idempotent4j} when
 * Spring Boot's health support is present; {@code management.health.idempotent4j.enabled=false}
 * turns it off.
 *
 * <pre>{@code
 * management.endpoint.health.show-details=always
 * # GET /actuator/health/idempotent4j
 * }</pre>
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(IdempotencyEngine.class)
@ConditionalOnEnabledHealthIndicator("idempotent4j")
public class IdempotencyHealthContributorAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(name = "idempotent4jHealthIndicator")
  IdempotencyHealthIndicator idempotent4jHealthIndicator(IdempotencyEngine engine) {
    return new IdempotencyHealthIndicator(engine);
  }
}
