/**
 * The shared tier on Redis: {@link dev.idempotent4j.runtime.redis.RedisStore} implements {@link
 * dev.idempotent4j.runtime.store.SharedStore} with Lettuce against a single Redis, Sentinel or a
 * Redis Cluster, configured by {@link dev.idempotent4j.runtime.redis.RedisSettings}.
 *
 * <h2>What is stored</h2>
 *
 * <p>Each task key owns three names that share one Cluster hash slot: the record {@code {key}}, the
 * fence {@code {key}:fence} and the wake-up channel {@code {key}:changed}. Record format 2 (see
 * {@code record.lua}, and docs/semantics.md for an example) is one string: a header line {@code
 * i4j2 <state> <token> <attempt> <claimed_at> <waiters>}, a line with the fingerprint, one with the
 * owner (both escaped), then the result JSON or the error type and message. The fence is {@code
 * i4j2-fence <token> <attempt> <held>}, kept a day longer than the record so tokens never go
 * backwards. A running record's lease is its TTL (Redis deletes it when the worker stops renewing);
 * a completed or failed one expires after its ttl. Format-1 records and fences (hashes) are still
 * read for a rolling upgrade and rewritten as format 2 when taken over. Every step (claim,
 * complete, fail, release, renew) is one Lua script, one round trip, timed by the Redis server's
 * clock; the scripts live next to this package as resources, one file per step, each with a header
 * that lists its keys, arguments, replies and commands. A duplicate may instead be answered by a
 * plain {@code GET} ({@link dev.idempotent4j.runtime.redis.RedisSettings.ReadBeforeClaim}).
 *
 * <h2>Fencing tokens</h2>
 *
 * <p>A new token is {@code max(last token + 1, server time in microseconds)}. The fence key keeps
 * the last token while it lives; when it is gone too (expired, or a restarted Redis without
 * persistence), server time alone still puts the next token above every earlier one, unless the
 * server clock stepped back. Tokens fit a {@code long} and, until the year 2255, a Lua number.
 *
 * <h2>Corrupt values</h2>
 *
 * <p>Every number a script reads is checked before its first write: a canonical decimal up to 2^53
 * - 1 (tokens one less, attempts below 2^31 - 1), else the value is corrupt. Text answered to the
 * client (results, failure messages) is decoded as strict UTF-8. A corrupt record or fence is
 * reported as {@link dev.idempotent4j.runtime.CorruptRecordException} and left byte for byte as it
 * was; never as {@code StoreUnavailableException}, which fail-mode open would run past.
 *
 * <h2>What Redis must keep</h2>
 *
 * <p>{@code connect} reads {@code maxmemory-policy}, {@code appendonly}, {@code appendfsync} and
 * {@code save} on every master and logs a WARNING for each that can lose records (an INFO line when
 * {@code CONFIG} is unavailable). {@link
 * dev.idempotent4j.runtime.redis.RedisSettings#withReplicaAcknowledgement} adds a {@code WAIT}
 * after each claim, complete and fail. Results past {@code max-result-size} never reach the store:
 * the engine stores a failure of type {@code dev.idempotent4j.ResultTooLarge} in their place.
 *
 * <h2>Using the store (for the engine)</h2>
 *
 * <ul>
 *   <li>Build one {@code RedisStore} per application with {@link
 *       dev.idempotent4j.runtime.redis.RedisStore#connect} and close it at shutdown; it is
 *       thread-safe and shares one command connection (plus one pub/sub connection, opened on the
 *       first {@code onChange}).
 *   <li>{@code claim} answers in one round trip. After {@code Claimed}, renew the lease in the
 *       background (about every third of the lease) with one {@code renew} call for all running
 *       claims; stop running-or-completing any claim that {@code renew} reports lost. A claim
 *       completed meanwhile is reported lost too: ignore reports for claims already finished.
 *   <li>Finish each claim with exactly one of {@code complete}, {@code fail} (a final failure) or
 *       {@code release} (a retryable failure). {@code LEASE_LOST} means nothing was written: log
 *       and count it; the caller still gets its own value.
 *   <li>To wait: register {@code onChange} <em>before</em> re-claiming (so a change between the two
 *       is not missed), re-claim, and on a wake-up or a poll tick claim again; after a release the
 *       next claim may be {@code Claimed}. The re-claim matters twice: {@code complete}, {@code
 *       fail} and {@code release} publish only when a claim found the record running (its {@code
 *       waiters} field), so a listener that never claimed is not woken. Listeners run on a Lettuce
 *       I/O thread and must not block. Close the handle when done.
 *   <li>{@code StoreUnavailableException}: Redis is down or slower than the timeout. For a write
 *       that timed out the outcome is unknown; the store never retries it.
 *   <li>Fingerprints are compared only when both the record and the request carry one.
 * </ul>
 */
package dev.idempotent4j.runtime.redis;
