package dev.idempotent4j.runtime.internal;

import dev.idempotent4j.runtime.CorruptRecordException;
import dev.idempotent4j.runtime.IdempotencyContext;
import dev.idempotent4j.runtime.IdempotencyException;
import dev.idempotent4j.runtime.IdempotencyMetrics;
import dev.idempotent4j.runtime.KeyDerivationException;
import dev.idempotent4j.runtime.KeyReuseException;
import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.TaskFailedException;
import dev.idempotent4j.runtime.TaskInProgressException;
import dev.idempotent4j.runtime.TaskMetrics;
import dev.idempotent4j.runtime.spi.Replay;
import dev.idempotent4j.runtime.spi.ResultCodec;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoredFailure;
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
import java.util.concurrent.atomic.AtomicReference;

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

  /** A wait for another worker's lease claims again just after the lease would run out. */
  private static final long POLL_MARGIN_NANOS = 5_000_000L;

  private final Settings settings;
  private final EngineClock clock;
  private final LocalTier local;
  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TaskCounters> counters = new ConcurrentHashMap<>();

  /** The shared store and its helpers, or null on the embedded default (local tier only). */
  private final SharedTier shared;

  private Engine(Builder builder) {
    this.settings = builder.settings;
    this.clock = builder.clock != null ? builder.clock : EngineClock.system();
    this.local = new LocalTier(settings.localMaxSize(), clock);
    this.shared =
        builder.store == null ? null : new SharedTier(builder.store, clock, settings.failMode());
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
   * @throws TaskInProgressException if the key is in progress and the call may not (or did not long
   *     enough) wait, or the call is a reentrant call of the key
   * @throws RuntimeException a cached failure, rethrown as it was (checked ones too, unchecked by
   *     the compiler), for a synchronous task
   */
  public Object enter(BoundTask task, Object[] args) {
    Frames frames = Frames.onThisThread();
    frames.clearLastCall();
    TaskDefinition definition = task.definition;
    String key = deriveKey(task, args);
    String fingerprint = fingerprint(definition, key, args);
    if (frames.running(key)) {
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
        return replay(frames, task, key, fingerprint, completed);
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
            return replay(frames, task, key, fingerprint, late);
          }
          if (late != null && late.attempt >= mine.attempt) {
            // A release slipped in between as well: number this attempt after it.
            abandon(mine);
            continue;
          }
          return claim(task, mine, waited, waitDeadline);
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
          frames.setLastCall(replayContext(flight.context));
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
            frames.setLastCall(replayContext(flight.context));
            return Replay.of(attach(task, flight));
          }
          Outcome outcome = await(task, flight, waitDeadline - clock.nanoTime());
          if (outcome.isFinal()) {
            return replay(frames, task, key, fingerprint, outcome);
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
          Level.ERROR,
          "idempotent4j failed to record an outcome; releasing the key " + execution.flight.key,
          bug);
      execution.engine.settle(
          execution, Outcome.released(execution.flight, bug, execution.task.ttlNanos));
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

  /** Tests: the renewer of the shared tier's leases, or null without a shared store. */
  LeaseRenewer leaseRenewer() {
    return shared == null ? null : shared.renewer;
  }

  // ---------------------------------------------------------------------------------------------
  // Claiming and running

  /**
   * The winner of the in-JVM single flight claims the key.
   *
   * <p>On the embedded default this JVM is the authority: the key is ours, fenced by a per-JVM
   * token. With a {@link SharedStore}, the claim goes to the store, once per JVM and key however
   * many local duplicates wait behind this flight, and its answer decides the flight ({@link
   * #decide}).
   *
   * @param waited whether this call already waited (for a local flight); {@code waitDeadline} is
   *     then its deadline: waitTimeout bounds the whole call
   */
  private Object claim(BoundTask task, Flight flight, boolean waited, long waitDeadline) {
    if (shared == null) {
      return run(task, flight, null);
    }
    ClaimRequest request = null;
    try {
      SharedTier.checkShareable(task);
      request = shared.request(task, flight);
      return decide(task, flight, request, shared.store.claim(request), waited, waitDeadline);
    } catch (StoreUnavailableException e) {
      task.counters.storeErrors.increment();
      if (shared.failMode == Settings.FailMode.OPEN && request != null) {
        shared.warnFailOpen(task, flight.key, e);
        task.counters.failOpenRuns.increment();
        return run(task, flight, null);
      }
      abandon(flight);
      throw e;
    } catch (CorruptRecordException e) {
      task.counters.storeErrors.increment();
      abandon(flight);
      throw e;
    } catch (RuntimeException | Error e) {
      abandon(flight); // local duplicates of this flight look again
      throw e;
    }
  }

  /**
   * Acts on the store's answer to the claim of {@code flight}:
   *
   * <ul>
   *   <li>{@code Claimed}: run under the store's fence (its token and attempt replace the local
   *       ones) with the lease renewed in the background; a takeover is counted.
   *   <li>{@code Completed}/{@code Failed}: another worker's final outcome: decoded (a failure
   *       replays as {@link TaskFailedException}), put in the local tier for the local waiters and
   *       later calls, and replayed ({@code sharedHits}).
   *   <li>{@code InProgress}: THROW and SKIP as for a local flight; WAIT listens for a change and
   *       polls, claiming again until the outcome arrives, the key is free (after a release or a
   *       lapsed lease: then this call runs it), or waitTimeout passes.
   *   <li>{@code KeyReused}: {@link KeyReuseException}.
   * </ul>
   */
  private Object decide(
      BoundTask task,
      Flight flight,
      ClaimRequest request,
      Claim claim,
      boolean waited,
      long waitDeadline) {
    if (claim instanceof Claim.Claimed) {
      Claim.Claimed claimed = (Claim.Claimed) claim;
      Fence fence = claimed.fence();
      flight.fence(fence.token(), fence.attempt());
      flight.tentative = claimed.tentative(); // see settle
      if (claimed.takeover()) {
        task.counters.takeovers.increment();
        LOG.log(
            Level.INFO,
            "idempotent4j: task ''{0}'' key ''{1}'': took over from a worker whose lease ran out"
                + " (attempt {2})",
            task.definition.name(),
            flight.key,
            fence.attempt());
      }
      LeaseRenewer.Held held =
          shared.renewer.register(flight.key, fence, task.definition.lease(), task.counters);
      return run(task, flight, held);
    }
    if (claim instanceof Claim.Completed) {
      Object value = SharedTier.decode(task, flight.key, ((Claim.Completed) claim).resultJson());
      Outcome outcome = Outcome.success(flight, value, task.ttlNanos);
      settleLocally(flight, outcome);
      return replayShared(task, outcome);
    }
    if (claim instanceof Claim.Failed) {
      StoredFailure failure = ((Claim.Failed) claim).failure();
      Outcome outcome =
          Outcome.failure(flight, SharedTier.replayed(task, flight.key, failure), task.ttlNanos);
      settleLocally(flight, outcome);
      return replayShared(task, outcome);
    }
    if (claim instanceof Claim.KeyReused) {
      abandon(flight);
      task.counters.keyReuse.increment();
      throw new KeyReuseException(
          "Task '"
              + task.definition.name()
              + "': key '"
              + flight.key
              + "' was already used (in the shared store) for a request with another"
              + " fingerprint; this call's fingerprint differs, so nothing ran. Use a new key for"
              + " a new request (the Idempotency-Key 422 case).");
    }
    Claim.InProgress inProgress = (Claim.InProgress) claim;
    switch (task.definition.onInProgress()) {
      case THROW:
        abandon(flight);
        task.counters.inProgress.increment();
        throw new TaskInProgressException(
            "Task '"
                + task.definition.name()
                + "': key '"
                + flight.key
                + "' is in progress in another worker (its lease ends in "
                + format(inProgress.timeLeft())
                + " unless renewed); onInProgress = THROW, so this call did not wait and nothing"
                + " ran. Retry later.");
      case SKIP:
        abandon(flight);
        task.counters.skips.increment();
        Frames.onThisThread().setLastCall(replayContext(flight.context));
        return Replay.of(skipValue(task));
      case WAIT:
      default:
        long deadline = waitDeadline;
        if (!waited) {
          task.counters.waits.increment();
          deadline = clock.nanoTime() + task.waitTimeoutNanos;
        }
        if (task.async) {
          return Replay.of(awaitSharedAsync(task, flight, request, deadline));
        }
        Claim next = awaitShared(task, flight, request, deadline);
        return decide(task, flight, request, next, true, deadline);
    }
  }

  /**
   * Waits, blocking (parked, never pinned), until the claim of {@code request} is answered with
   * something other than in progress: registers for change notifications first, then claims again
   * on each notification and on each poll tick (at the end of the other worker's lease, and at
   * least every {@link SharedTier#POLL_INTERVAL}).
   *
   * @throws TaskInProgressException if {@code deadline} passes first, or the thread is interrupted
   */
  private Claim awaitShared(BoundTask task, Flight flight, ClaimRequest request, long deadline) {
    AtomicReference<CompletableFuture<Void>> wake =
        new AtomicReference<>(new CompletableFuture<>());
    AutoCloseable subscription = subscribe(flight.key, () -> wake.get().complete(null));
    try {
      while (true) {
        CompletableFuture<Void> current = wake.get();
        Claim claim = shared.store.claim(request);
        if (!(claim instanceof Claim.InProgress)) {
          return claim;
        }
        long left = deadline - clock.nanoTime();
        if (left <= 0) {
          task.counters.inProgress.increment();
          throw waitTimedOut(task, flight.key);
        }
        long leaseLeft = ((Claim.InProgress) claim).timeLeft().toNanos() + POLL_MARGIN_NANOS;
        long poll = Math.min(left, Math.min(leaseLeft, SharedTier.POLL_INTERVAL.toNanos()));
        EngineClock.Timer timer = clock.schedule(() -> current.complete(null), poll);
        try {
          park(task, flight.key, current, " in another worker");
        } finally {
          timer.cancel();
        }
        // A new future before the next claim: a change after that claim wakes the next wait.
        wake.set(new CompletableFuture<>());
      }
    } finally {
      closeQuietly(subscription);
    }
  }

  /**
   * An async call that must wait for another worker gets a future at once; the wait runs on a
   * thread of its own. The call's body was skipped, so if the key comes free meanwhile it cannot
   * run it: the claim it got is released and the future fails with {@link TaskInProgressException}
   * (nothing ran for it; a retry runs the method).
   */
  private CompletableFuture<Object> awaitSharedAsync(
      BoundTask task, Flight flight, ClaimRequest request, long deadline) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    shared.waitAsync(
        () -> {
          try {
            Claim claim = awaitShared(task, flight, request, deadline);
            if (claim instanceof Claim.Claimed) {
              abandon(flight);
              shared.store.release(flight.key, ((Claim.Claimed) claim).fence());
              task.counters.inProgress.increment();
              result.completeExceptionally(
                  new TaskInProgressException(
                      "Task '"
                          + task.definition.name()
                          + "': the call this one waited for (key '"
                          + flight.key
                          + "', in another worker) ended without an outcome and released the"
                          + " key; nothing ran for this call. Retry it: the next call runs the"
                          + " method again."));
              return;
            }
            Object replayed = decide(task, flight, request, claim, true, deadline);
            @SuppressWarnings("unchecked")
            CompletableFuture<Object> future =
                (CompletableFuture<Object>) ((Replay) replayed).value();
            future.whenComplete(
                (value, failure) -> {
                  if (failure != null) {
                    result.completeExceptionally(failure);
                  } else {
                    result.complete(value);
                  }
                });
          } catch (StoreUnavailableException | CorruptRecordException e) {
            task.counters.storeErrors.increment();
            abandon(flight);
            result.completeExceptionally(e);
          } catch (RuntimeException | Error e) {
            abandon(flight);
            result.completeExceptionally(e);
          }
        });
    return result;
  }

  /** Best effort: without a subscription the wait polls. */
  private AutoCloseable subscribe(String key, Runnable listener) {
    try {
      return shared.store.onChange(key, listener);
    } catch (RuntimeException e) {
      LOG.log(
          Level.DEBUG,
          "idempotent4j: no change notifications for key ''{0}'' ({1}); polling instead",
          key,
          e.getMessage());
      return () -> {};
    }
  }

  private static void closeQuietly(AutoCloseable subscription) {
    try {
      subscription.close();
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "idempotent4j: closing a change subscription failed", e);
    }
  }

  private Object run(BoundTask task, Flight flight, LeaseRenewer.Held held) {
    task.counters.executed.increment();
    return new Execution(this, task, flight, held, Frames.onThisThread().push(flight.context));
  }

  /** The handle of a running execution, returned by {@link #enter} and passed to {@link #exit}. */
  static final class Execution {
    final Engine engine;
    final BoundTask task;
    final Flight flight;

    /** The shared store's claim of this execution, or null when it runs on this JVM's word. */
    final LeaseRenewer.Held held;

    final Frames.Frame frame;

    Execution(
        Engine engine, BoundTask task, Flight flight, LeaseRenewer.Held held, Frames.Frame frame) {
      this.engine = engine;
      this.task = task;
      this.flight = flight;
      this.held = held;
      this.frame = frame;
    }

    Object finish(Object returned, Throwable thrown) {
      frame.leave();
      if (thrown != null) {
        engine.failed(this, thrown);
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
          engine.settle(this, Outcome.released(flight, null, task.ttlNanos));
          task.counters.releases.increment();
          return null;
        }
        return engine.whenSettled(this, (CompletionStage<?>) returned);
      }
      engine.succeeded(this, returned);
      return returned;
    }

    @Override
    public String toString() {
      return "Execution[" + flight.key + " attempt " + flight.attempt + "]";
    }
  }

  /**
   * The first caller of an async task gets a future that completes with its own value (or failure)
   * once the outcome is recorded, so that a call made after that future completed is always a
   * duplicate hit, never a second wait.
   */
  private CompletableFuture<Object> whenSettled(Execution execution, CompletionStage<?> stage) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          Runnable settleThenComplete =
              () -> {
                try {
                  if (failure != null) {
                    failed(execution, failure);
                  } else {
                    succeeded(execution, value);
                  }
                } catch (RuntimeException | Error bug) {
                  LOG.log(Level.ERROR, "idempotent4j failed to record an async outcome", bug);
                  settle(
                      execution, Outcome.released(execution.flight, bug, execution.task.ttlNanos));
                }
                if (failure != null) {
                  result.completeExceptionally(failure);
                } else {
                  result.complete(value);
                }
              };
          if (execution.held != null) {
            // Recording in the store waits for a round trip: not on the thread that completed
            // the future, which may be an event loop of the application's.
            shared.offCaller(settleThenComplete);
          } else {
            settleThenComplete.run();
          }
        });
    return result;
  }

  private void succeeded(Execution execution, Object value) {
    BoundTask task = execution.task;
    @SuppressWarnings("unchecked")
    ResultCodec<Object> codec = (ResultCodec<Object>) task.definition.codec();
    String json = null;
    Object forDuplicates = value;
    if (codec != null || execution.held != null) {
      try {
        json = SharedTier.encode(task, value);
        // Duplicates get an immutable copy decoded from the value's own encoding, made once.
        forDuplicates = codec == null ? value : codec.decode(json);
      } catch (RuntimeException e) {
        if (execution.held != null) {
          // Nothing to store for other JVMs: give the key up rather than leave it claimed.
          LOG.log(
              Level.ERROR,
              "Task "
                  + task.definition.name()
                  + ": the result codec failed on "
                  + value
                  + "; the outcome cannot be shared, so key "
                  + execution.flight.key
                  + " is released and may run again",
              e);
          task.counters.releases.increment();
          settle(execution, Outcome.released(execution.flight, e, task.ttlNanos));
          return;
        }
        LOG.log(
            Level.WARNING,
            "Task "
                + task.definition.name()
                + ": the result codec failed on "
                + value
                + "; duplicates get the first caller's instance",
            e);
      }
    }
    settle(execution, Outcome.success(execution.flight, forDuplicates, task.ttlNanos), json);
  }

  private void failed(Execution execution, Throwable thrown) {
    BoundTask task = execution.task;
    Flight flight = execution.flight;
    Throwable failure = task.async ? unwrap(thrown) : thrown;
    if (task.definition.isCachedFailure(failure)) {
      task.counters.cachedFailures.increment();
      LOG.log(
          Level.DEBUG,
          "Task {0} key {1}: cached failure {2}",
          task.definition.name(),
          flight.key,
          failure);
      settle(execution, Outcome.failure(flight, failure, task.ttlNanos));
    } else {
      task.counters.releases.increment();
      LOG.log(
          Level.DEBUG,
          "Task {0} key {1}: attempt {2} failed with {3}; key released for a retry",
          task.definition.name(),
          flight.key,
          flight.attempt,
          failure);
      settle(execution, Outcome.released(flight, failure, task.ttlNanos));
    }
  }

  private void settle(Execution execution, Outcome outcome) {
    settle(execution, outcome, null);
  }

  /**
   * Ends an execution: the outcome goes to the shared store first ({@code complete}, {@code fail}
   * or {@code release}, fenced by the claim), then to the local tier, then the flight leaves the
   * table, then its waiters are woken. In this order a caller that no longer finds the flight
   * always finds the outcome.
   *
   * <p>If the claim's lease was lost (the renewer or the store says so), nothing is written and the
   * outcome is not kept here either: the key belongs to another worker, whose outcome is the one
   * that counts, so local waiters claim again. The caller still gets the value it computed.
   *
   * @param json the encoded result of a success with a shared claim, else null
   */
  private void settle(Execution execution, Outcome outcome, String json) {
    Flight flight = execution.flight;
    LeaseRenewer.Held held = execution.held;
    if (held != null && !record(execution, outcome, json)) {
      abandon(flight);
      return;
    }
    if (flight.tentative) {
      // Recorded in a transaction the application has not committed (JdbcTransaction.join): a
      // rollback undoes it, so it is neither remembered here nor handed to the local waiters.
      // They look again and meet the store, which answers them once the transaction ended.
      abandon(flight);
      return;
    }
    settleLocally(flight, outcome);
  }

  /**
   * Writes {@code outcome} to the shared store.
   *
   * @return false if the claim was lost (nothing was written)
   */
  private boolean record(Execution execution, Outcome outcome, String json) {
    BoundTask task = execution.task;
    Flight flight = execution.flight;
    LeaseRenewer.Held held = execution.held;
    Fence fence = held.lease.fence();
    shared.renewer.finish(held);
    SharedStore.Completion completion;
    if (held.lost()) {
      completion = SharedStore.Completion.LEASE_LOST; // not even sent: the store would refuse it
    } else {
      try {
        switch (outcome.kind) {
          case SUCCESS:
            completion = shared.store.complete(flight.key, fence, json, task.definition.ttl());
            break;
          case FAILURE:
            completion =
                shared.store.fail(
                    flight.key, fence, SharedTier.stored(outcome.failure), task.definition.ttl());
            break;
          default:
            completion = shared.store.release(flight.key, fence);
        }
      } catch (RuntimeException e) {
        // Unknown whether it was written; this JVM keeps its outcome, other JVMs may run the key
        // again once the lease runs out.
        task.counters.storeErrors.increment();
        LOG.log(
            Level.WARNING,
            "idempotent4j: task '"
                + task.definition.name()
                + "' key '"
                + flight.key
                + "': recording the outcome ("
                + outcome.kind
                + ") in the shared store failed, so other workers may run the key again when its"
                + " lease runs out: "
                + e.getMessage(),
            e);
        return true;
      }
    }
    if (completion == SharedStore.Completion.LEASE_LOST) {
      task.counters.lostLeases.increment();
      LOG.log(
          Level.WARNING,
          "idempotent4j: task '"
              + task.definition.name()
              + "' key '"
              + flight.key
              + "': attempt "
              + fence.attempt()
              + " (fencing token "
              + fence.token()
              + ") lost its lease before it finished (it ran longer than its lease without"
              + " renewal: a pause, or Redis unreachable), and another worker may have taken the"
              + " key over. Its outcome ("
              + outcome.kind
              + ") was not recorded; the stored outcome is the new owner's. The caller still"
              + " gets what this attempt computed. Raise the task's lease if this repeats.");
      return false;
    }
    return true;
  }

  /**
   * Ends a flight in this JVM: the outcome goes to the local tier first, then the flight leaves the
   * table, then its waiters are woken.
   */
  private void settleLocally(Flight flight, Outcome outcome) {
    local.put(flight.key, outcome);
    flights.remove(flight.key, flight);
    flight.done.complete(outcome);
  }

  /** A final outcome that another worker stored, replayed to the leader of this JVM's flight. */
  private Object replayShared(BoundTask task, Outcome outcome) {
    task.counters.sharedHits.increment();
    return handOver(Frames.onThisThread(), task, outcome);
  }

  /** Gives up a flight that has no outcome here; its waiters look again. */
  private void abandon(Flight flight) {
    flights.remove(flight.key, flight);
    flight.done.complete(Outcome.ABANDONED);
  }

  // ---------------------------------------------------------------------------------------------
  // Duplicates

  private Object replay(
      Frames frames, BoundTask task, String key, String fingerprint, Outcome outcome) {
    checkFingerprint(task, key, fingerprint, outcome.fingerprint);
    task.counters.localHits.increment();
    return handOver(frames, task, outcome);
  }

  /**
   * Hands a final outcome to a duplicate: the value (a prebuilt {@link Replay}, or a completed
   * future for async tasks), or the cached failure rethrown (failed future for async tasks).
   */
  private static Object handOver(Frames frames, BoundTask task, Outcome outcome) {
    frames.setLastCall(outcome.replayContext);
    if (outcome.kind == Outcome.Kind.FAILURE) {
      if (task.async) {
        return Replay.of(CompletableFuture.failedFuture(outcome.failure));
      }
      throw Sneaky.rethrow(outcome.failure);
    }
    return task.async
        ? Replay.of(CompletableFuture.completedFuture(outcome.value))
        : outcome.replay;
  }

  /**
   * Parks (never pins) until {@code wakeUp} completes; an interrupt ends the wait with {@link
   * TaskInProgressException} and keeps the thread's interrupt flag.
   */
  private static <T> T park(BoundTask task, String key, CompletableFuture<T> wakeUp, String where) {
    try {
      return wakeUp.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.counters.inProgress.increment();
      throw new TaskInProgressException(
          "Task '"
              + task.definition.name()
              + "': interrupted while waiting for key '"
              + key
              + "' in progress"
              + where
              + "; nothing ran for this call.",
          e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("wake-ups never complete exceptionally", e);
    }
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
      outcome = park(task, flight.key, wakeUp, "");
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

  private static String deriveKey(BoundTask task, Object[] args) {
    TaskDefinition definition = task.definition;
    String key;
    try {
      key = definition.keyDeriver().derive(task.keyHead, args);
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
    if (key == null) {
      throw new KeyDerivationException(
          "Cannot derive the key of task '"
              + definition.name()
              + "' (key = \""
              + definition.keyTemplate()
              + "\"): the key is null. Nothing ran.");
    }
    return Keys.bounded(key);
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
    private SharedStore store;

    private Builder(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The clock for TTLs and wait timeouts; default {@link EngineClock#system()}. */
    public Builder clock(EngineClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The shared store (Redis) that claims keys for the whole application; default none (the local
     * tier alone). The engine closes it on {@link Engine#close()}.
     */
    public Builder store(SharedStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public Engine build() {
      return new Engine(this);
    }
  }
}
