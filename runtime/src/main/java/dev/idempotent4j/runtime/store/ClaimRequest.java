package dev.idempotent4j.runtime.store;

import java.time.Duration;
import java.util.Objects;

/**
 * A request to claim a task key.
 *
 * @param key the full task key ({@code prefix:name:body})
 * @param fingerprint the request fingerprint (already hashed for storage), or {@code null} if the
 *     task has none
 * @param owner identifies this worker in logs and records; unique per worker, which claims a key at
 *     most once at a time. A claim of a key that this same owner holds as running takes it over at
 *     once: it is an orphan (a claim whose answer was lost to a timeout, so nobody runs it)
 * @param lease how long the claim holds without renewal
 * @param ttl how long a completed outcome is kept
 */
public record ClaimRequest(
    String key, String fingerprint, String owner, Duration lease, Duration ttl) {
  public ClaimRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(ttl, "ttl");
  }
}
