package dev.idempotent4j.spring.boot;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyMetrics;
import dev.idempotent4j.runtime.store.SharedStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The process-wide idempotent4j engine as a Spring bean: creating it calls {@link
 * Idempotency#configure(Map)} with the {@code idempotent4j.*} properties (so a bad value fails
 * start-up), closing the context calls {@link Idempotency#shutdown()}. There is one engine per JVM:
 * run one application context with the starter per JVM.
 *
 * <p>A bean that runs tasks while the context starts (in a constructor or {@code @PostConstruct})
 * should depend on this one, so that the engine is configured first:
 *
 * <pre>{@code
 * @Component
 * class Warmup {
 *   Warmup(IdempotencyEngine engine) {
 *     Idempotency.run("Warmup.once", "boot", () -> "warm");
 *   }
 * }
 * }</pre>
 */
public final class IdempotencyEngine implements AutoCloseable {

  private final Map<String, String> settings;
  private final SharedStore store;

  private IdempotencyEngine(Map<String, String> settings, SharedStore store) {
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    this.store = store;
  }

  /**
   * Configures and starts the engine.
   *
   * @param settings runtime settings by name ({@code "fail-mode"})
   * @param store a store built by the application (or a starter configuration), or null to let the
   *     settings choose one
   * @throws dev.idempotent4j.runtime.IdempotencyConfigurationException naming the setting at fault
   */
  static IdempotencyEngine start(Map<String, String> settings, SharedStore store) {
    if (store == null) {
      Idempotency.configure(settings);
    } else {
      Idempotency.configure(settings, store);
    }
    return new IdempotencyEngine(settings, store);
  }

  /** The settings given to the engine, by name; secrets included, never show them as they are. */
  public Map<String, String> settings() {
    return settings;
  }

  /** The store the application handed to the engine, if it did (else the settings chose). */
  public Optional<SharedStore> givenStore() {
    return Optional.ofNullable(store);
  }

  /** Every setting with its value and source, passwords masked: for logs and the actuator. */
  public String describe() {
    return Idempotency.validateConfiguration();
  }

  /** The counters of every task since the engine started. */
  public IdempotencyMetrics metrics() {
    return Idempotency.metrics();
  }

  /** Closes the engine and its shared store's connections; called when the context closes. */
  @Override
  public void close() {
    Idempotency.shutdown();
  }
}
