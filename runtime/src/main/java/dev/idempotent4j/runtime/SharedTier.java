package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.ResultCodec;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoredFailure;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's side of a {@link SharedStore}: who this worker is, the lease renewer, how results
 * and cached failures become store text and back (and how large a result it stores), and the
 * rate-limited fail-open warning. The decisions are {@link ClaimLoop}'s and {@link
 * OutcomeRecorder}'s.
 *
 * <pre>{@code
 * SharedTier shared = new SharedTier(store, clock, settings);
 * Claim claim = shared.store.claim(shared.request(task, flight));
 * }</pre>
 */
final class SharedTier implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  /** At most one fail-open warning per task in this period; the counter shows every run. */
  static final Duration FAIL_OPEN_WARNING_PERIOD = Duration.ofMinutes(1);

  /** Threads for the store round trips of async calls (see the constructor). */
  static final int ROUND_TRIP_THREADS = Math.max(4, Runtime.getRuntime().availableProcessors());

  final SharedStore store;
  final LeaseRenewer renewer;
  final Settings.FailMode failMode;
  final String owner;
  final EngineClock clock;
  final ResultSizeLimit resultLimit;
  private final AtomicLong nextFailOpenWarning;
  private final ExecutorService asyncWork;

  SharedTier(SharedStore store, EngineClock clock, Settings settings) {
    this.store = store;
    this.clock = clock;
    this.failMode = settings.failMode();
    this.resultLimit = new ResultSizeLimit(settings.maxResultSize());
    this.renewer = new LeaseRenewer(store, clock);
    this.owner = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.nextFailOpenWarning = new AtomicLong(clock.nanoTime());
    // Bounded: each task is a round trip (an async wait's claim, an async outcome's write with its
    // retries while the lease lives), never a wait for a key, so a few threads serve any number
    // of waiting keys; the threads leave when idle.
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            ROUND_TRIP_THREADS,
            ROUND_TRIP_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "idempotent4j-shared-async");
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    this.asyncWork = executor;
  }

  /**
   * Runs {@code work} (which waits for the store) on a thread of the shared tier; on the calling
   * thread once the engine is closed.
   */
  void offCaller(Runnable work) {
    try {
      asyncWork.execute(work);
    } catch (RejectedExecutionException closed) {
      work.run();
    }
  }

  /** The claim of {@code flight}'s key; the fingerprint is stored as its SHA-256, never as text. */
  ClaimRequest request(BoundTask task, Flight flight) {
    return new ClaimRequest(
        flight.key,
        flight.fingerprint == null ? null : KeyDerivation.stored(flight.fingerprint),
        owner,
        task.definition.lease(),
        task.definition.ttl());
  }

  /**
   * Refuses, before anything runs, a task whose result cannot cross JVMs: one that returns a value
   * but has no codec.
   */
  static void checkShareable(BoundTask task) {
    if (task.definition.codec() == null && task.definition.returnKind() != ReturnKind.VOID) {
      throw Errors.noCodec(task);
    }
  }

  /** The store text of a successful result. */
  static String encode(BoundTask task, Object value) {
    @SuppressWarnings("unchecked")
    ResultCodec<Object> codec = (ResultCodec<Object>) task.definition.codec();
    return codec == null ? "null" : codec.encode(value);
  }

  /**
   * The result stored under {@code key}, decoded as the task's return type.
   *
   * @throws CorruptRecordException if it does not decode; the record is left as it is
   */
  static Object decode(BoundTask task, String key, String json) {
    ResultCodec<?> codec = task.definition.codec();
    try {
      if (codec == null) {
        if (!"null".equals(json)) {
          throw new IllegalArgumentException("a void task's result must be null");
        }
        return null;
      }
      return codec.decode(json);
    } catch (RuntimeException e) {
      throw Errors.undecodable(task, key, json, e);
    }
  }

  /** A cached failure as text for the store: its class name and message, nothing to load. */
  static StoredFailure stored(Throwable failure) {
    return new StoredFailure(failure.getClass().getName(), failure.getMessage());
  }

  /** Logs a fail-open run, at most once per {@link #FAIL_OPEN_WARNING_PERIOD}. */
  void warnFailOpen(BoundTask task, String key, RuntimeException cause) {
    long now = clock.nanoTime();
    long next = nextFailOpenWarning.get();
    if (now - next >= 0
        && nextFailOpenWarning.compareAndSet(next, now + FAIL_OPEN_WARNING_PERIOD.toNanos())) {
      LOG.log(Level.WARNING, Errors.failOpen(task, key, cause, FAIL_OPEN_WARNING_PERIOD));
    }
  }

  @Override
  public void close() {
    renewer.close();
    asyncWork.shutdownNow();
    store.close();
  }
}
