package dev.idempotent4j.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Polls until something happens in another process (a lease runs out in Redis, a server comes
 * back), failing after a generous bound. Only for time that passes outside the JVM, where no fake
 * clock can be advanced; the bound is a safety net, never an assertion about how long it took.
 *
 * <pre>{@code
 * Claim.Claimed taken = Eventually.poll(Duration.ofSeconds(10), "takeover of " + key,
 *     () -> store.claim(request) instanceof Claim.Claimed c ? Optional.of(c) : Optional.empty());
 * }</pre>
 */
public final class Eventually {
  private Eventually() {}

  /**
   * Calls {@code probe} until it returns a value, and returns it.
   *
   * @throws AssertionError if {@code limit} passes first
   */
  public static <T> T poll(Duration limit, String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + limit.toNanos();
    RuntimeException lastError = null;
    while (true) {
      try {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (RuntimeException e) {
        lastError = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure =
            new AssertionError("Gave up waiting for " + what + " after " + limit);
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
