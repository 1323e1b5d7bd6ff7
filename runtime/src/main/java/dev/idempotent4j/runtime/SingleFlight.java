package dev.idempotent4j.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This JVM's state of each key: the local tier of outcomes, and the table of flights in progress,
 * at most one per key, which concurrent duplicates join. A flight ends in one of two ways: {@link
 * #settle} (its outcome is remembered, then the flight leaves the table, then its waiters wake: in
 * this order a caller that no longer finds the flight always finds the outcome) or {@link #abandon}
 * (no outcome here; its waiters look again).
 *
 * <pre>{@code
 * Flight mine = flights.newFlight(task, key, fingerprint, remembered);   // key: a CallKey
 * Flight running = flights.lead(mine);   // null: this call leads
 * ...
 * flights.settle(mine, outcome);
 * }</pre>
 */
final class SingleFlight {

  /** Fencing tokens grow across engines, so a reconfiguration never hands out an old one. */
  private static final AtomicLong TOKENS = new AtomicLong();

  private final LocalTier local;
  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

  SingleFlight(LocalTier local) {
    this.local = local;
  }

  /** The outcome the local tier remembers for {@code localKey} of {@code task}, or null. */
  Outcome remembered(String task, Object localKey) {
    return local.get(task, localKey);
  }

  /** The outcome the local tier remembers for {@code flight}'s key, or null. */
  Outcome remembered(Flight flight) {
    return local.get(flight.taskName, flight.localKey);
  }

  /** Tests: the outcome the local tier remembers for the key text {@code key}, or null. */
  Outcome rememberedByText(String key) {
    return local.find(key);
  }

  /** The flight of {@code key} in progress, or null. */
  Flight running(String key) {
    return flights.get(key);
  }

  /**
   * A flight of {@code key} numbered after the outcome {@code remembered} (a release), with a token
   * of this JVM; a shared store's claim replaces both before it runs.
   */
  Flight newFlight(BoundTask task, CallKey key, String fingerprint, Outcome remembered) {
    int attempt = remembered == null ? 1 : remembered.attempt + 1;
    return new Flight(
        task.name, key.text(), key.local, fingerprint, TOKENS.incrementAndGet(), attempt);
  }

  /**
   * Enters {@code mine} in the table unless a flight of its key runs.
   *
   * @return null if {@code mine} now leads, else the flight that runs
   */
  Flight lead(Flight mine) {
    return flights.putIfAbsent(mine.key, mine);
  }

  /** Forgets the local tier's outcome of the key text {@code key}; flights in progress run on. */
  void forget(String key) {
    local.remove(key);
  }

  /** Ends {@code flight} with {@code outcome}: remembered, removed, then its waiters woken. */
  void settle(Flight flight, Outcome outcome) {
    local.put(flight.taskName, flight.localKey, outcome.remembered());
    flights.remove(flight.key, flight);
    flight.done.complete(outcome);
  }

  /** Gives up a flight that has no outcome here; its waiters look again. */
  void abandon(Flight flight) {
    flights.remove(flight.key, flight);
    flight.done.complete(Outcome.ABANDONED);
  }
}
