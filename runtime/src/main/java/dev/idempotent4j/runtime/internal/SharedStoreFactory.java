package dev.idempotent4j.runtime.internal;

import dev.idempotent4j.runtime.store.SharedStore;

/**
 * How a shared tier plugs into the engine: an implementation (the Redis tier) registers one
 * factory in {@code META-INF/services/dev.idempotent4j.runtime.internal.SharedStoreFactory}; when
 * the settings name a store ({@code redis} or {@code redis.cluster}), the engine opens it through
 * that factory at start-up.
 *
 * <pre>{@code
 * public final class RedisStoreFactory implements SharedStoreFactory {
 *   public SharedStore open(Settings settings) { return RedisStore.connect(settings); }
 * }
 * }</pre>
 */
public interface SharedStoreFactory {

  /**
   * Opens the store that {@code settings} describe.
   *
   * @throws dev.idempotent4j.runtime.IdempotencyConfigurationException if the settings cannot
   *     describe a store of this kind
   */
  SharedStore open(Settings settings);
}
