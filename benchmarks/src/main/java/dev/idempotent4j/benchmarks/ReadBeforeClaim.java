package dev.idempotent4j.benchmarks;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import java.util.HashMap;
import java.util.Map;

/**
 * The engine's {@code redis.read-before-claim} setting ({@code auto}, the default; {@code always}:
 * a plain {@code GET} before the claim script; {@code never}), as a JMH parameter of the duplicate
 * benchmarks. {@code auto} configures nothing, so the benchmark measures the default on every
 * build; the other values are passed on, and a build that does not know the setting fails the
 * benchmark's setup with a message that says so, instead of measuring the default under another
 * name.
 *
 * <pre>{@code
 * ReadBeforeClaim.configure(uri, "always", Map.of("local.max-size", "1"));
 * }</pre>
 */
public final class ReadBeforeClaim {

  /** The setting's name. */
  public static final String SETTING = "redis.read-before-claim";

  private ReadBeforeClaim() {}

  /**
   * Configures the engine on {@code uri} with {@code extra} settings and the given mode.
   *
   * @throws IllegalStateException if the mode is not {@code auto} and this build rejects it
   */
  public static void configure(String uri, String mode, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put("redis", uri);
    if (!mode.equals("auto")) {
      settings.put(SETTING, mode);
    }
    try {
      Idempotency.configure(settings);
    } catch (IdempotencyConfigurationException e) {
      throw new IllegalStateException(
          SETTING
              + "="
              + mode
              + " was rejected by this build ("
              + e.getMessage()
              + "); measure -p readBeforeClaim=auto, or build a runtime that has the setting.",
          e);
    }
  }
}
