package dev.idempotent4j.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The local tier: completed outcomes of this JVM's tasks, bounded by {@code local.max-size}, each
 * remembered for its task's ttl on the engine's clock.
 *
 * <p>Each entry carries its own deadline, checked on read, rather than Caffeine's variable expiry:
 * a duplicate hit is the hot path, and per-read expiry bookkeeping cost more than the rest of the
 * lookup (docs/PERFORMANCE.md). Expired entries that are never read again leave by size eviction.
 *
 * <p>The deadline of an outcome whose ttl is at least {@link #EXACT_BELOW_NANOS} is checked against
 * the clock's {@linkplain EngineClock#recentNanoTime recent reading}, a field read instead of a
 * clock read on every hit (a clock read cost a quarter of the hit); such an outcome is served at
 * most {@link EngineClock#RECENT_LAG_NANOS} (at most 1% of its ttl) past it, never before it ends.
 * Shorter ttls are checked against the exact clock.
 *
 * <pre>{@code
 * LocalTier local = new LocalTier(10_000, clock);
 * local.put(key, outcome);        // remembered for outcome.ttlNanos
 * Outcome hit = local.get(key);   // null once the ttl has passed
 * }</pre>
 */
final class LocalTier {

  /** The shortest ttl checked against the recent reading: its lag stays under 1% of the ttl. */
  static final long EXACT_BELOW_NANOS = 100 * EngineClock.RECENT_LAG_NANOS;

  private final Cache<String, Entry> outcomes;
  private final EngineClock clock;

  LocalTier(long maxSize, EngineClock clock) {
    this.clock = clock;
    this.outcomes =
        Caffeine.newBuilder()
            .maximumSize(maxSize)
            // Housekeeping on the calling thread: cheap, and deterministic under a fake clock.
            .executor(Runnable::run)
            .build();
  }

  Outcome get(String key) {
    Entry entry = outcomes.getIfPresent(key);
    if (entry == null) {
      return null;
    }
    long now =
        entry.outcome.ttlNanos < EXACT_BELOW_NANOS ? clock.nanoTime() : clock.recentNanoTime();
    if (now - entry.deadline >= 0) {
      outcomes.asMap().remove(key, entry);
      return null;
    }
    return entry.outcome;
  }

  void put(String key, Outcome outcome) {
    long now = clock.nanoTime();
    long deadline = now + outcome.ttlNanos;
    if (deadline - now < 0) {
      deadline = now + Long.MAX_VALUE / 2; // a ttl too long to add: practically forever
    }
    outcomes.put(key, new Entry(outcome, deadline));
  }

  /** Forgets the outcome of {@code key} (an operator released it in the shared store). */
  void remove(String key) {
    outcomes.invalidate(key);
  }

  private static final class Entry {
    final Outcome outcome;
    final long deadline;

    Entry(Outcome outcome, long deadline) {
      this.outcome = outcome;
      this.deadline = deadline;
    }
  }
}
