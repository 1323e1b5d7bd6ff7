package dev.idempotent4j.runtime.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The local tier: completed outcomes of this JVM's tasks, bounded by {@code local.max-size}, each
 * remembered for its task's ttl on the engine's clock (checked against its {@linkplain
 * EngineClock#recentNanoTime recent reading}, so up to about a millisecond longer).
 *
 * <p>Each entry carries its own deadline, checked on read, rather than Caffeine's variable expiry:
 * a duplicate hit is the hot path, and per-read expiry bookkeeping cost more than the rest of the
 * lookup (docs/PERFORMANCE.md). Expired entries that are never read again leave by size eviction.
 *
 * <pre>{@code
 * LocalTier local = new LocalTier(10_000, clock);
 * local.put(key, outcome);        // remembered for outcome.ttlNanos
 * Outcome hit = local.get(key);   // null once the ttl has passed
 * }</pre>
 */
final class LocalTier {

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
    // A recent reading: an entry may be served up to about a millisecond past its ttl, and this
    // check costs a field read instead of a clock read on every hit.
    if (clock.recentNanoTime() - entry.deadline >= 0) {
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

  private static final class Entry {
    final Outcome outcome;
    final long deadline;

    Entry(Outcome outcome, long deadline) {
      this.outcome = outcome;
      this.deadline = deadline;
    }
  }
}
