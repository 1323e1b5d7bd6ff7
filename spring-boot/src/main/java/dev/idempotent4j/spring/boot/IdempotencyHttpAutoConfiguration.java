package dev.idempotent4j.spring.boot;

import dev.idempotent4j.http.CallerResolver;
import dev.idempotent4j.http.IdempotencyKeyFilter;
import dev.idempotent4j.http.StatusPolicy;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The {@code Idempotency-Key} filter ({@code idempotent4j-http}) registered for {@code
 * idempotent4j.http.paths}, with the {@code idempotent4j.http.*} properties as its builder's
 * options. Nothing is registered without {@code paths}, nor when the application registers its own
 * {@code FilterRegistrationBean<IdempotencyKeyFilter>} named {@code idempotencyKeyFilter}.
 *
 * <pre>{@code
 * # application.properties
 * idempotent4j.http.paths=/api/payments/*
 * }</pre>
 */
@AutoConfiguration(after = IdempotencyAutoConfiguration.class)
@ConditionalOnClass(IdempotencyKeyFilter.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty("idempotent4j.http.paths")
@EnableConfigurationProperties(IdempotencyHttpProperties.class)
public class IdempotencyHttpAutoConfiguration {

  /** Late, after Spring Security's filter chain (order -100), as the module's README advises. */
  static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 10;

  /**
   * @param engine not used here: taking it makes the engine start before the filter's tasks exist
   */
  @Bean
  @ConditionalOnMissingBean(name = "idempotencyKeyFilter")
  FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeyFilter(
      IdempotencyHttpProperties properties, IdempotencyEngine engine) {
    IdempotencyKeyFilter.Builder builder =
        IdempotencyKeyFilter.builder()
            .taskName(properties.getTask())
            .methods(properties.getMethods().toArray(String[]::new))
            .required(properties.isRequired())
            .ttl(properties.getTtl())
            .lease(properties.getLease())
            .retryAfter(properties.getRetryAfter())
            .replayHeaders(properties.getHeaders().toArray(String[]::new))
            .maxSize(Math.toIntExact(properties.getMaxSize().toBytes()))
            .statusPolicy(StatusPolicy.parse(properties.getStoreStatuses()));
    if (properties.getInProgress() == IdempotencyHttpProperties.InProgress.WAIT) {
      builder.waitForInProgress(properties.getWaitTimeout());
    }
    if (properties.getCallerHeader() != null && !properties.getCallerHeader().isBlank()) {
      builder.caller(CallerResolver.header(properties.getCallerHeader().strip()));
    }
    FilterRegistrationBean<IdempotencyKeyFilter> registration =
        new FilterRegistrationBean<>(builder.build());
    registration.setName("idempotencyKeyFilter");
    registration.setUrlPatterns(properties.getPaths());
    registration.setOrder(properties.getOrder() == null ? DEFAULT_ORDER : properties.getOrder());
    registration.setAsyncSupported(true); // in-progress=wait waits asynchronously
    return registration;
  }
}
