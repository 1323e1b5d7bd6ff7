package dev.idempotent4j.runtime.internal;

import dev.idempotent4j.Durations;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.redis.RedisSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The resolved, validated configuration of the engine. Each setting is looked up in four places,
 * and the first that has it wins:
 *
 * <ol>
 *   <li>{@code Idempotency.configure(Map.of("prefix", "app"))} in code;
 *   <li>the system property {@code idempotent4j.prefix} (the agent copies its arguments, {@code
 *       -javaagent:idempotent4j-agent.jar=prefix=app}, into these properties, overwriting, so that
 *       agent arguments beat {@code -D});
 *   <li>the environment variable {@code IDEMPOTENT4J_PREFIX} (upper case; dots and dashes become
 *       {@code _});
 *   <li>the default.
 * </ol>
 *
 * <pre>{@code
 * Settings settings = Settings.resolve(Map.of(), System.getProperties(), System.getenv());
 * settings.prefix();     // "i4j" unless configured
 * settings.failMode();   // FailMode.CLOSED unless configured
 * }</pre>
 *
 * <p>A value that does not parse fails with {@link IdempotencyConfigurationException} naming the
 * setting, the value, where it came from and the accepted forms. So does an unknown name given in
 * code or as an {@code idempotent4j.*} system property (a typo there would otherwise be ignored in
 * silence), except in the namespaces {@code idempotent4j.agent.*} (the agent's own switches) and
 * {@code idempotent4j.test.*} (test fixtures); unknown {@code IDEMPOTENT4J_*} environment variables
 * are only logged, because the environment is shared with other programs.
 */
public final class Settings {

  /** The system property prefix of every setting. */
  public static final String PROPERTY_PREFIX = "idempotent4j.";

  /** The environment variable prefix of every setting. */
  public static final String ENV_PREFIX = "IDEMPOTENT4J_";

  /**
   * System properties in these namespaces are not settings: the agent's own switches and test
   * fixtures' parameters. Every other unknown {@code idempotent4j.*} property is a typo.
   */
  private static final List<String> RESERVED_NAMESPACES =
      List.of("idempotent4j.agent.", "idempotent4j.test.");

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j");

  private final Map<Name, Value> values;

  private Settings(Map<Name, Value> values) {
    this.values = values;
  }

  /** The defaults, as if nothing were configured. */
  public static Settings defaults() {
    return resolve(Map.of(), new Properties(), Map.of());
  }

  /**
   * Resolves every setting from the three sources, first match wins, and validates it.
   *
   * @param code values given in code by name ({@code "fail-mode"}), highest precedence
   * @param systemProperties usually {@link System#getProperties()}
   * @param environment usually {@link System#getenv()}; tests pass their own map
   * @throws IdempotencyConfigurationException if a name is unknown or a value does not parse
   */
  public static Settings resolve(
      Map<String, String> code, Properties systemProperties, Map<String, String> environment) {
    checkKnownNames(code, systemProperties, environment);
    Map<Name, Value> values = new LinkedHashMap<>();
    for (Name name : Name.values()) {
      Value value = lookUp(name, code, systemProperties, environment);
      value.parsed = name.parse(value);
      values.put(name, value);
    }
    if (values.get(Name.REDIS).parsed != null && values.get(Name.REDIS_CLUSTER).parsed != null) {
      Value cluster = values.get(Name.REDIS_CLUSTER);
      throw new IdempotencyConfigurationException(
          "idempotent4j settings 'redis' ("
              + values.get(Name.REDIS).source
              + ") and 'redis.cluster' ("
              + cluster.source
              + ") are both set: set 'redis' for a single Redis or Sentinel, or 'redis.cluster' for"
              + " a Redis Cluster, not both.");
    }
    return new Settings(values);
  }

  /** The single Redis (or Sentinel) URI, if one is configured. */
  public Optional<String> redis() {
    return Optional.ofNullable((String) values.get(Name.REDIS).parsed);
  }

  /** The seed URIs of a Redis Cluster, or an empty list. */
  @SuppressWarnings("unchecked")
  public List<String> redisCluster() {
    Object seeds = values.get(Name.REDIS_CLUSTER).parsed;
    return seeds == null ? List.of() : (List<String>) seeds;
  }

  /** Whether a shared tier (Redis or Redis Cluster) is configured. */
  public boolean sharedTierConfigured() {
    return redis().isPresent() || !redisCluster().isEmpty();
  }

  /** The namespace put before every key. */
  public String prefix() {
    return (String) values.get(Name.PREFIX).parsed;
  }

  /** What a call does when the shared store cannot be reached. */
  public FailMode failMode() {
    return (FailMode) values.get(Name.FAIL_MODE).parsed;
  }

  /** The shared store's command timeout. */
  public Duration timeout() {
    return (Duration) values.get(Name.TIMEOUT).parsed;
  }

  /** The bound of the local tier, in entries. */
  public long localMaxSize() {
    return (Long) values.get(Name.LOCAL_MAX_SIZE).parsed;
  }

  /**
   * Where {@code name}'s value came from, for messages: {@code "default"}, {@code "system property
   * idempotent4j.prefix"}, ...
   */
  public String sourceOf(String name) {
    return values.get(Name.of(name)).source;
  }

  /** One line per setting with its value and source, with passwords masked. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("idempotent4j settings:");
    for (Map.Entry<Name, Value> e : values.entrySet()) {
      Object shown = e.getValue().parsed;
      if (shown instanceof String || shown instanceof List) {
        shown = RedisSettings.maskPasswords(String.valueOf(shown));
      }
      text.append("\n  ")
          .append(e.getKey().text)
          .append(" = ")
          .append(shown == null ? "(none)" : shown)
          .append("  [")
          .append(e.getValue().source)
          .append(']');
    }
    return text.toString();
  }

  /** The names of every setting, as written in code and after {@code idempotent4j.}. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Name name : Name.values()) {
      names.add(name.text);
    }
    return Collections.unmodifiableList(names);
  }

  /**
   * The environment variable of a setting: {@code local.max-size -> IDEMPOTENT4J_LOCAL_MAX_SIZE}.
   */
  public static String environmentVariable(String name) {
    return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Value lookUp(
      Name name, Map<String, String> code, Properties properties, Map<String, String> env) {
    String fromCode = code.get(name.text);
    if (fromCode != null) {
      return new Value(fromCode, "Idempotency.configure(...)");
    }
    String property = PROPERTY_PREFIX + name.text;
    String fromProperty = properties.getProperty(property);
    if (fromProperty != null) {
      return new Value(
          fromProperty, "system property " + property + " (or agent argument " + name.text + "=)");
    }
    String variable = environmentVariable(name.text);
    String fromEnv = env.get(variable);
    if (fromEnv != null) {
      return new Value(fromEnv, "environment variable " + variable);
    }
    return new Value(null, "default");
  }

  private static void checkKnownNames(
      Map<String, String> code, Properties properties, Map<String, String> env) {
    for (String name : code.keySet()) {
      if (Name.find(name) == null) {
        throw unknown("'" + name + "' given to Idempotency.configure(...)", name);
      }
    }
    for (String property : properties.stringPropertyNames()) {
      if (property.startsWith(PROPERTY_PREFIX) && !reserved(property)) {
        String name = property.substring(PROPERTY_PREFIX.length());
        if (Name.find(name) == null) {
          throw unknown("system property (or agent argument) '" + property + "'", name);
        }
      }
    }
    Map<String, String> knownVariables = new TreeMap<>();
    for (Name name : Name.values()) {
      knownVariables.put(environmentVariable(name.text), name.text);
    }
    for (String variable : env.keySet()) {
      if (variable.startsWith(ENV_PREFIX) && !knownVariables.containsKey(variable)) {
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
    return false;
  }

  private static IdempotencyConfigurationException unknown(String what, String name) {
    String suggestion = Name.closest(name);
    return new IdempotencyConfigurationException(
        "Unknown idempotent4j setting: "
            + what
            + "."
            + (suggestion == null ? "" : " Did you mean '" + suggestion + "'?")
            + " Known settings: "
            + names()
            + ".");
  }

  private static IdempotencyConfigurationException invalid(
      Name name, Value value, String why, String accepted) {
    return new IdempotencyConfigurationException(
        "idempotent4j setting '"
            + name.text
            + "' = '"
            + RedisSettings.maskPasswords(value.text)
            + "' (from "
            + value.source
            + ") is not valid: "
            + why
            + ". "
            + accepted);
  }

  /** What a call does when the shared store cannot be reached in time. */
  public enum FailMode {
    /** The call fails with {@code StoreUnavailableException}; the method does not run. */
    CLOSED,
    /** The method runs without the shared check (logged and counted as a fail-open run). */
    OPEN
  }

  private static final class Value {
    final String text;
    final String source;
    Object parsed;

    Value(String text, String source) {
      this.text = text;
      this.source = source;
    }
  }

  private enum Name {
    REDIS("redis") {
      @Override
      Object parse(Value value) {
        if (value.text == null) {
          return null;
        }
        try {
          return RedisSettings.checkRedis(value.text);
        } catch (IllegalArgumentException e) {
          throw invalid(this, value, e.getMessage(), RedisSettings.REDIS_FORMS);
        }
      }
    },
    REDIS_CLUSTER("redis.cluster") {
      @Override
      Object parse(Value value) {
        if (value.text == null) {
          return null;
        }
        try {
          return RedisSettings.checkClusterSeeds(value.text);
        } catch (IllegalArgumentException e) {
          throw invalid(this, value, e.getMessage(), RedisSettings.CLUSTER_FORMS);
        }
      }
    },
    PREFIX("prefix") {
      @Override
      Object parse(Value value) {
        if (value.text == null) {
          return "i4j";
        }
        String prefix = value.text.strip();
        if (!prefix.matches("[A-Za-z0-9._:/-]{1,64}")) {
          throw invalid(
              this,
              value,
              prefix.isEmpty() ? "it is empty" : "it contains a character that is not allowed",
              "Use 1 to 64 letters, digits, '.', '_', ':', '/' or '-', e.g. 'payments'.");
        }
        return prefix;
      }
    },
    FAIL_MODE("fail-mode") {
      @Override
      Object parse(Value value) {
        if (value.text == null) {
          return FailMode.CLOSED;
        }
        switch (value.text.strip().toLowerCase(Locale.ROOT)) {
          case "closed":
            return FailMode.CLOSED;
          case "open":
            return FailMode.OPEN;
          default:
            throw invalid(
                this,
                value,
                "it is neither 'closed' nor 'open'",
                "Use 'closed' (the store is unreachable: the call fails and the method does not"
                    + " run; the default) or 'open' (the method runs anyway; logged and counted).");
        }
      }
    },
    TIMEOUT("timeout") {
      @Override
      Object parse(Value value) {
        if (value.text == null) {
          return Duration.ofSeconds(2);
        }
        try {
          return Durations.parse(value.text);
        } catch (IllegalArgumentException e) {
          throw invalid(
              this,
              value,
              "it is not a duration",
              "Write a number and a unit (500ms, 2s, 1m) or ISO-8601 (PT2S).");
        }
      }
    },
    LOCAL_MAX_SIZE("local.max-size") {
      @Override
      Object parse(Value value) {
        if (value.text == null) {
          return 10_000L;
        }
        long size;
        try {
          size = Long.parseLong(value.text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
          throw invalid(
              this, value, "it is not a whole number", "Write a number of entries, e.g. 10000.");
        }
        if (size < 1) {
          throw invalid(
              this,
              value,
              "it must be at least 1",
              "Write a number of entries, e.g. 10000 (the local tier remembers completed"
                  + " outcomes; it cannot be turned off).");
        }
        return size;
      }
    };

    final String text;

    Name(String text) {
      this.text = text;
    }

    abstract Object parse(Value value);

    static Name find(String text) {
      for (Name name : values()) {
        if (name.text.equals(text)) {
          return name;
        }
      }
      return null;
    }

    static Name of(String text) {
      Name name = find(text);
      if (name == null) {
        throw new IllegalArgumentException("No setting '" + text + "'; known: " + names());
      }
      return name;
    }

    /** The known name nearest to a typo, or null if none is near. */
    static String closest(String typo) {
      String best = null;
      int bestDistance = 3;
      for (Name name : values()) {
        int distance = editDistance(typo.toLowerCase(Locale.ROOT), name.text);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = name.text;
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
}
