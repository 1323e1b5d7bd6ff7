package dev.idempotent4j.spring.boot;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.WeavingCheck;
import dev.idempotent4j.runtime.store.SharedStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of idempotent4j: the {@code idempotent4j.*} properties become the engine's
 * configuration at start-up ({@link IdempotencyEngine}), and the engine is shut down with the
 * context. Nothing else is started: with no {@code idempotent4j.redis}/{@code redis.cluster} (and
 * no {@code idempotent4j.redis.use-spring=true}) the local tier serves alone, as without Spring.
 *
 * <p>A {@link SharedStore} bean, if there is exactly one, is handed to the engine as its shared
 * store ({@code Idempotency.configure(settings, store)}); that is how a store over the
 * application's own resources (a {@code DataSource}) plugs in.
 *
 * <pre>{@code
 * # application.properties: all it takes for the shared tier
 * idempotent4j.redis=redis://cache:6379
 * }</pre>
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(Idempotency.class)
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyAutoConfiguration {

  private static final String REDIS = "idempotent4j.redis";
  private static final String REDIS_CLUSTER = "idempotent4j.redis.cluster";
  private static final String USE_SPRING = "idempotent4j.redis.use-spring";
  private static final List<String> JDBC_SETTINGS =
      List.of("jdbc", "jdbc.user", "jdbc.password", "jdbc.table", "jdbc.create-schema");

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  IdempotencyEngine idempotencyEngine(
      Environment environment,
      ResourceLoader resourceLoader,
      IdempotencyProperties properties,
      ObjectProvider<IdempotencySettingsCustomizer> customizers,
      ObjectProvider<SharedStore> store) {
    Map<String, String> settings = properties.settings();
    // By name: idempotent4j.redis is a value and a group at once (see IdempotencyProperties).
    Binder binder = Binder.get(environment);
    binder.bind(REDIS, String.class).ifBound(redis -> settings.put("redis", redis));
    binder.bind(REDIS_CLUSTER, String.class).ifBound(seeds -> settings.put("redis.cluster", seeds));
    // idempotent4j.jdbc too; the runtime's own factory opens its pool from them (not use-spring).
    for (String jdbc : JDBC_SETTINGS) {
      binder.bind("idempotent4j." + jdbc, String.class).ifBound(v -> settings.put(jdbc, v));
    }
    boolean useSpring = binder.bind(USE_SPRING, Boolean.class).orElse(false);
    customizers.orderedStream().forEach(customizer -> customizer.customize(settings));
    if (useSpring && !settings.containsKey("redis") && !settings.containsKey("redis.cluster")) {
      throw new IdempotencyConfigurationException(
          "idempotent4j.redis.use-spring = true, but the application has no Spring Data Redis"
              + " connection to reuse: add org.springframework.boot:spring-boot-starter-data-redis,"
              + " or set idempotent4j.redis=redis://host:port instead.");
    }
    checkWeaving(resourceLoader, settings, environment);
    try {
      return IdempotencyEngine.start(settings, store.getIfUnique());
    } catch (IdempotencyConfigurationException e) {
      throw SettingOrigins.explain(e, settings, environment);
    }
  }

  /**
   * Stops start-up when the application's task index lists methods that are not woven. The engine
   * checks too, but through the thread's and the runtime's class loaders; the application's own (a
   * fat jar's, or one a test hands {@code SpringApplication}) is the resource loader's. With {@code
   * weaving-check=warn} the engine logs them instead.
   */
  private static void checkWeaving(
      ResourceLoader resourceLoader, Map<String, String> settings, Environment environment) {
    // -D and IDEMPOTENT4J_WEAVING_CHECK reach the runtime without the starter: read them too.
    String mode =
        settings.getOrDefault(
            "weaving-check", environment.getProperty("idempotent4j.weaving-check", "fail"));
    if (mode.strip().toLowerCase(Locale.ROOT).equals("warn")) {
      return;
    }
    ClassLoader loader = resourceLoader.getClassLoader();
    List<String> unwoven =
        WeavingCheck.unwovenTasks(loader != null ? loader : ClassUtils.getDefaultClassLoader());
    if (!unwoven.isEmpty()) {
      throw new UnwovenTasksException(unwoven);
    }
  }

  /** {@code idempotent4j.redis.use-spring=true}: reuse the Spring Data Redis settings. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(DataRedisConnectionDetails.class)
  @ConditionalOnBean(DataRedisConnectionDetails.class)
  @ConditionalOnProperty(name = USE_SPRING, havingValue = "true")
  static class SpringDataRedisConfiguration {

    @Bean
    IdempotencySettingsCustomizer idempotencySpringDataRedisSettings(
        DataRedisConnectionDetails details, ObjectProvider<DataRedisProperties> properties) {
      DataRedisProperties redis = properties.getIfAvailable();
      return new SpringDataRedisSettings(
          details, redis == null ? null : redis.getSsl().getBundle());
    }
  }
}
