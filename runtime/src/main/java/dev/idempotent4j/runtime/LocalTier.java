package dev.idempotent4j.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The local tier: completed outcomes of this JVM's tasks, bounded by {@code local.max-size}
 * outcomes, each remembered for its task's ttl on the engine's clock.
 *
 * <p>Outcomes are found by a task's name and a call's local key ({@link CallKey#local}: the value
 * of the key's placeholder itself for a generated deriver, so that a hit builds no key text). One
 * local key may be the key of several tasks (two tasks keyed on the same order id), so the cache
 * maps a local key to a short immutable chain of {@link Entry entries}, one per task, and each
 * entry weighs one: the bound still counts outcomes, not local keys. Tasks are told apart by name,
 * as their key texts are ({@code prefix:name:body}, one prefix per engine).
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
 * local.put("Orders.confirm", "order-42", outcome);       // remembered for outcome.ttlNanos
 * Outcome hit = local.get("Orders.confirm", "order-42");  // null once the ttl has passed
 * }</pre>
 */
final class LocalTier {

  /** The shortest ttl checked against the recent reading: its lag stays under 1% of the ttl. */
  static final long EXACT_BELOW_NANOS = 100 * EngineClock.RECENT_LAG_NANOS;

  private final Cache<Object, Entry> outcomes;
  private final EngineClock clock;

  LocalTier(long maxSize, EngineClock clock) {
    this.clock = clock;
    this.outcomes =
        Caffeine.newBuilder()
            .maximumWeight(maxSize)
            .weigher((Object localKey, Entry chain) -> chain.length())
            // Housekeeping on the calling thread: deterministic under a fake clock, and cheaper
            // than handing each eviction to a pool thread (measured: a duplicate answered by Redis
            // took 1.2x as long with the common pool on the benchmark's one CPU).
            .executor(Runnable::run)
            .build();
  }

  /** The live outcome of {@code task} for {@code localKey}, or null. */
  Outcome get(String task, Object localKey) {
    Entry entry = Entry.find(outcomes.getIfPresent(localKey), task);
    if (entry == null) {
      return null;
    }
    long now =
        entry.outcome.ttlNanos < EXACT_BELOW_NANOS ? clock.nanoTime() : clock.recentNanoTime();
    if (now - entry.deadline >= 0) {
      outcomes.asMap().computeIfPresent(localKey, (k, chain) -> chain.without(entry));
      return null;
    }
    return entry.outcome;
  }

  void put(String task, Object localKey, Outcome outcome) {
    long now = clock.nanoTime();
    long deadline = now + outcome.ttlNanos;
    if (deadline - now < 0) {
      deadline = now + Long.MAX_VALUE / 2; // a ttl too long to add: practically forever
    }
    Entry entry = new Entry(task, outcome, deadline, null);
    // putIfAbsent first: the common case, no other task's entry under this local key, then costs
    // no remapping function (a compute was a tenth of a shared-tier answer's client work)
    if (outcomes.asMap().putIfAbsent(localKey, entry) != null) {
      outcomes.asMap().compute(localKey, (k, chain) -> chain == null ? entry : chain.with(entry));
    }
  }

  /**
   * Forgets the outcome whose key text is {@code key} (an operator released it in the shared
   * store). The tier is found by local keys, which a text does not give back, so this looks at
   * every entry: an operator's action, not a call's.
   */
  void remove(String key) {
    for (var mapping : outcomes.asMap().entrySet()) {
      for (Entry entry = mapping.getValue(); entry != null; entry = entry.next) {
        if (entry.outcome.key().equals(key)) {
          Entry found = entry;
          outcomes.asMap().computeIfPresent(mapping.getKey(), (k, chain) -> chain.without(found));
        }
      }
    }
  }

  /** Tests: the outcome whose key text is {@code key}, expired or not, or null. */
  Outcome find(String key) {
    for (Entry chain : outcomes.asMap().values()) {
      for (Entry entry = chain; entry != null; entry = entry.next) {
        if (entry.outcome.key().equals(key)) {
          return entry.outcome;
        }
      }
    }
    return null;
  }

  /**
   * The outcome of one task, and the entries of other tasks with the same local key. Immutable: a
   * change builds a new chain inside the cache's compute, so a reader never sees one half made.
   */
  private static final class Entry {
    final String task;
    final Outcome outcome;
    final long deadline;
    final Entry next;

    Entry(String task, Outcome outcome, long deadline, Entry next) {
      this.task = task;
      this.outcome = outcome;
      this.deadline = deadline;
      this.next = next;
    }

    static Entry find(Entry chain, String task) {
      Entry entry = chain;
      // Names are the generated classes' constants: equals is an identity check, as a rule.
      while (entry != null && !entry.task.equals(task)) {
        entry = entry.next;
      }
      return entry;
    }

    int length() {
      int length = 0;
      for (Entry entry = this; entry != null; entry = entry.next) {
        length++;
      }
      return length;
    }

    /** This chain with {@code replacement} in place of its task's entry, or in front. */
    Entry with(Entry replacement) {
      Entry others = without(find(this, replacement.task));
      return new Entry(replacement.task, replacement.outcome, replacement.deadline, others);
    }

    /** This chain without {@code entry} (which may not be in it); null when nothing is left. */
    Entry without(Entry entry) {
      if (this == entry) {
        return next;
      }
      Entry rest = next == null ? null : next.without(entry);
      return rest == next ? this : new Entry(task, outcome, deadline, rest);
    }
  }
}
