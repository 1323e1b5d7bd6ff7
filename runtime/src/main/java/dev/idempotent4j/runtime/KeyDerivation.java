package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.TaskDefinition;

/**
 * A call's key and fingerprint, from the task's generated (or programmatic) deriver and
 * fingerprinter: a deriver's own {@link IdempotencyException} passes as it is, anything else it
 * throws becomes a {@link KeyDerivationException}, and the key is bounded ({@link Keys#bounded}).
 *
 * <pre>{@code
 * String key = KeyDerivation.key(task, args);
 * String fingerprint = KeyDerivation.fingerprint(task.definition, key, args);
 * KeyDerivation.checkFingerprint(task, key, fingerprint, flight.fingerprint);
 * }</pre>
 */
final class KeyDerivation {

  /** The longest fingerprint held as text; longer ones are held as their hash. */
  static final int COMPACT_MAX = 64;

  private KeyDerivation() {}

  /**
   * @throws KeyDerivationException if the deriver fails or returns null
   */
  static String key(BoundTask task, Object[] args) {
    TaskDefinition definition = task.definition;
    String key;
    try {
      key = definition.keyDeriver().derive(task.keyHead, args);
    } catch (IdempotencyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw Errors.keyDeriverFailed(definition, e);
    }
    if (key == null) {
      throw Errors.keyIsNull(definition);
    }
    return Keys.bounded(key);
  }

  /**
   * The call's fingerprint in its compact form ({@link #compact}), or null when the task declares
   * none.
   *
   * @throws KeyDerivationException if the fingerprinter fails
   */
  static String fingerprint(TaskDefinition definition, String key, Object[] args) {
    if (definition.fingerprinter() == null) {
      return null;
    }
    String text;
    try {
      text = definition.fingerprinter().fingerprint(args);
    } catch (IdempotencyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw Errors.fingerprintFailed(definition, key, e);
    }
    return text == null ? null : compact(text);
  }

  /**
   * A fingerprint as the engine holds it: the text itself up to {@value #COMPACT_MAX} chars, else
   * {@code #} and the SHA-256 hex of the text, so that a remembered outcome holds a bounded amount
   * whatever its arguments (the local tier's bound counts outcomes, not bytes). Short ones, the
   * usual case, are compared without hashing on every duplicate. The two forms never equal each
   * other (the hashed one is one char longer than any text kept as is).
   */
  static String compact(String text) {
    return text.length() <= COMPACT_MAX ? text : "#" + Keys.sha256Hex(text);
  }

  /**
   * The SHA-256 hex of the fingerprint's text, as the shared store keeps it, from its compact form.
   */
  static String stored(String compact) {
    return compact.length() > COMPACT_MAX ? compact.substring(1) : Keys.sha256Hex(compact);
  }

  /**
   * Fingerprints are compared only when both calls have one.
   *
   * @throws KeyReuseException if both have one and they differ
   */
  static void checkFingerprint(BoundTask task, String key, String fingerprint, String first) {
    if (fingerprint != null && first != null && !fingerprint.equals(first)) {
      task.counters.keyReuse.increment();
      throw Errors.keyReused(task, key, false);
    }
  }
}
