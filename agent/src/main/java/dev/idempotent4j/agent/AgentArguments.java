package dev.idempotent4j.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The settings given after {@code -javaagent:idempotent4j-agent.jar=}: {@code name=value} pairs
 * separated by commas. A comma followed by text that does not start with {@code name=} belongs to
 * the previous value, so that comma-separated values need no quoting:
 *
 * <pre>{@code
 * -javaagent:idempotent4j-agent.jar=prefix=app,fail-mode=open
 * -javaagent:idempotent4j-agent.jar=redis.cluster=redis://h1:7000,redis://h2:7001,prefix=app
 * }</pre>
 *
 * <p>Each setting becomes the system property {@code idempotent4j.<name>}, which the runtime reads;
 * agent arguments overwrite a {@code -D} of the same name.
 */
final class AgentArguments {

  static final String PROPERTY_PREFIX = "idempotent4j.";

  /** A setting's name: what may stand before {@code =}; also what starts a new setting. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

  private final Map<String, String> settings;

  private AgentArguments(Map<String, String> settings) {
    this.settings = Collections.unmodifiableMap(settings);
  }

  /**
   * Parses the agent's argument string ({@code null} or blank means no settings).
   *
   * @throws IllegalArgumentException naming the bad part and the expected syntax
   */
  static AgentArguments parse(String args) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (args == null || args.isBlank()) {
      return new AgentArguments(settings);
    }
    String name = null;
    StringBuilder value = null;
    for (String part : args.split(",", -1)) {
      int eq = part.indexOf('=');
      String candidate = eq < 0 ? null : part.substring(0, eq).trim();
      if (candidate != null && NAME.matcher(candidate).matches()) {
        put(settings, name, value, args);
        name = candidate;
        value = new StringBuilder(part.substring(eq + 1).trim());
      } else if (name == null) {
        throw new IllegalArgumentException(
            syntaxError(args, "'" + part + "' is not a setting of the form name=value"));
      } else {
        value.append(',').append(part.trim());
      }
    }
    put(settings, name, value, args);
    return new AgentArguments(settings);
  }

  private static void put(
      Map<String, String> settings, String name, StringBuilder value, String args) {
    if (name == null) {
      return;
    }
    if (value.length() == 0) {
      throw new IllegalArgumentException(syntaxError(args, "setting '" + name + "' has no value"));
    }
    if (settings.putIfAbsent(name, value.toString()) != null) {
      throw new IllegalArgumentException(
          syntaxError(args, "setting '" + name + "' is given twice"));
    }
  }

  private static String syntaxError(String args, String problem) {
    return "idempotent4j agent arguments \""
        + args
        + "\": "
        + problem
        + ". Write name=value pairs separated by commas, for example"
        + " -javaagent:idempotent4j-agent.jar=prefix=app,fail-mode=open";
  }

  /** The settings in the order given, by name (without the {@code idempotent4j.} prefix). */
  Map<String, String> settings() {
    return settings;
  }

  /** Sets {@code idempotent4j.<name>} for every setting, overwriting values from {@code -D}. */
  void applyToSystemProperties() {
    settings.forEach((name, value) -> System.setProperty(PROPERTY_PREFIX + name, value));
  }
}
