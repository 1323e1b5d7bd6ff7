package dev.idempotent4j.runtime.spi;

/**
 * The answer to a duplicate call: the method body is skipped and {@link #value()} is returned in
 * its place. Woven code skips the body when {@code TaskInvoker.enter} returns an instance of this
 * type.
 *
 * <pre>{@code
 * Object entered = invoker.enter(args);
 * if (entered instanceof Replay replay) return replay.value();
 * }</pre>
 */
public final class Replay {
  private final Object value;

  Replay(Object value) {
    this.value = value;
  }

  /** Creates a replay of {@code value} (boxed for primitive return types). */
  public static Replay of(Object value) {
    return new Replay(value);
  }

  /** The value the skipped method returns. */
  public Object value() {
    return value;
  }

  @Override
  public String toString() {
    return "Replay[" + value + "]";
  }
}
