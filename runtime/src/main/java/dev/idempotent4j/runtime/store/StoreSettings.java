package dev.idempotent4j.runtime.store;

import java.time.Duration;
import java.util.Optional;

/**
 * The resolved configuration as a {@link SharedStoreFactory} sees it: raw values of its own
 * settings (code, system property, environment, in that order of precedence), where each came from,
 * and the engine-wide settings a store honours.
 *
 * <pre>{@code
 * String url = settings.value("jdbc").orElseThrow();
 * if (!url.startsWith("jdbc:postgresql:")) {
 *   throw settings.invalid("jdbc", "it is not a PostgreSQL URL", "Use jdbc:postgresql://host/db.");
 * }
 * }</pre>
 */
public interface StoreSettings {

  /**
   * The configured text of a setting, stripped of surrounding blanks, or empty when it is unset or
   * blank.
   *
   * @throws IllegalArgumentException if {@code name} is not a setting of any store or the engine
   */
  Optional<String> value(String name);

  /** Where a setting's value came from, for messages: {@code "default"}, {@code "system ..."}. */
  String sourceOf(String name);

  /** How long one store command may take (the setting {@code timeout}). */
  Duration timeout();

  /**
   * The largest result the engine hands to {@link SharedStore#complete}, in bytes of UTF-8 JSON
   * (the setting {@code max-result-size}): the engine stores a larger one as a failure, so a store
   * with a bound of its own sets it to this.
   */
  int maxResultSize();

  /**
   * The error for a value that does not parse, in the engine's words: the setting, its value
   * (passwords masked), its source, what is wrong and the accepted forms. It is a {@link
   * dev.idempotent4j.runtime.IdempotencyConfigurationException}; declared as {@code
   * RuntimeException} because this package sits below the API package and never names its types in
   * code (see {@code dev.idempotent4j.runtime}'s package documentation).
   *
   * @param why what is wrong, e.g. {@code "it has no host"}
   * @param accepted the accepted forms or the fix, a full sentence
   */
  RuntimeException invalid(String name, String why, String accepted);
}
