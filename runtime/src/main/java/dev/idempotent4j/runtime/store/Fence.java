package dev.idempotent4j.runtime.store;

/**
 * Proof of a claim: the fencing token the store handed out, and the attempt number (1 for the first
 * claim of a key, one more for every takeover or re-claim after a release).
 *
 * <pre>{@code
 * Fence fence = new Fence(42, 2);   // token 42, second attempt
 * }</pre>
 */
public record Fence(long token, int attempt) {}
