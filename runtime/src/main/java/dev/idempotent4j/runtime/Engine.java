package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.Replay;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.runtime.store.SharedStore;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, for each call of a task, whether the method runs; the mechanisms are classes of their
 * own, so that this one reads as the decision table of a call ({@link #enter}):
 *
 * <ol>
 *   <li>Derive the key and fingerprint ({@link KeyDerivation}, {@link CallKey}); a reentrant call
 *       of a running key fails.
 *   <li>A final outcome in the local tier is replayed ({@link Replays}). A generated entry point
 *       asks {@link #localHit} first, which answers a duplicate by its local key alone: no key
 *       text, no arguments array.
 *   <li>Otherwise the call joins the single flight of its key in this JVM ({@link SingleFlight}).
 *       The leader runs the method, or first claims the key in the shared store, whose answer
 *       decides ({@link ClaimLoop}). A duplicate throws, skips or waits as the task says ({@link
 *       Waits}); after a release the waiters contend again and one leads the next attempt.
 *   <li>After the body ({@link #exit}) the outcome is recorded ({@link Execution}, {@link
 *       OutcomeRecorder}; for a future, when it completes: {@link AsyncCompletion}): a value or a
 *       {@code cacheFailures} exception is final and remembered for the task's ttl; any other
 *       exception releases the key.
 * </ol>
 *
 * <pre>{@code
 * Engine engine = Engine.builder(Settings.defaults()).clock(fakeClock).build();
 * BoundTask task = engine.bind(definition);
 * Object entered = engine.enter(task, args);
 * Object result = entered instanceof Replay ? null : body(args);
 * result = Engine.exit(entered, result, null);
 * }</pre>
 */
final class Engine implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  private final Settings settings;
  private final EngineClock clock;
  private final SingleFlight flights;
  private final Waits waits;
  private final OutcomeRecorder recorder;
  private final ConcurrentHashMap<String, TaskCounters> counters = new ConcurrentHashMap<>();

  /** The shared store and its helpers, or null on the embedded default (local tier only). */
  private final SharedTier shared;

  /** The shared claim of a flight's leader; null on the embedded default. */
  private final ClaimLoop claims;

  private Engine(Builder builder) {
    this.settings = builder.settings;
    this.clock = builder.clock != null ? builder.clock : EngineClock.system();
    this.flights = new SingleFlight(new LocalTier(settings.localMaxSize(), clock));
    this.waits = new Waits(clock, flights);
    this.shared = builder.store == null ? null : new SharedTier(builder.store, clock, settings);
    this.recorder = new OutcomeRecorder(flights, shared);
    this.claims = shared == null ? null : new ClaimLoop(shared, clock, flights, recorder);
  }

  /** Starts an engine with {@code settings}. */
  static Builder builder(Settings settings) {
    return new Builder(settings);
  }

  /** The settings this engine runs with. */
  Settings settings() {
    return settings;
  }

  /** Binds {@code definition} to this engine; cache the result, it is valid until close. */
  BoundTask bind(TaskDefinition definition) {
    TaskCounters taskCounters = counters.get(definition.name());
    if (taskCounters == null) {
      TaskCounters created = new TaskCounters(definition.name());
      taskCounters = counters.putIfAbsent(created.task, created);
      if (taskCounters == null) {
        taskCounters = created;
        Observers.taskBound(created.task);
      }
    }
    return new BoundTask(this, definition, taskCounters);
  }

  /** A snapshot of every task's counters. */
  IdempotencyMetrics metrics() {
    Map<String, TaskMetrics> snapshot = new LinkedHashMap<>();
    for (TaskCounters taskCounters : counters.values()) {
      snapshot.put(taskCounters.task, taskCounters.snapshot());
    }
    return new IdempotencyMetrics(snapshot);
  }

  /**
   * Decides whether a call of {@code task} with {@code args} runs.
   *
   * @return a {@link Replay} when the body must be skipped, otherwise the handle of the execution
   *     to pass to {@link #exit}
   * @throws KeyDerivationException if the key cannot be derived
   * @throws KeyReuseException if the key is in use with another fingerprint
   * @throws TaskInProgressException if the key is in progress and the call may not (or did not long
   *     enough) wait, or the call is a reentrant call of the key
   * @throws RuntimeException a cached failure, rethrown as it was (checked ones too, unchecked by
   *     the compiler), for a synchronous task
   */
  Object enter(BoundTask task, Object[] args) {
    Frames frames = Frames.onThisThread();
    frames.clearLastCall();
    return enter(frames, task, CallKey.of(task, args), args);
  }

  /**
   * Like {@link #enter(BoundTask, Object[])}, for a call whose local key the task's generated entry
   * point derived already (after {@link #localHit} found no answer).
   */
  Object enter(BoundTask task, Object localKey, Object[] args) {
    Frames frames = Frames.onThisThread();
    frames.clearLastCall();
    return enter(frames, task, CallKey.of(task, localKey, args), args);
  }

  /**
   * The hot path of a duplicate: the replay of a final outcome that the local tier holds for {@code
   * localKey}, found without the key's text or the call's arguments, or null when the call needs
   * the whole decision ({@link #enter(BoundTask, Object, Object[])}): no such outcome, a
   * fingerprint to compare, or an execution running on this thread, of which this call might be a
   * reentrant one (told by the key text).
   *
   * @throws RuntimeException a cached failure, as {@link #enter(BoundTask, Object[])} does
   */
  Object localHit(BoundTask task, Object localKey) {
    if (!task.hitsByLocalKey || !KeyDerivation.compact(localKey)) {
      return null;
    }
    Frames frames = Frames.onThisThread();
    if (frames.anyRunning()) {
      return null;
    }
    Outcome remembered = flights.remembered(task.name, localKey);
    if (remembered == null || !remembered.isFinal()) {
      return null;
    }
    frames.clearLastCall();
    return Replays.local(frames, task, remembered);
  }

  private Object enter(Frames frames, BoundTask task, CallKey key, Object[] args) {
    String fingerprint = KeyDerivation.fingerprint(task.definition, key, args);
    if (frames.anyRunning() && frames.running(key.text())) {
      task.counters.inProgress.increment();
      throw Errors.reentrant(task, key.text());
    }
    WaitDeadline deadline = null; // set when the call first waits: waitTimeout bounds the call
    while (true) {
      Outcome remembered = flights.remembered(task.name, key.local);
      if (remembered != null && remembered.isFinal()) {
        return Replays.local(frames, task, key, fingerprint, remembered);
      }
      Flight flight = flights.running(key.text());
      if (flight == null) {
        Flight mine = flights.newFlight(task, key, fingerprint, remembered);
        flight = flights.lead(mine);
        if (flight == null) {
          // Leads. An execution that completed between our look at the local tier and our lead
          // has put its outcome there first: look again.
          Outcome late = flights.remembered(task.name, key.local);
          if (late != null && late.isFinal()) {
            flights.abandon(mine);
            return Replays.local(frames, task, key, fingerprint, late);
          }
          if (late != null && late.attempt >= mine.attempt) {
            flights.abandon(mine); // a release slipped in as well: number this attempt after it
            continue;
          }
          return claims == null
              ? Execution.start(recorder, task, mine, null)
              : claims.claim(task, mine, deadline);
        }
      }
      KeyDerivation.checkFingerprint(task, key.text(), fingerprint, flight.fingerprint);
      switch (task.definition.onInProgress()) {
        case THROW:
          task.counters.inProgress.increment();
          throw Errors.inProgressHere(task, key.text(), flight.attempt);
        case SKIP:
          return Replays.skip(frames, task, flight);
        case WAIT:
        default:
          deadline = WaitDeadline.begin(deadline, task, clock);
          if (task.async) {
            return Replays.attached(frames, flight, waits.attach(task, flight));
          }
          Outcome outcome = waits.await(task, flight, deadline);
          if (outcome.isFinal()) {
            return Replays.local(frames, task, key, fingerprint, outcome);
          }
          // Released or abandoned: contend again; exactly one waiter leads the next flight.
      }
    }
  }

  /**
   * Records the outcome of an execution, or hands back a replayed value.
   *
   * @param entered what {@link #enter} returned
   * @param returned what the body returned (boxed for primitives; the default value if it threw)
   * @param thrown what the body threw, or null
   * @return the value the method returns. Never throws.
   */
  static Object exit(Object entered, Object returned, Throwable thrown) {
    if (entered instanceof Replay replay) {
      return replay.value();
    }
    if (!(entered instanceof Execution execution)) {
      return returned;
    }
    try {
      return execution.finish(returned, thrown);
    } catch (RuntimeException | Error bug) {
      // exit must never throw (the caller's own exception is in flight); make sure the key is not
      // left in progress forever.
      LOG.log(
          Level.ERROR,
          "idempotent4j failed to record an outcome; releasing the key " + execution.flight.key,
          bug);
      execution.recorder.released(execution, bug);
      return returned != null ? returned : execution.task.definition.skipValue();
    }
  }

  /**
   * Stops renewing leases, closes the shared store's connections and the clock's threads. Claims
   * still running lose their leases in the store when those run out.
   */
  @Override
  public void close() {
    try {
      if (shared != null) {
        shared.close();
      }
    } finally {
      clock.close();
    }
  }

  /** Operations: forgets the local tier's outcome of {@code key} (released in the store). */
  void forget(String key) {
    flights.forget(key);
  }

  /** Operations: the shared store, or null on the embedded default. */
  SharedStore store() {
    return shared == null ? null : shared.store;
  }

  /** Tests: what the local tier remembers for the key text {@code key}, or null. */
  Outcome remembered(String key) {
    return flights.rememberedByText(key);
  }

  /** Tests: the renewer of the shared tier's leases, or null without a shared store. */
  LeaseRenewer leaseRenewer() {
    return shared == null ? null : shared.renewer;
  }

  /** Creates an {@link Engine}. */
  static final class Builder {
    private final Settings settings;
    private EngineClock clock;
    private SharedStore store;

    private Builder(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The clock for TTLs and wait timeouts; default {@link EngineClock#system()}. */
    Builder clock(EngineClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The shared store (Redis) that claims keys for the whole application; default none (the local
     * tier alone). The engine closes it on {@link Engine#close()}.
     */
    Builder store(SharedStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    Engine build() {
      return new Engine(this);
    }
  }
}
