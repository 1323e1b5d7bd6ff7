package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.TaskDefinition;

/**
 * A call's key and fingerprint, from the task's generated (or programmatic) deriver and
 * fingerprinter: a deriver's own {@link IdempotencyException} passes as it is, anything else it
 * throws becomes a {@link KeyDerivationException}, and the key is bounded ({@link Keys#bounded}). A
 * generated deriver also gives a call's local key ({@link #localKey}), and the text from it.
 *
 * <pre>{@code
 * CallKey key = CallKey.of(task, args);
 * String fingerprint = KeyDerivation.fingerprint(task.definition, key, args);
 * KeyDerivation.checkFingerprint(task, key.text(), fingerprint, flight.fingerprint);
 * }</pre>
 */
final class KeyDerivation {

  /** The longest fingerprint held as text; longer ones are held as their hash. */
  static final int COMPACT_MAX = 64;

  /**
   * The most chars of text a local key holds and is still used as it is: a longer one is replaced
   * by the key's bounded text, so that a remembered outcome holds a bounded amount whatever its
   * arguments. Such a key text is always longer than this (its body alone is), so it never equals a
   * local key kept as it is.
   */
  static final int LOCAL_MAX_CHARS = Keys.MAX_BYTES / 3;

  private KeyDerivation() {}

  /**
   * The text of the key of a call with {@code args}, from the task's key deriver.
   *
   * @throws KeyDerivationException if the deriver fails or returns null
   */
  static String key(BoundTask task, Object[] args) {
    String key;
    try {
      key = task.definition.keyDeriver().derive(task.keyHead, args);
    } catch (RuntimeException e) {
      throw failure(task.definition, e);
    }
    return bounded(task.definition, key);
  }

  /**
   * The text of the key whose local key is {@code localKey}, from the task's generated deriver.
   *
   * @throws KeyDerivationException if a value has no key text (a number too long)
   */
  static String key(BoundTask task, Object localKey) {
    String key;
    try {
      key = task.definition.localKeyText().key(task.keyHead, localKey);
    } catch (RuntimeException e) {
      throw failure(task.definition, e);
    }
    return bounded(task.definition, key);
  }

  /**
   * The local key of a call with {@code args}, or null when the task has no local keys (then its
   * key text is its local key).
   *
   * @throws KeyDerivationException if the deriver fails or returns null
   */
  static Object localKey(BoundTask task, Object[] args) {
    if (task.definition.localKeyDeriver() == null) {
      return null;
    }
    Object localKey;
    try {
      localKey = task.definition.localKeyDeriver().localKey(args);
    } catch (RuntimeException e) {
      throw failure(task.definition, e);
    }
    if (localKey == null) {
      throw Errors.keyIsNull(task.definition);
    }
    return localKey;
  }

  /**
   * What a call whose key deriver threw {@code e} fails with: a deriver's own {@link
   * IdempotencyException} as it is, anything else wrapped.
   */
  static IdempotencyException failure(TaskDefinition definition, RuntimeException e) {
    return e instanceof IdempotencyException own ? own : Errors.keyDeriverFailed(definition, e);
  }

  /**
   * Whether {@code localKey} is short enough to be kept as it is ({@link #LOCAL_MAX_CHARS}): its
   * text values, a {@code String} or the parts of a {@code List}, count.
   */
  static boolean compact(Object localKey) {
    if (localKey instanceof String text) {
      return text.length() <= LOCAL_MAX_CHARS;
    }
    if (localKey instanceof java.util.List<?> parts) {
      int chars = 0;
      for (Object part : parts) {
        if (part instanceof String text) {
          chars += text.length();
        }
      }
      return chars <= LOCAL_MAX_CHARS;
    }
    return true;
  }

  private static String bounded(TaskDefinition definition, String key) {
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
  static String fingerprint(TaskDefinition definition, CallKey key, Object[] args) {
    if (definition.fingerprinter() == null) {
      return null;
    }
    String text;
    try {
      text = definition.fingerprinter().fingerprint(args);
    } catch (IdempotencyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw Errors.fingerprintFailed(definition, key.text(), e);
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
