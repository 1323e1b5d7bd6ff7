package dev.idempotent4j.runtime.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.concurrent.Executor;

/**
 * Completed outcomes of this JVM, each remembered for its task's ttl and bounded in number (the
 * least useful go first when full). Time is the engine's clock, so tests expire entries by
 * advancing it.
 */
final class LocalTier {

  private final Cache<String, Outcome> outcomes;

  LocalTier(long maxSize, EngineClock clock, Executor maintenance) {
    this.outcomes =
        Caffeine.newBuilder()
            .maximumSize(maxSize)
            .ticker(clock::nanoTime)
            .executor(maintenance)
            .expireAfter(new PerOutcomeTtl())
            .build();
  }

  Outcome get(String key) {
    return outcomes.getIfPresent(key);
  }

  void put(String key, Outcome outcome) {
    outcomes.put(key, outcome);
  }

  private static final class PerOutcomeTtl implements Expiry<String, Outcome> {
    @Override
    public long expireAfterCreate(String key, Outcome outcome, long currentTime) {
      return outcome.ttlNanos;
    }

    @Override
    public long expireAfterUpdate(
        String key, Outcome outcome, long currentTime, long currentDuration) {
      return outcome.ttlNanos;
    }

    @Override
    public long expireAfterRead(
        String key, Outcome outcome, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
