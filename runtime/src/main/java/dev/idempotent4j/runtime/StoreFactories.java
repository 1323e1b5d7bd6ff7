package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.store.SharedStoreFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The shared stores on the class path, found once with {@link ServiceLoader}: the engine's only way
 * to a store, so that a store module registers itself and no engine class names it.
 *
 * <pre>{@code
 * for (SharedStoreFactory factory : StoreFactories.installed()) {
 *   System.out.println(factory.name() + " " + factory.settingNames());
 * }
 * }</pre>
 */
final class StoreFactories {

  /**
   * Settings of stores that live in modules of their own, so that setting one without its module
   * says which dependency is missing instead of "unknown setting".
   */
  private static final Map<String, String> MODULE_BY_SETTING_PREFIX =
      Map.of("jdbc", "dev.idempotent4j:idempotent4j-jdbc");

  private StoreFactories() {}

  /** The installed factories, ordered by name. */
  public static List<SharedStoreFactory> installed() {
    return Installed.FACTORIES;
  }

  /**
   * The module that provides the store setting {@code name} when none of the {@code known} settings
   * is of that store (its module is missing), else null.
   */
  static String missingModuleFor(String name, List<String> known) {
    String head = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    for (String setting : known) {
      if (setting.equals(head) || setting.startsWith(head + ".")) {
        return null;
      }
    }
    return MODULE_BY_SETTING_PREFIX.get(head);
  }

  /** Loaded at first use: a local-only engine that never resolves settings pays nothing. */
  private static final class Installed {
    static final List<SharedStoreFactory> FACTORIES = load();

    private static List<SharedStoreFactory> load() {
      List<SharedStoreFactory> factories = new ArrayList<>();
      for (SharedStoreFactory factory :
          ServiceLoader.load(SharedStoreFactory.class, SharedStoreFactory.class.getClassLoader())) {
        factories.add(factory);
      }
      factories.sort(Comparator.comparing(SharedStoreFactory::name));
      return List.copyOf(factories);
    }
  }
}
