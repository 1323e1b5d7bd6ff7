package dev.idempotent4j.runtime.store;

import java.util.List;

/**
 * Opens a {@link SharedStore} from the configuration. The engine finds factories with {@link
 * java.util.ServiceLoader} (a module registers one in {@code
 * META-INF/services/dev.idempotent4j.runtime.store.SharedStoreFactory}), so a new store is a module
 * of its own and touches no engine class.
 *
 * <p>At start-up the engine asks every factory whether the settings select it ({@link
 * #isSelected}); none selected means the local tier serves alone, two selected is a configuration
 * error naming both. The selected factory validates its settings ({@link #validate}) when the
 * configuration is resolved, so a bad value fails at start-up, and is asked to {@link #open} the
 * store when the engine starts; if the store cannot be reached then, the engine keeps calling
 * {@code open} (at most once a second) and meanwhile applies the fail mode.
 *
 * <pre>{@code
 * public final class MemoryStoreFactory implements SharedStoreFactory {
 *   public String name() { return "memory"; }
 *   public List<String> settingNames() { return List.of("memory.name"); }
 *   public boolean isSelected(StoreSettings settings) {
 *     return settings.value("memory.name").isPresent();
 *   }
 *   public void validate(StoreSettings settings) {}
 *   public SharedStore open(StoreSettings settings) {
 *     return new MemoryStore(settings.value("memory.name").orElseThrow());
 *   }
 * }
 * }</pre>
 */
public interface SharedStoreFactory {

  /** The store's name in messages and logs: {@code "redis"}, {@code "jdbc"}. */
  String name();

  /**
   * The settings this store reads, by name ({@code "jdbc"}, {@code "jdbc.user"}): they become known
   * settings (system properties {@code idempotent4j.<name>}, environment variables {@code
   * IDEMPOTENT4J_<NAME>}), so that a misspelt one fails at start-up instead of being ignored.
   */
  List<String> settingNames();

  /** Whether the configuration asks for this store, e.g. because {@code jdbc} is set. */
  boolean isSelected(StoreSettings settings);

  /**
   * Checks this store's settings without connecting.
   *
   * @throws dev.idempotent4j.runtime.IdempotencyConfigurationException naming the setting, its
   *     value and source, and the accepted forms (see {@link StoreSettings#invalid})
   */
  void validate(StoreSettings settings);

  /**
   * Opens the store (connects, or prepares to connect lazily).
   *
   * @throws dev.idempotent4j.runtime.StoreUnavailableException if the store cannot be reached now;
   *     the engine starts anyway and retries
   * @throws dev.idempotent4j.runtime.IdempotencyConfigurationException if the store is reachable
   *     but refuses the configuration (bad credentials, a missing table), naming the setting and
   *     the fix
   */
  SharedStore open(StoreSettings settings);
}
