package dev.idempotent4j.runtime.spi;

/**
 * A value on a key's path that has no bounded canonical text (a {@code BigDecimal} of a million
 * digits, say), thrown by {@link KeyBuilder} while a generated deriver builds a key. The engine
 * reports it to the caller as a {@code KeyDerivationException} naming the task; nothing runs. It
 * lives here, not beside the API's exceptions, so that the contract with generated code names
 * nothing above it.
 *
 * <pre>{@code
 * try {
 *   KeyBuilder.number(escapes, BigDecimal.TEN.pow(20_000).add(BigDecimal.ONE));
 * } catch (UnkeyableValueException e) {
 *   // "Cannot key a BigDecimal of ... bits: ..."
 * }
 * }</pre>
 */
public final class UnkeyableValueException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** An exception whose message says what cannot be keyed and what to key on instead. */
  public UnkeyableValueException(String message) {
    super(message);
  }
}
