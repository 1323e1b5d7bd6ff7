package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.SharedStoreFactory;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The process-wide engine behind {@code Idempotency} and {@code TaskInvoker}: started lazily from
 * the configuration at first use, replaced by {@code Idempotency.configure}, closed by {@code
 * Idempotency.shutdown}, which also close its shared store and stop its lease renewal. Not part of
 * the API.
 */
final class EngineHolder {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  // A lock, not synchronized: starting an engine may load classes and open connections.
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static volatile Engine engine;
  private static Map<String, String> codeSettings = Map.of();
  private static SharedStore codeStore;
  private static Supplier<Map<String, String>> environment = System::getenv;

  private EngineHolder() {}

  /** The running engine, started from the configuration if none runs. */
  public static Engine current() {
    Engine running = engine;
    return running != null ? running : start();
  }

  /**
   * Validates {@code settings} merged over system properties and environment, and restarts the
   * engine with them.
   */
  public static void configure(Map<String, String> settings) {
    configure(settings, null);
  }

  /**
   * Like {@link #configure(Map)}, with a store built in code (a {@code DataSource}-backed store,
   * say) instead of one chosen by the settings; {@code null} for none. The application owns it and
   * closes it; engines that shut down leave it open.
   */
  public static void configure(Map<String, String> settings, SharedStore store) {
    Map<String, String> copy = Map.copyOf(Objects.requireNonNull(settings, "settings"));
    LOCK.lock();
    try {
      Settings resolved = resolve(copy);
      if (store != null && resolved.store().isPresent()) {
        throw new IdempotencyConfigurationException(
            "A shared store was handed to Idempotency.configure in code, and the settings select"
                + " the "
                + resolved.store().get().name()
                + " store too: remove the store's settings or do not pass a store.");
      }
      codeSettings = copy;
      codeStore = store == null ? null : new CallerOwnedStore(store);
      replace(open(resolved));
    } finally {
      LOCK.unlock();
    }
  }

  /** Resolves and validates the configuration without starting anything. */
  public static Settings validate() {
    LOCK.lock();
    try {
      return resolve(codeSettings);
    } finally {
      LOCK.unlock();
    }
  }

  /** Closes the running engine; the next call starts a new one from the same configuration. */
  public static void shutdown() {
    LOCK.lock();
    try {
      replace(null);
    } finally {
      LOCK.unlock();
    }
  }

  /** Closes the running engine and forgets settings given in code. */
  public static void reset() {
    LOCK.lock();
    try {
      replace(null);
      codeSettings = Map.of();
      codeStore = null;
    } finally {
      LOCK.unlock();
    }
  }

  /** Replaces the running engine with {@code replacement} (tests: an engine on a fake clock). */
  public static void install(Engine replacement) {
    LOCK.lock();
    try {
      replace(Objects.requireNonNull(replacement, "replacement"));
    } finally {
      LOCK.unlock();
    }
  }

  /** Tests only: where the environment comes from (never mutate the real one). */
  public static void environment(Supplier<Map<String, String>> source) {
    LOCK.lock();
    try {
      environment = Objects.requireNonNull(source, "source");
    } finally {
      LOCK.unlock();
    }
  }

  private static Engine start() {
    LOCK.lock();
    try {
      if (engine == null) {
        engine = open(resolve(codeSettings));
      }
      return engine;
    } finally {
      LOCK.unlock();
    }
  }

  private static Settings resolve(Map<String, String> code) {
    return Settings.resolve(code, System.getProperties(), environment.get());
  }

  /**
   * Starts an engine. With a store given in code, or one the settings select (found by name among
   * the installed {@link SharedStoreFactory factories}), it connects now; if the store cannot be
   * reached yet the engine starts anyway (a warning is logged) and each call meanwhile meets the
   * fail mode: {@code StoreUnavailableException} ({@code closed}) or an unshared run ({@code
   * open}), while the store keeps trying to connect. A value that does not parse has already failed
   * in {@link Settings}.
   */
  private static Engine open(Settings settings) {
    // Once per engine start, never per call: a task that would run without deduplication.
    WeavingCheck.atEngineStart(settings.failOnUnwoven());
    if (codeStore != null) {
      LOG.log(Level.DEBUG, "idempotent4j starting with a store given in code. {0}", settings);
      return Engine.builder(settings).store(codeStore).build();
    }
    Optional<SharedStoreFactory> factory = settings.store();
    if (factory.isEmpty()) {
      LOG.log(Level.DEBUG, "idempotent4j starting, local tier only. {0}", settings);
      return Engine.builder(settings).build();
    }
    SharedStoreFactory chosen = factory.get();
    LOG.log(Level.DEBUG, "idempotent4j starting with the {0} store. {1}", chosen.name(), settings);
    EngineClock clock = EngineClock.system();
    SharedStore store = ReconnectingStore.connect(() -> chosen.open(settings), clock);
    return Engine.builder(settings).clock(clock).store(store).build();
  }

  private static void replace(Engine replacement) {
    Engine old = engine;
    engine = replacement;
    if (old != null && old != replacement) {
      old.close();
    }
  }
}
