package dev.idempotent4j.runtime;

import dev.idempotent4j.Durations;
import dev.idempotent4j.runtime.store.SharedStoreFactory;
import dev.idempotent4j.runtime.store.StoreSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

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
 * {@code idempotent4j.test.*} (test fixtures), and the names other modules declare as their own in
 * {@code META-INF/idempotent4j/settings} (the Spring starter's {@code idempotent4j.http.*});
 * unknown {@code IDEMPOTENT4J_*} environment variables are only logged, because the environment is
 * shared with other programs.
 *
 * <p>Why one class of about 540 lines: most of it is the {@code Name} table, each setting with its
 * default, its parser and its accepted forms, which a person reads and extends best in one place;
 * which names are known at all is {@link SettingNames}'s.
 */
final class Settings implements StoreSettings {

  /** The system property prefix of every setting. */
  public static final String PROPERTY_PREFIX = "idempotent4j.";

  /** The environment variable prefix of every setting. */
  public static final String ENV_PREFIX = "IDEMPOTENT4J_";

  /** A password in a URI's user info ({@code ://user:secret@}) or a {@code password=} parameter. */
  private static final Pattern URI_PASSWORD = Pattern.compile("(://[^:@/,]*:)[^@/]*@");

  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("((?i)password=)[^&;]*");

  private final Map<Name, Value> values;
  private final Map<String, Value> storeValues;
  private final SharedStoreFactory store;

  private Settings(
      Map<Name, Value> values, Map<String, Value> storeValues, List<SharedStoreFactory> factories) {
    this.values = values;
    this.storeValues = storeValues;
    this.store = selectStore(factories);
  }

  /** The defaults, as if nothing were configured. */
  public static Settings defaults() {
    return resolve(Map.of(), new Properties(), Map.of());
  }

  /**
   * Resolves every setting with the store factories installed on the class path ({@link
   * StoreFactories#installed()}).
   *
   * @see #resolve(Map, Properties, Map, List)
   */
  public static Settings resolve(
      Map<String, String> code, Properties systemProperties, Map<String, String> environment) {
    return resolve(code, systemProperties, environment, StoreFactories.installed());
  }

  /**
   * Resolves every setting from the three sources, first match wins, and validates it: the engine's
   * own settings here, each store's through its factory.
   *
   * @param code values given in code by name ({@code "fail-mode"}), highest precedence
   * @param systemProperties usually {@link System#getProperties()}
   * @param environment usually {@link System#getenv()}; tests pass their own map
   * @param factories the stores that may be configured; their settings are known names
   * @throws IdempotencyConfigurationException if a name is unknown, a value does not parse, or the
   *     settings select two stores
   */
  public static Settings resolve(
      Map<String, String> code,
      Properties systemProperties,
      Map<String, String> environment,
      List<SharedStoreFactory> factories) {
    List<String> storeNames = new ArrayList<>();
    for (SharedStoreFactory factory : factories) {
      storeNames.addAll(factory.settingNames());
    }
    SettingNames.check(code, systemProperties, environment, storeNames);
    Map<Name, Value> values = new LinkedHashMap<>();
    for (Name name : Name.values()) {
      Value value = lookUp(name.text, code, systemProperties, environment);
      value.parsed = name.parse(value);
      values.put(name, value);
    }
    Map<String, Value> storeValues = new LinkedHashMap<>();
    for (String name : storeNames) {
      Value value = lookUp(name, code, systemProperties, environment);
      value.parsed = value.text == null || value.text.isBlank() ? null : value.text.strip();
      storeValues.put(name, value);
    }
    return new Settings(values, storeValues, factories);
  }

  /** The store these settings select, already validated; empty for the local tier alone. */
  public Optional<SharedStoreFactory> store() {
    return Optional.ofNullable(store);
  }

  @Override
  public Optional<String> value(String name) {
    Value value = storeValues.get(name);
    if (value != null) {
      return Optional.ofNullable((String) value.parsed);
    }
    Name engineSetting = Name.find(name);
    if (engineSetting == null) {
      throw new IllegalArgumentException("No setting '" + name + "'; known: " + knownNames());
    }
    return Optional.ofNullable(values.get(engineSetting).text).map(String::strip);
  }

  @Override
  public IdempotencyConfigurationException invalid(String name, String why, String accepted) {
    Value value = storeValues.get(name);
    if (value == null) {
      value = values.get(Name.of(name));
    }
    return invalid(name, value, why, accepted);
  }

  private SharedStoreFactory selectStore(List<SharedStoreFactory> factories) {
    List<SharedStoreFactory> selected = new ArrayList<>();
    for (SharedStoreFactory factory : factories) {
      if (factory.isSelected(this)) {
        selected.add(factory);
      }
    }
    if (selected.size() > 1) {
      throw new IdempotencyConfigurationException(
          "idempotent4j settings select "
              + selected.size()
              + " shared stores: "
              + describeSelection(selected)
              + ". Set the settings of one store only.");
    }
    if (selected.isEmpty()) {
      return null;
    }
    SharedStoreFactory chosen = selected.get(0);
    chosen.validate(this);
    return chosen;
  }

  private String describeSelection(List<SharedStoreFactory> selected) {
    List<String> described = new ArrayList<>();
    for (SharedStoreFactory factory : selected) {
      List<String> set = new ArrayList<>();
      for (String name : factory.settingNames()) {
        if (value(name).isPresent()) {
          set.add("'" + name + "' (" + sourceOf(name) + ")");
        }
      }
      described.add(factory.name() + " by " + String.join(" and ", set));
    }
    return String.join("; ", described);
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
  @Override
  public Duration timeout() {
    return (Duration) values.get(Name.TIMEOUT).parsed;
  }

  /**
   * How long an execution may hold its claim in the shared store unless its task says otherwise:
   * past it the lease is no longer renewed.
   */
  public Duration maxRunTime() {
    return (Duration) values.get(Name.MAX_RUN_TIME).parsed;
  }

  /**
   * Whether engine start fails ({@code weaving-check=fail}, the default) or only logs an error
   * ({@code warn}) when a task the index lists sits in a class that is not woven.
   */
  public boolean failOnUnwoven() {
    return (Boolean) values.get(Name.WEAVING_CHECK).parsed;
  }

  /** The bound of the local tier, in entries. */
  public long localMaxSize() {
    return (Long) values.get(Name.LOCAL_MAX_SIZE).parsed;
  }

  /**
   * The largest result stored in the shared store, in bytes of UTF-8 JSON (the setting {@code
   * max-result-size}); the engine stores a larger one as a {@code dev.idempotent4j.ResultTooLarge}
   * failure.
   */
  @Override
  public int maxResultSize() {
    return (Integer) values.get(Name.MAX_RESULT_SIZE).parsed;
  }

  /**
   * Where {@code name}'s value came from, for messages: {@code "default"}, {@code "system property
   * idempotent4j.prefix"}, ...
   */
  @Override
  public String sourceOf(String name) {
    Value value = storeValues.get(name);
    return value != null ? value.source : values.get(Name.of(name)).source;
  }

  /** One line per setting with its value and source, with passwords masked. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("idempotent4j settings:");
    for (Map.Entry<Name, Value> e : values.entrySet()) {
      describe(text, e.getKey().text, e.getValue());
    }
    for (Map.Entry<String, Value> e : storeValues.entrySet()) {
      describe(text, e.getKey(), e.getValue());
    }
    return text.toString();
  }

  private static void describe(StringBuilder text, String name, Value value) {
    Object shown = value.parsed;
    text.append("\n  ")
        .append(name)
        .append(" = ")
        .append(shown == null ? "(none)" : mask(name, String.valueOf(shown)))
        .append("  [")
        .append(value.source)
        .append(']');
  }

  /**
   * {@code text} without secrets, for logs and messages: a setting named like a password is hidden
   * whole; elsewhere URI passwords and {@code password=} parameters become {@code ***}.
   */
  static String mask(String name, String text) {
    if (text == null) {
      return null;
    }
    if (name.toLowerCase(Locale.ROOT).contains("password")) {
      return "***";
    }
    String masked = URI_PASSWORD.matcher(text).replaceAll("$1***@");
    return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1***");
  }

  /** The names of the engine's own settings, as written in code and after {@code idempotent4j.}. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Name name : Name.values()) {
      names.add(name.text);
    }
    return Collections.unmodifiableList(names);
  }

  private List<String> knownNames() {
    List<String> names = new ArrayList<>(names());
    names.addAll(storeValues.keySet());
    return names;
  }

  /**
   * The environment variable of a setting: {@code local.max-size -> IDEMPOTENT4J_LOCAL_MAX_SIZE}.
   */
  public static String environmentVariable(String name) {
    return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Value lookUp(
      String name, Map<String, String> code, Properties properties, Map<String, String> env) {
    String fromCode = code.get(name);
    if (fromCode != null) {
      return new Value(fromCode, "Idempotency.configure(...)");
    }
    String property = PROPERTY_PREFIX + name;
    String fromProperty = properties.getProperty(property);
    if (fromProperty != null) {
      return new Value(
          fromProperty, "system property " + property + " (or agent argument " + name + "=)");
    }
    String variable = environmentVariable(name);
    String fromEnv = env.get(variable);
    if (fromEnv != null) {
      return new Value(fromEnv, "environment variable " + variable);
    }
    return new Value(null, "default");
  }

  private static IdempotencyConfigurationException invalid(
      Name name, Value value, String why, String accepted) {
    return invalid(name.text, value, why, accepted);
  }

  private static IdempotencyConfigurationException invalid(
      String name, Value value, String why, String accepted) {
    return new IdempotencyConfigurationException(
        "idempotent4j setting '"
            + name
            + "' = '"
            + mask(name, value.text)
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
        return switch (value.text.strip().toLowerCase(Locale.ROOT)) {
          case "closed" -> FailMode.CLOSED;
          case "open" -> FailMode.OPEN;
          default ->
              throw invalid(
                  this,
                  value,
                  "it is neither 'closed' nor 'open'",
                  "Use 'closed' (the store is unreachable: the call fails and the method does not"
                      + " run; the default) or 'open' (the method runs anyway; logged and counted).");
        };
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
    MAX_RUN_TIME("max-run-time") {
      @Override
      Object parse(Value value) {
        // An hour is past the run time of nearly every task that guards a request or a message,
        // and short enough that a hung worker frees its key the same hour; longer batch tasks
        // set their own.
        if (value.text == null) {
          return Duration.ofHours(1);
        }
        Duration parsed;
        try {
          parsed = Durations.parse(value.text);
        } catch (IllegalArgumentException e) {
          throw invalid(
              this,
              value,
              "it is not a duration",
              "Write a number and a unit (90s, 30m, 2h) or ISO-8601 (PT1H).");
        }
        if (parsed.isZero() || parsed.isNegative()) {
          throw invalid(this, value, "it is not positive", "Write a duration such as 1h.");
        }
        return parsed;
      }
    },
    WEAVING_CHECK("weaving-check") {
      @Override
      Object parse(Value value) {
        if (value.text == null) {
          return true;
        }
        return switch (value.text.strip().toLowerCase(Locale.ROOT)) {
          case "fail" -> true;
          case "warn" -> false;
          default ->
              throw invalid(
                  this,
                  value,
                  "it is neither 'fail' nor 'warn'",
                  "Use 'fail' (engine start fails when a listed task's class is not woven; the"
                      + " default) or 'warn' (it logs an error and starts).");
        };
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
    },
    MAX_RESULT_SIZE("max-result-size") {
      @Override
      Object parse(Value value) {
        if (value.text == null) {
          return ResultSizeLimit.DEFAULT_BYTES;
        }
        String accepted =
            "Write a number of bytes from 1 to "
                + ResultSizeLimit.LARGEST_BYTES
                + " (512 MiB), e.g. 1048576 (1 MiB).";
        long size;
        try {
          size = Long.parseLong(value.text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
          throw invalid(this, value, "it is not a whole number", accepted);
        }
        if (size < 1 || size > ResultSizeLimit.LARGEST_BYTES) {
          throw invalid(
              this, value, "it is not between 1 and " + ResultSizeLimit.LARGEST_BYTES, accepted);
        }
        return (int) size;
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
  }
}
