package dev.idempotent4j.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Which names are settings: an unknown name given in code or as an {@code idempotent4j.*} system
 * property fails (a typo there would otherwise be ignored in silence), with the nearest known name
 * or the store module that provides it; an unknown {@code IDEMPOTENT4J_*} environment variable is
 * only logged, because the environment is shared with other programs.
 *
 * <pre>{@code
 * SettingNames.check(Map.of("fail-mdoe", "open"), props, env, List.of("redis"));
 * // IdempotencyConfigurationException: ... Did you mean 'fail-mode'?
 * }</pre>
 */
final class SettingNames {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j");

  /**
   * System properties in these namespaces are not settings: the agent's own switches and test
   * fixtures' parameters. Every other unknown {@code idempotent4j.*} property is a typo, unless a
   * module declares it ({@link Declared}).
   */
  private static final List<String> RESERVED_NAMESPACES =
      List.of("idempotent4j.agent.", "idempotent4j.test.");

  /**
   * Where a module lists {@code idempotent4j.*} properties that are its own, not the engine's (the
   * Spring starter's {@code idempotent4j.redis.use-spring}, {@code idempotent4j.http.*}): one per
   * line, a full name, or a namespace ending in {@code .}; {@code #} starts a comment.
   */
  static final String DECLARED_RESOURCE = "META-INF/idempotent4j/settings";

  private SettingNames() {}

  /**
   * @throws IdempotencyConfigurationException if code or a system property names an unknown setting
   */
  static void check(
      Map<String, String> code,
      Properties properties,
      Map<String, String> env,
      List<String> storeNames) {
    List<String> known = new ArrayList<>(Settings.names());
    known.addAll(storeNames);
    for (String name : code.keySet()) {
      if (!known.contains(name)) {
        throw unknown("'" + name + "' given to Idempotency.configure(...)", name, known);
      }
    }
    for (String property : properties.stringPropertyNames()) {
      if (property.startsWith(Settings.PROPERTY_PREFIX) && !reserved(property)) {
        String name = property.substring(Settings.PROPERTY_PREFIX.length());
        if (!known.contains(name)) {
          throw unknown("system property (or agent argument) '" + property + "'", name, known);
        }
      }
    }
    Map<String, String> knownVariables = new TreeMap<>();
    for (String name : known) {
      knownVariables.put(Settings.environmentVariable(name), name);
    }
    for (String variable : env.keySet()) {
      if (variable.startsWith(Settings.ENV_PREFIX) && !knownVariables.containsKey(variable)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Ignoring environment variable {0}: it is not an idempotent4j setting. Known: {1}",
            variable,
            knownVariables.keySet());
      }
    }
  }

  private static boolean reserved(String property) {
    for (String namespace : RESERVED_NAMESPACES) {
      if (property.startsWith(namespace)) {
        return true;
      }
    }
    return declared(property, Declared.NAMES);
  }

  /** Whether {@code property} is one of {@code names} or in one of its namespaces. */
  static boolean declared(String property, List<String> names) {
    for (String name : names) {
      if (name.endsWith(".") ? property.startsWith(name) : property.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Reads every {@link #DECLARED_RESOURCE}; a name outside {@code idempotent4j.*} is ignored. */
  static List<String> read(ClassLoader loader) {
    List<String> names = new ArrayList<>();
    try {
      Enumeration<URL> resources = loader.getResources(DECLARED_RESOURCE);
      while (resources.hasMoreElements()) {
        try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(
                    resources.nextElement().openStream(), StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (name.startsWith(Settings.PROPERTY_PREFIX)
                && name.length() > Settings.PROPERTY_PREFIX.length()) {
              names.add(name);
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "idempotent4j cannot read " + DECLARED_RESOURCE, e);
    }
    return List.copyOf(names);
  }

  /** The declared names on the runtime's class path, read once, at the first check. */
  private static final class Declared {
    static final List<String> NAMES = read(loader());

    private static ClassLoader loader() {
      ClassLoader own = SettingNames.class.getClassLoader();
      return own != null ? own : ClassLoader.getSystemClassLoader();
    }
  }

  private static IdempotencyConfigurationException unknown(
      String what, String name, List<String> known) {
    String module = StoreFactories.missingModuleFor(name, known);
    if (module != null) {
      return new IdempotencyConfigurationException(
          "The idempotent4j setting "
              + what
              + " belongs to a store that is not on the class path: add the dependency "
              + module
              + ".");
    }
    String suggestion = closest(name, known);
    return new IdempotencyConfigurationException(
        "Unknown idempotent4j setting: "
            + what
            + "."
            + (suggestion == null ? "" : " Did you mean '" + suggestion + "'?")
            + " Known settings: "
            + known
            + ".");
  }

  /** The known name nearest to a typo, or null if none is near. */
  private static String closest(String typo, List<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String name : known) {
      int distance = editDistance(typo.toLowerCase(Locale.ROOT), name);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = name;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
