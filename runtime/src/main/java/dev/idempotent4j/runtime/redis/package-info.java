/**
 * The shared tier on Redis: {@link dev.idempotent4j.runtime.redis.RedisStore} implements {@link
 * dev.idempotent4j.runtime.store.SharedStore} with Lettuce against a single Redis, Sentinel or a
 * Redis Cluster, configured by {@link dev.idempotent4j.runtime.redis.RedisSettings}.
 *
 * <p>Each task key owns three names that share one Cluster hash slot: the record {@code {key}} (a
 * hash: format version, state, owner, fencing token, attempt, fingerprint, lease expiry or
 * outcome), the fence {@code {key}:fence} (the last token and attempt, kept longer than the
 * record so tokens never go backwards) and the wake-up channel {@code {key}:changed}. Every step
 * (claim, complete, fail, release, renew) is one Lua script, one round trip, timed by the Redis
 * server's clock. The scripts live next to this package as resources, one file per step, each
 * with a header that lists its keys, arguments and replies.
 */
package dev.idempotent4j.runtime.redis;
