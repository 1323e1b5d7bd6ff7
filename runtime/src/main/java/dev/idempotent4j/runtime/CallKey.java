package dev.idempotent4j.runtime;

/**
 * One call's key as the engine holds it: its {@link #local} identity, which the local tier and the
 * call's flight are found by, and its text ({@code prefix:name:body}, bounded), built the first
 * time something needs it: a local miss, the shared store, a reentrancy check, an error message. A
 * local duplicate hit never builds it.
 *
 * <pre>{@code
 * CallKey key = CallKey.of(task, args);
 * Outcome hit = flights.remembered(task.name, key.local);  // no text built
 * Flight running = flights.running(key.text());          // text built, once
 * }</pre>
 */
final class CallKey {

  private final BoundTask task;
  private final Object[] args;

  /** The generated deriver's local key, or null where the task has none. */
  private final Object derived;

  /** {@link #derived}, or the text where the task has none or it is too long to keep. */
  final Object local;

  private String text;

  private CallKey(BoundTask task, Object derived, Object[] args) {
    this.task = task;
    this.args = args;
    this.derived = derived;
    this.local = derived != null && KeyDerivation.compact(derived) ? derived : text();
  }

  /**
   * The key of a call with {@code args}.
   *
   * @throws KeyDerivationException if the key cannot be derived
   */
  static CallKey of(BoundTask task, Object[] args) {
    return new CallKey(task, KeyDerivation.localKey(task, args), args);
  }

  /** The key of a call whose local key the generated entry point derived already. */
  static CallKey of(BoundTask task, Object localKey, Object[] args) {
    return new CallKey(task, localKey, args);
  }

  /**
   * The key's text.
   *
   * @throws KeyDerivationException if the key cannot be derived
   */
  String text() {
    String built = text;
    if (built == null) {
      // From the local key where there is one: the arguments' getters are not called again.
      built = derived != null ? KeyDerivation.key(task, derived) : KeyDerivation.key(task, args);
      text = built;
    }
    return built;
  }
}
