package dev.idempotent4j.spring.boot;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers the actuator endpoint {@link IdempotencyEndpoint} ({@code idempotency}) when the
 * actuator is present and the endpoint is available (enabled and exposed).
 *
 * <pre>{@code
 * management.endpoints.web.exposure.include=health,idempotency
 * }</pre>
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(IdempotencyEngine.class)
@ConditionalOnAvailableEndpoint(IdempotencyEndpoint.class)
public class IdempotencyEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  IdempotencyEndpoint idempotencyEndpoint(IdempotencyEngine engine) {
    return new IdempotencyEndpoint(engine);
  }
}
