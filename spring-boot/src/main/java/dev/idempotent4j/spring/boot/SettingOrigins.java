package dev.idempotent4j.spring.boot;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Says where in the Spring configuration a setting the runtime refused came from. The runtime sees
 * every property as given "in code" ({@code Idempotency.configure}); this adds the file and line
 * (or the environment variable) that Spring read, so the start-up failure points at the line to
 * fix:
 *
 * <pre>
 * idempotent4j setting 'fail-mode' = 'sometimes' (from Idempotency.configure(...)) is not valid: ...
 * Set as idempotent4j.fail-mode in class path resource [application.properties] - 3:24.
 * </pre>
 */
final class SettingOrigins {

  private SettingOrigins() {}

  /** {@code error} with the origins of the settings it names, or {@code error} itself if none. */
  static IdempotencyConfigurationException explain(
      IdempotencyConfigurationException error, Map<String, String> settings, Environment env) {
    String message = String.valueOf(error.getMessage());
    List<String> origins = new ArrayList<>();
    for (String name : settings.keySet()) {
      if (message.contains("'" + name + "'")) {
        String property = "idempotent4j." + name;
        origins.add("Set as " + property + " in " + originOf(property, env) + ".");
      }
    }
    if (origins.isEmpty()) {
      return error;
    }
    return new IdempotencyConfigurationException(message + " " + String.join(" ", origins), error);
  }

  private static String originOf(String property, Environment env) {
    ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
      ConfigurationProperty found = source.getConfigurationProperty(name);
      if (found != null) {
        return found.getOrigin() != null
            ? found.getOrigin().toString()
            : String.valueOf(source.getUnderlyingSource());
      }
    }
    return "a customizer (IdempotencySettingsCustomizer)";
  }
}
