package dev.idempotent4j.http;

/**
 * What one {@link IdempotencyKeyFilter} did since it started; the engine's own counters for the
 * filter's task ({@code Idempotency.metrics().task(filter.taskName())}) add executions, waits,
 * takeovers and lost leases.
 *
 * <pre>{@code
 * FilterMetrics m = filter.metrics();
 * if (m.oversize() > 0) log.warn("responses too large to store: " + m.oversize());
 * }</pre>
 *
 * @param stored first responses recorded and replayable
 * @param replayed responses served from a record, with {@code Idempotent-Replayed: true}
 * @param released handler outcomes not stored by the status policy or an exception (retry runs)
 * @param oversize requests or responses over the size limit: run, released, sent as they were
 * @param streamed streaming, async or container-rendered responses: passed through, released
 * @param missingKey {@code 400}: no key on a route that requires one
 * @param malformedKey {@code 400}: a key that is not 1-255 printable ASCII characters
 * @param keyReused {@code 422}: a key sent again with another request
 * @param inProgress {@code 409}: a key sent again while its first request still ran
 * @param storeUnavailable {@code 503}: the store failed (fail mode closed); nothing ran
 */
public record FilterMetrics(
    long stored,
    long replayed,
    long released,
    long oversize,
    long streamed,
    long missingKey,
    long malformedKey,
    long keyReused,
    long inProgress,
    long storeUnavailable) {}
