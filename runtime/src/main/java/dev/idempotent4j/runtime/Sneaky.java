package dev.idempotent4j.runtime;

/**
 * Rethrows a cached failure as it was, checked or not: woven methods declare the checked exceptions
 * they may throw, and a duplicate must see the same type as the first call.
 */
final class Sneaky {
  private Sneaky() {}

  /** Throws {@code failure}; declared to return so callers can write {@code throw rethrow(e)}. */
  static RuntimeException rethrow(Throwable failure) {
    throw Sneaky.<RuntimeException>cast(failure);
  }

  // T only in the result is the sneaky throw itself: inferred as RuntimeException at the call,
  // it lets javac pass a checked failure through unchecked
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
  private static <T extends Throwable> T cast(Throwable failure) throws T {
    throw (T) failure;
  }
}
