package dev.idempotent4j.benchmarks.flows;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.idempotent4j.benchmarks.Receipts;
import java.time.Duration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring way to skip a repeated call: {@code @Cacheable} over a {@link CaffeineCacheManager}
 * with the same bound and expiry as the local tier, in a plain application context (no Spring
 * Boot). The key is Spring's default (the argument itself), its cheapest form.
 *
 * <pre>{@code
 * try (AnnotationConfigApplicationContext context = SpringCacheableOrders.context()) {
 *   SpringCacheableOrders orders = context.getBean(SpringCacheableOrders.class);
 *   String receipt = orders.confirm("order-42");
 * }
 * }</pre>
 */
public class SpringCacheableOrders {

  /** A started context holding the proxied bean. The caller closes it. */
  public static AnnotationConfigApplicationContext context() {
    return new AnnotationConfigApplicationContext(CachingConfiguration.class);
  }

  /** Confirms {@code orderId}; the proxy returns the cached receipt for a repeated id. */
  @Cacheable("orders")
  public String confirm(String orderId) {
    return Receipts.confirm(orderId);
  }

  /** The Spring configuration: caching on, Caffeine as the cache. */
  @Configuration
  @EnableCaching
  public static class CachingConfiguration {

    @Bean
    public CacheManager cacheManager() {
      CaffeineCacheManager manager = new CaffeineCacheManager("orders");
      manager.setCaffeine(
          Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(24)));
      return manager;
    }

    @Bean
    public SpringCacheableOrders orders() {
      return new SpringCacheableOrders();
    }
  }
}
