package dev.idempotent4j.spring.boot;

import dev.idempotent4j.Durations;
import dev.idempotent4j.jdbc.JdbcStore;
import dev.idempotent4j.jdbc.JdbcStoreBuilder;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.store.SharedStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * {@code idempotent4j.jdbc.use-spring=true}: the PostgreSQL store ({@code idempotent4j-jdbc}) over
 * the application's {@code DataSource}, handed to the engine as its shared store. Tasks that run
 * inside a Spring transaction on that {@code DataSource} ({@code @Transactional}) record on the
 * transaction's connection, so the record commits or rolls back with the method's writes; outside
 * of one, each step borrows a connection from the pool. Spring closes the store with the context.
 *
 * <p>{@code idempotent4j.jdbc=jdbc:postgresql://...} (without {@code use-spring}) is the runtime's
 * own store with a pool of its own, and needs none of this.
 *
 * <pre>{@code
 * # application.properties
 * spring.datasource.url=jdbc:postgresql://db/app
 * idempotent4j.jdbc.use-spring=true
 * }</pre>
 */
@AutoConfiguration(
    before = IdempotencyAutoConfiguration.class,
    after = DataSourceAutoConfiguration.class)
@ConditionalOnClass({JdbcStore.class, DataSourceUtils.class})
@ConditionalOnProperty(name = "idempotent4j.jdbc.use-spring", havingValue = "true")
public class IdempotencyJdbcAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(SharedStore.class)
  JdbcStore idempotencyJdbcStore(ObjectProvider<DataSource> dataSources, Environment environment) {
    Binder binder = Binder.get(environment);
    binder
        .bind("idempotent4j.jdbc", String.class)
        .ifBound(
            url -> {
              throw refuse(
                  "idempotent4j.jdbc = '"
                      + url.replaceAll("(?i)password=[^&;]*", "password=***")
                      + "' is set too, which opens a pool of its own",
                  "remove one of the two");
            });
    DataSource dataSource = dataSources.getIfUnique();
    if (dataSource == null) {
      throw refuse(
          "the application has no single DataSource to use (none, or several and none @Primary)",
          "add org.springframework.boot:spring-boot-starter-jdbc and spring.datasource.url, mark"
              + " one DataSource @Primary, or set idempotent4j.jdbc=jdbc:postgresql://host/db");
    }
    JdbcStoreBuilder builder =
        JdbcStore.builder(dataSource).ambientTransaction(new SpringManagedTransactions());
    binder.bind("idempotent4j.jdbc.table", String.class).ifBound(builder::table);
    binder.bind("idempotent4j.jdbc.create-schema", Boolean.class).ifBound(builder::createSchema);
    binder
        .bind("idempotent4j.timeout", String.class)
        .ifBound(timeout -> builder.timeout(Durations.parse(timeout.strip())));
    return builder.build();
  }

  private static IdempotencyConfigurationException refuse(String why, String fix) {
    return new IdempotencyConfigurationException(
        "idempotent4j.jdbc.use-spring = true cannot keep the records in the application's"
            + " DataSource: "
            + why
            + ". Instead, "
            + fix
            + ".");
  }
}
