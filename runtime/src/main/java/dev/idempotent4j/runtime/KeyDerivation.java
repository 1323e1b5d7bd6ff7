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
   * The call's fingerprint, or null when the task declares none.
   *
   * @throws KeyDerivationException if the fingerprinter fails
   */
  static String fingerprint(TaskDefinition definition, String key, Object[] args) {
    if (definition.fingerprinter() == null) {
      return null;
    }
    try {
      return definition.fingerprinter().fingerprint(args);
    } catch (IdempotencyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw Errors.fingerprintFailed(definition, key, e);
    }
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
