package dev.idempotent4j.runtime.internal;

import dev.idempotent4j.runtime.IdempotencyContext;
import dev.idempotent4j.runtime.IdempotencyException;
import dev.idempotent4j.runtime.IdempotencyMetrics;
import dev.idempotent4j.runtime.KeyDerivationException;
import dev.idempotent4j.runtime.KeyReuseException;
import dev.idempotent4j.runtime.TaskInProgressException;
import dev.idempotent4j.runtime.TaskMetrics;
import dev.idempotent4j.runtime.spi.Replay;
import dev.idempotent4j.runtime.spi.ResultCodec;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.runtime.store.SharedStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, for each call of a task, whether the method runs, and records its outcome.
 *
 * <p>The path of a call ({@link #enter}): derive the key; a completed outcome in the local tier is
 * replayed; otherwise the call joins the single flight of its key in this JVM: the first caller
 * runs the method, concurrent duplicates wait, throw or skip as the task says. The winner of the
 * single flight is where a shared store (Redis) claims the key for the whole application ({@link
 * #claim}); without one, this JVM is the authority. After the body ({@link #exit}) the outcome is
 * recorded: a value or a {@code cacheFailures} exception is final and remembered for the task's
 * ttl; any other exception releases the key, and exactly one waiting duplicate runs the method
 * again.
 *
 * <pre>{@code
 * Engine engine = Engine.builder(Settings.defaults()).clock(fakeClock).build();
 * BoundTask task = engine.bind(definition);
 * Object entered = engine.enter(task, args);
 * Object result = entered instanceof Replay ? null : body(args);
 * result = Engine.exit(entered, result, null);
 * }</pre>
 *
 * <p>Not part of the API: applications use {@code Idempotency} and the agent uses {@code
 * TaskInvoker}.
 */
public final class Engine implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  /** Fencing tokens grow across engines, so a reconfiguration never hands out an old one. */
  private static final AtomicLong TOKENS = new AtomicLong();

  private final Settings settings;
  private final EngineClock clock;
  private final LocalTier local;
  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TaskCounters> counters = new ConcurrentHashMap<>();

  private Engine(Builder builder) {
    this.settings = builder.settings;
    this.clock = builder.clock != null ? builder.clock : EngineClock.system();
    this.local = new LocalTier(settings.localMaxSize(), clock);
  }

  /** Starts an engine with {@code settings}. */
  public static Builder builder(Settings settings) {
    return new Builder(settings);
  }

  /** The settings this engine runs with. */
  public Settings settings() {
    return settings;
  }

  /** Binds {@code definition} to this engine; cache the result, it is valid until close. */
  public BoundTask bind(TaskDefinition definition) {
    TaskCounters taskCounters =
        counters.computeIfAbsent(definition.name(), name -> new TaskCounters(name));
    return new BoundTask(this, definition, taskCounters);
  }

  /** A snapshot of every task's counters. */
  public IdempotencyMetrics metrics() {
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
   * @throws TaskInProgressException if the key is in progress and the call may not (or did not
   *     long enough) wait, or the call is a reentrant call of the key
   * @throws RuntimeException a cached failure, rethrown as it was (checked ones too, unchecked by
   *     the compiler), for a synchronous task
   */
  public Object enter(BoundTask task, Object[] args) {
    Frames.clearLastCall();
    TaskDefinition definition = task.definition;
    String key = Keys.full(settings.prefix(), definition.name(), deriveKey(definition, args));
    String fingerprint = fingerprint(definition, key, args);
    if (Frames.running(key)) {
      task.counters.inProgress.increment();
      throw new TaskInProgressException(
          "Task '"
              + definition.name()
              + "' called itself with its own key '"
              + key
              + "' from inside the running execution (thread "
              + Thread.currentThread().getName()
              + "): waiting for itself would deadlock, so the inner call fails. Give the inner"
              + " call another key, or call code that is not an idempotent task.");
    }
    long waitDeadline = 0; // set when the call first waits: waitTimeout bounds the whole call
    boolean waited = false;
    while (true) {
      Outcome completed = local.get(key);
      if (completed != null && completed.isFinal()) {
        return replay(task, key, fingerprint, completed);
      }
      Flight flight = flights.get(key);
      if (flight == null) {
        int attempt = completed == null ? 1 : completed.attempt + 1;
        Flight mine =
            new Flight(definition.name(), key, fingerprint, TOKENS.incrementAndGet(), attempt);
        flight = flights.putIfAbsent(key, mine);
        if (flight == null) {
          // Won the single flight. An execution that completed between our look at the local
          // tier and our putIfAbsent has put its outcome there first: look again.
          Outcome late = local.get(key);
          if (late != null && late.isFinal()) {
            abandon(mine);
            return replay(task, key, fingerprint, late);
          }
          if (late != null && late.attempt >= mine.attempt) {
            // A release slipped in between as well: number this attempt after it.
            abandon(mine);
            continue;
          }
          return claim(task, mine);
        }
      }
      checkFingerprint(task, key, fingerprint, flight.fingerprint);
      switch (definition.onInProgress()) {
        case THROW:
          task.counters.inProgress.increment();
          throw new TaskInProgressException(
              "Task '"
                  + definition.name()
                  + "': key '"
                  + key
                  + "' is in progress (attempt "
                  + flight.attempt
                  + " runs now); onInProgress = THROW, so this call did not wait and nothing ran."
                  + " Retry later.");
        case SKIP:
          task.counters.skips.increment();
          Frames.setLastCall(replayContext(flight.context));
          return Replay.of(skipValue(task));
        case WAIT:
        default:
          if (!waited) {
            // Once per call, however many releases it waits through.
            task.counters.waits.increment();
            waited = true;
            waitDeadline = clock.nanoTime() + task.waitTimeoutNanos;
          }
          if (task.async) {
            Frames.setLastCall(replayContext(flight.context));
            return Replay.of(attach(task, flight));
          }
          Outcome outcome = await(task, flight, waitDeadline - clock.nanoTime());
          if (outcome.isFinal()) {
            return replay(task, key, fingerprint, outcome);
          }
          // Released or abandoned: contend again; exactly one waiter wins the next flight.
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
  public static Object exit(Object entered, Object returned, Throwable thrown) {
    if (entered instanceof Replay) {
      return ((Replay) entered).value();
    }
    if (!(entered instanceof Execution)) {
      return returned;
    }
    Execution execution = (Execution) entered;
    try {
      return execution.finish(returned, thrown);
    } catch (RuntimeException | Error bug) {
      // exit must never throw (the caller's own exception is in flight); make sure the key is not
      // left in progress forever.
      LOG.log(
          Level.ERROR, "idempotent4j failed to record an outcome; releasing the key " + execution
              .flight.key, bug);
      execution.engine.settle(execution.task, execution.flight, Outcome.released(
          execution.flight, bug, execution.task.ttlNanos));
      return returned != null ? returned : execution.task.definition.skipValue();
    }
  }

  @Override
  public void close() {
    clock.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Claiming and running

  /**
   * The winner of the in-JVM single flight claims the key: the seam of the shared tier.
   *
   * <p>On the embedded default this JVM is the authority: the key is ours, fenced by a per-JVM
   * token ({@link Flight#token}). With a {@link SharedStore} (issue 4), the claim goes to the store
   * here, once per JVM and key however many local duplicates wait behind this flight, and its
   * answer decides the flight:
   *
   * <ul>
   *   <li>{@code Claimed(fence)}: run under the store's fence (its token and attempt replace the
   *       local ones in the flight's context) and register the lease with a renewer that batches
   *       {@link SharedStore#renew} on {@link #clock} at about a third of the lease; a lost lease
   *       is counted in {@code lostLeases}.
   *   <li>{@code Completed}/{@code Failed}: decode with the task's codec (a failure replays as
   *       {@code TaskFailedException}), {@link #settle} the flight with that final outcome (local
   *       waiters get it too) and replay it; counted in {@code sharedHits}.
   *   <li>{@code InProgress(timeLeft)}: THROW/SKIP as locally; WAIT listens with {@link
   *       SharedStore#onChange} and polls on {@link #clock} until the waitTimeout, then claims
   *       again (a release or an expired lease lets it take over: {@code takeovers}).
   *   <li>{@code KeyReused}: {@link KeyReuseException}; {@code StoreUnavailableException}: abandon
   *       the flight and rethrow ({@code fail-mode = closed}), or run here anyway ({@code open},
   *       counted in {@code failOpenRuns}).
   * </ul>
   *
   * <p>{@link #settle} is where the outcome then goes to the store ({@code complete}, {@code fail}
   * or {@code release}, fenced) before the local tier and the waiters see it.
   */
  private Object claim(BoundTask task, Flight flight) {
    task.counters.executed.increment();
    return new Execution(this, task, flight, Frames.push(flight.context));
  }

  /** The handle of a running execution, returned by {@link #enter} and passed to {@link #exit}. */
  static final class Execution {
    final Engine engine;
    final BoundTask task;
    final Flight flight;
    final Frames.Frame frame;

    Execution(Engine engine, BoundTask task, Flight flight, Frames.Frame frame) {
      this.engine = engine;
      this.task = task;
      this.flight = flight;
      this.frame = frame;
    }

    Object finish(Object returned, Throwable thrown) {
      Frames.pop(frame);
      Frames.setLastCall(flight.context);
      if (thrown != null) {
        engine.failed(task, flight, thrown);
        return returned != null ? returned : task.definition.skipValue();
      }
      if (task.async) {
        if (returned == null) {
          LOG.log(
              Level.WARNING,
              "Task ''{0}'' returned null instead of a future for key ''{1}''; no outcome to"
                  + " remember, so the key is released and the next call runs the method again."
                  + " Return a future (CompletableFuture.completedFuture(null) for no value).",
              task.definition.name(),
              flight.key);
          engine.settle(task, flight, Outcome.released(flight, null, task.ttlNanos));
          task.counters.releases.increment();
          return null;
        }
        return engine.whenSettled(task, flight, (CompletionStage<?>) returned);
      }
      engine.succeeded(task, flight, returned);
      return returned;
    }

    @Override
    public String toString() {
      return "Execution[" + flight.key + " attempt " + flight.attempt + "]";
    }
  }

  /**
   * The first caller of an async task gets a future that completes with its own value (or
   * failure) once the outcome is recorded, so that a call made after that future completed is
   * always a duplicate hit, never a second wait.
   */
  private CompletableFuture<Object> whenSettled(
      BoundTask task, Flight flight, CompletionStage<?> stage) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          try {
            if (failure != null) {
              failed(task, flight, failure);
            } else {
              succeeded(task, flight, value);
            }
          } catch (RuntimeException | Error bug) {
            LOG.log(Level.ERROR, "idempotent4j failed to record an async outcome", bug);
            settle(task, flight, Outcome.released(flight, bug, task.ttlNanos));
          }
          if (failure != null) {
            result.completeExceptionally(failure);
          } else {
            result.complete(value);
          }
        });
    return result;
  }

  private void succeeded(BoundTask task, Flight flight, Object value) {
    settle(task, flight, Outcome.success(flight, forDuplicates(task, value), task.ttlNanos));
  }

  private void failed(BoundTask task, Flight flight, Throwable thrown) {
    Throwable failure = task.async ? unwrap(thrown) : thrown;
    if (task.definition.isCachedFailure(failure)) {
      task.counters.cachedFailures.increment();
      LOG.log(
          Level.DEBUG,
          "Task {0} key {1}: cached failure {2}",
          task.definition.name(),
          flight.key,
          failure);
      settle(task, flight, Outcome.failure(flight, failure, task.ttlNanos));
    } else {
      task.counters.releases.increment();
      LOG.log(
          Level.DEBUG,
          "Task {0} key {1}: attempt {2} failed with {3}; key released for a retry",
          task.definition.name(),
          flight.key,
          flight.attempt,
          failure);
      settle(task, flight, Outcome.released(flight, failure, task.ttlNanos));
    }
  }

  /**
   * Ends a flight: the outcome goes to the local tier first, then the flight leaves the table,
   * then its waiters are woken. In this order a caller that no longer finds the flight always
   * finds the outcome.
   */
  private void settle(BoundTask task, Flight flight, Outcome outcome) {
    local.put(flight.key, outcome);
    flights.remove(flight.key, flight);
    flight.done.complete(outcome);
  }

  /** Gives up a flight that never ran; its waiters look again. */
  private void abandon(Flight flight) {
    flights.remove(flight.key, flight);
    flight.done.complete(Outcome.ABANDONED);
  }

  /**
   * The value duplicates get: with a codec, an immutable copy decoded from the value's own
   * encoding, computed once; without one, the first caller's instance.
   */
  private static Object forDuplicates(BoundTask task, Object value) {
    @SuppressWarnings("unchecked")
    ResultCodec<Object> codec = (ResultCodec<Object>) task.definition.codec();
    if (codec == null) {
      return value;
    }
    try {
      return codec.decode(codec.encode(value));
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Task " + task.definition.name() + ": the result codec failed on " + value
              + "; duplicates get the first caller's instance",
          e);
      return value;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Duplicates

  private Object replay(BoundTask task, String key, String fingerprint, Outcome outcome) {
    checkFingerprint(task, key, fingerprint, outcome.fingerprint);
    task.counters.localHits.increment();
    Frames.setLastCall(outcome.replayContext);
    if (outcome.kind == Outcome.Kind.FAILURE) {
      if (task.async) {
        return Replay.of(CompletableFuture.failedFuture(outcome.failure));
      }
      throw Sneaky.rethrow(outcome.failure);
    }
    return Replay.of(task.async ? CompletableFuture.completedFuture(outcome.value) : outcome.value);
  }

  /** Blocks (parking, never pinning) until {@code flight} ends or {@code nanosLeft} pass. */
  private Outcome await(BoundTask task, Flight flight, long nanosLeft) {
    CompletableFuture<Outcome> done = flight.done;
    if (done.isDone()) {
      return done.join();
    }
    if (nanosLeft <= 0) {
      task.counters.inProgress.increment();
      throw waitTimedOut(task, flight.key);
    }
    CompletableFuture<Outcome> wakeUp = new CompletableFuture<>();
    done.whenComplete((outcome, never) -> wakeUp.complete(outcome));
    EngineClock.Timer timer = clock.schedule(() -> wakeUp.complete(null), nanosLeft);
    Outcome outcome;
    try {
      outcome = wakeUp.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.counters.inProgress.increment();
      throw new TaskInProgressException(
          "Task '"
              + task.definition.name()
              + "': interrupted while waiting for key '"
              + flight.key
              + "' in progress; nothing ran for this call.",
          e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a flight never completes exceptionally", e);
    } finally {
      timer.cancel();
    }
    if (outcome == null) {
      task.counters.inProgress.increment();
      throw waitTimedOut(task, flight.key);
    }
    return outcome;
  }

  /** The future an async duplicate gets: it completes with the flight's outcome, never blocking. */
  private CompletableFuture<Object> attach(BoundTask task, Flight flight) {
    CompletableFuture<Object> duplicate = new CompletableFuture<>();
    EngineClock.Timer timer =
        clock.schedule(
            () -> {
              if (duplicate.completeExceptionally(waitTimedOut(task, flight.key))) {
                task.counters.inProgress.increment();
              }
            },
            task.waitTimeoutNanos);
    flight.done.whenComplete(
        (outcome, never) -> {
          timer.cancel();
          Outcome settled = outcome;
          if (settled.kind == Outcome.Kind.ABANDONED) {
            Outcome remembered = local.get(flight.key);
            settled = remembered != null ? remembered : settled;
          }
          switch (settled.kind) {
            case SUCCESS:
              if (duplicate.complete(settled.value)) {
                task.counters.localHits.increment();
              }
              break;
            case FAILURE:
              if (duplicate.completeExceptionally(settled.failure)) {
                task.counters.localHits.increment();
              }
              break;
            default:
              // The async duplicate's own body was skipped when it attached, so it cannot run
              // the method now: it learns that nothing ran for it and may retry.
              if (duplicate.completeExceptionally(
                  new TaskInProgressException(
                      "Task '"
                          + task.definition.name()
                          + "': the call this one waited for (key '"
                          + flight.key
                          + "', attempt "
                          + flight.attempt
                          + ") failed and released the key; nothing ran for this call. Retry it:"
                          + " the next call runs the method again.",
                      settled.failure))) {
                task.counters.inProgress.increment();
              }
          }
        });
    return duplicate;
  }

  private static TaskInProgressException waitTimedOut(BoundTask task, String key) {
    return new TaskInProgressException(
        "Task '"
            + task.definition.name()
            + "': key '"
            + key
            + "' is still in progress after waiting "
            + format(task.definition.waitTimeout())
            + " (waitTimeout); nothing ran for this call. Retry later, or raise waitTimeout.");
  }

  private static Object skipValue(BoundTask task) {
    Object skip = task.definition.skipValue();
    if (skip == null && task.async) {
      return CompletableFuture.completedFuture(null);
    }
    return skip;
  }

  private static IdempotencyContext replayContext(IdempotencyContext running) {
    return new IdempotencyContext(
        running.taskName(), running.key(), running.fencingToken(), running.attempt(), true);
  }

  // ---------------------------------------------------------------------------------------------
  // Keys and fingerprints

  private static String deriveKey(TaskDefinition definition, Object[] args) {
    String body;
    try {
      body = definition.keyDeriver().derive(args);
    } catch (IdempotencyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KeyDerivationException(
          "Cannot derive the key of task '"
              + definition.name()
              + "' (key = \""
              + definition.keyTemplate()
              + "\"): the key deriver failed with "
              + e
              + ". Nothing ran.",
          e);
    }
    if (body == null) {
      throw new KeyDerivationException(
          "Cannot derive the key of task '"
              + definition.name()
              + "' (key = \""
              + definition.keyTemplate()
              + "\"): the key is null. Nothing ran.");
    }
    return body;
  }

  private static String fingerprint(TaskDefinition definition, String key, Object[] args) {
    if (definition.fingerprinter() == null) {
      return null;
    }
    try {
      return definition.fingerprinter().fingerprint(args);
    } catch (IdempotencyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KeyDerivationException(
          "Cannot compute the fingerprint of task '"
              + definition.name()
              + "' for key '"
              + key
              + "': "
              + e
              + ". Nothing ran.",
          e);
    }
  }

  /** Fingerprints are compared only when both calls have one. */
  private static void checkFingerprint(
      BoundTask task, String key, String fingerprint, String first) {
    if (fingerprint != null && first != null && !fingerprint.equals(first)) {
      task.counters.keyReuse.increment();
      throw new KeyReuseException(
          "Task '"
              + task.definition.name()
              + "': key '"
              + key
              + "' was already used for a request with another fingerprint; this call's"
              + " fingerprint differs, so nothing ran. Use a new key for a new request (the"
              + " Idempotency-Key 422 case).");
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String format(Duration duration) {
    return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  /** Creates an {@link Engine}. */
  public static final class Builder {
    private final Settings settings;
    private EngineClock clock;

    private Builder(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The clock for TTLs and wait timeouts; default {@link EngineClock#system()}. */
    public Builder clock(EngineClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Engine build() {
      return new Engine(this);
    }
  }
}
