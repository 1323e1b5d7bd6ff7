package dev.idempotent4j.spring.boot;

import java.util.Map;

/**
 * Changes the runtime settings that the starter hands to {@code Idempotency.configure} at start-up,
 * after the {@code idempotent4j.*} properties were read. Declare one as a bean; all are applied in
 * {@code @Order}. The starter's own reuse of Spring Data Redis ({@code
 * idempotent4j.redis.use-spring=true}) is one.
 *
 * <pre>{@code
 * @Bean
 * IdempotencySettingsCustomizer tenantPrefix(TenantConfig tenant) {
 *   return settings -> settings.putIfAbsent("prefix", "billing-" + tenant.id());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface IdempotencySettingsCustomizer {

  /**
   * Changes {@code settings} in place.
   *
   * @param settings values by setting name ({@code "redis"}, {@code "local.max-size"}), mutable
   */
  void customize(Map<String, String> settings);
}
