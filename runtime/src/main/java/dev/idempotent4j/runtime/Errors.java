package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.runtime.spi.UnkeyableValueException;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.StoredFailure;
import java.time.Duration;
import java.util.Locale;

/**
 * Every message the engine gives a person, exception or log line, built in one place (as Lettuce's
 * {@code ExceptionFactory} does) so that the logic reads as logic and one situation is always told
 * in the same words. Each message says what happened, what ran (usually: nothing), and what to do.
 *
 * <pre>{@code
 * throw Errors.waitTimedOut(task, key);
 * LOG.log(Level.WARNING, Errors.leaseLost(task, key, fence, "SUCCESS"));
 * }</pre>
 */
final class Errors {

  private Errors() {}

  // ---------------------------------------------------------------------------------------------
  // In progress

  static TaskInProgressException reentrant(BoundTask task, String key) {
    return new TaskInProgressException(
        "Task '"
            + name(task)
            + "' called itself with its own key '"
            + key
            + "' from inside the running execution (thread "
            + Thread.currentThread().getName()
            + "): waiting for itself would deadlock, so the inner call fails. Give the inner"
            + " call another key, or call code that is not an idempotent task.");
  }

  /** {@code onInProgress = THROW} against a flight of this JVM. */
  static TaskInProgressException inProgressHere(BoundTask task, String key, int attempt) {
    return new TaskInProgressException(
        "Task '"
            + name(task)
            + "': key '"
            + key
            + "' is in progress (attempt "
            + attempt
            + " runs now); onInProgress = THROW, so this call did not wait and nothing ran."
            + " Retry later.");
  }

  /** {@code onInProgress = THROW} against another worker's claim. */
  static TaskInProgressException inProgressElsewhere(
      BoundTask task, String key, Duration leaseLeft) {
    return new TaskInProgressException(
        "Task '"
            + name(task)
            + "': key '"
            + key
            + "' is in progress in another worker (its lease ends in "
            + format(leaseLeft)
            + " unless renewed); onInProgress = THROW, so this call did not wait and nothing"
            + " ran. Retry later.");
  }

  static TaskInProgressException waitTimedOut(BoundTask task, String key) {
    return new TaskInProgressException(
        "Task '"
            + name(task)
            + "': key '"
            + key
            + "' is still in progress after waiting "
            + format(task.definition.waitTimeout())
            + " (waitTimeout); nothing ran for this call. Retry later, or raise waitTimeout.");
  }

  static TaskInProgressException interrupted(
      BoundTask task, String key, boolean elsewhere, InterruptedException cause) {
    return new TaskInProgressException(
        "Task '"
            + name(task)
            + "': interrupted while waiting for key '"
            + key
            + "' in progress"
            + (elsewhere ? " in another worker" : "")
            + "; nothing ran for this call.",
        cause);
  }

  /**
   * An async duplicate whose body was skipped when it attached learns that the execution it waited
   * for ended without an outcome.
   *
   * @param attempt the attempt waited for in this JVM, or 0 for one in another worker
   */
  static TaskInProgressException waitedForReleased(
      BoundTask task, String key, int attempt, Throwable cause) {
    return new TaskInProgressException(
        "Task '"
            + name(task)
            + "': the call this one waited for (key '"
            + key
            + (attempt > 0
                ? "', attempt " + attempt + ") failed and released the key"
                : "', in another worker) ended without an outcome and released the key")
            + "; nothing ran for this call. Retry it: the next call runs the method again.",
        cause);
  }

  // ---------------------------------------------------------------------------------------------
  // Keys and fingerprints

  static KeyReuseException keyReused(BoundTask task, String key, boolean inStore) {
    return new KeyReuseException(
        "Task '"
            + name(task)
            + "': key '"
            + key
            + "' was already used"
            + (inStore ? " (in the shared store)" : "")
            + " for a request with another fingerprint; this call's fingerprint differs, so"
            + " nothing ran. Use a new key for a new request (the Idempotency-Key 422 case).");
  }

  static KeyDerivationException keyDeriverFailed(TaskDefinition definition, RuntimeException e) {
    if (e instanceof UnkeyableValueException) {
      return new KeyDerivationException(
          cannotDerive(definition) + e.getMessage() + " Nothing ran.", e);
    }
    return new KeyDerivationException(
        cannotDerive(definition) + "the key deriver failed with " + e + ". Nothing ran.", e);
  }

  static KeyDerivationException keyIsNull(TaskDefinition definition) {
    return new KeyDerivationException(cannotDerive(definition) + "the key is null. Nothing ran.");
  }

  static KeyDerivationException fingerprintFailed(
      TaskDefinition definition, String key, RuntimeException e) {
    return new KeyDerivationException(
        "Cannot compute the fingerprint of task '"
            + definition.name()
            + "' for key '"
            + key
            + "': "
            + e
            + ". Nothing ran.",
        e);
  }

  private static String cannotDerive(TaskDefinition definition) {
    return "Cannot derive the key of task '"
        + definition.name()
        + "' (key = \""
        + definition.keyTemplate()
        + "\"): ";
  }

  // ---------------------------------------------------------------------------------------------
  // The shared store

  static IdempotencyConfigurationException noCodec(BoundTask task) {
    return new IdempotencyConfigurationException(
        "Task '"
            + name(task)
            + "' ("
            + task.definition.method()
            + ") has no result codec, so its result cannot be stored in the shared tier for"
            + " other JVMs to replay; nothing ran. Give it one: Idempotency.task(\""
            + name(task)
            + "\").codec(Codecs.string()) (see dev.idempotent4j.runtime.codec.Codecs;"
            + " Codecs.voidResult() for a body that returns nothing), or compile the method"
            + " with the idempotent4j processor, which generates it.");
  }

  static CorruptRecordException undecodable(
      BoundTask task, String key, String json, RuntimeException e) {
    return new CorruptRecordException(
        key,
        "Task '"
            + name(task)
            + "': the result stored under key '"
            + key
            + "' does not decode as the return type of "
            + task.definition.method()
            + " ("
            + e.getMessage()
            + "), for example after an incompatible change of that type. idempotent4j left"
            + " the record untouched and did not run the task. Inspect it with redis-cli"
            + " (HGETALL '{"
            + key
            + "}') and delete it if it is stale: "
            + (json.length() <= 200 ? json : json.substring(0, 200) + "..."),
        e);
  }

  static TaskFailedException replayedFailure(BoundTask task, String key, StoredFailure failure) {
    return new TaskFailedException(
        "Task '"
            + name(task)
            + "': key '"
            + key
            + "' already failed with a cached failure, replayed from the shared store: "
            + failure.type()
            + (failure.message() == null || failure.message().isEmpty()
                ? ""
                : ": " + failure.message())
            + ". Nothing ran; the original exception cannot cross JVMs, so only its type and"
            + " message are shown.");
  }

  static String failOpen(BoundTask task, String key, RuntimeException cause, Duration period) {
    return "idempotent4j: the shared store is unavailable ("
        + cause.getMessage()
        + "); fail-mode = open, so task '"
        + name(task)
        + "' key '"
        + key
        + "' runs without the shared check and may run again elsewhere. Further fail-open"
        + " runs are counted (failOpenRuns) and logged at most every "
        + period.toMinutes()
        + " minute(s).";
  }

  static String recordingFailed(BoundTask task, String key, Outcome.Kind kind, Exception e) {
    return "idempotent4j: task '"
        + name(task)
        + "' key '"
        + key
        + "': recording the outcome ("
        + kind
        + ") in the shared store failed, so other workers may run the key again when its"
        + " lease runs out: "
        + e.getMessage();
  }

  static String leaseLost(BoundTask task, String key, Fence fence, Outcome.Kind kind) {
    return "idempotent4j: task '"
        + name(task)
        + "' key '"
        + key
        + "': attempt "
        + fence.attempt()
        + " (fencing token "
        + fence.token()
        + ") lost its lease before it finished (it ran longer than its lease without"
        + " renewal: a pause, or Redis unreachable), and another worker may have taken the"
        + " key over. Its outcome ("
        + kind
        + ") was not recorded; the stored outcome is the new owner's. The caller still"
        + " gets what this attempt computed. Raise the task's lease if this repeats.";
  }

  static String overran(String task, String key, Fence fence, Duration lease) {
    return "idempotent4j: task '"
        + task
        + "' key '"
        + key
        + "': attempt "
        + fence.attempt()
        + " (fencing token "
        + fence.token()
        + ") still runs past the task's maximum run time (maxRunTime, setting max-run-time), so"
        + " its lease is no longer renewed: in "
        + format(lease)
        + " another worker may take the key over, and this attempt's outcome is then refused."
        + " If the task is not hung but slow, raise its maxRunTime.";
  }

  // ---------------------------------------------------------------------------------------------
  // Outcomes that cannot be kept

  static String codecFailedShared(BoundTask task, String key, Object value) {
    return "Task "
        + name(task)
        + ": the result codec failed on "
        + value
        + "; the outcome cannot be shared, so key "
        + key
        + " is released and may run again";
  }

  static String codecFailedLocal(BoundTask task, Object value) {
    return "Task "
        + name(task)
        + ": the result codec failed on "
        + value
        + "; duplicates get the first caller's instance";
  }

  static String nullFuture(BoundTask task, String key) {
    return "Task '"
        + name(task)
        + "' returned null instead of a future for key '"
        + key
        + "'; no outcome to remember, so the key is released and the next call runs the method"
        + " again. Return a future (CompletableFuture.completedFuture(null) for no value).";
  }

  // ---------------------------------------------------------------------------------------------
  // Operations (show, list, release)

  /** The engine runs without a shared store, or with one that offers no operations. */
  static IllegalStateException noStoreOperations(String store) {
    return new IllegalStateException(
        store == null
            ? "idempotent4j runs without a shared store (the local tier alone), so there is no"
                + " record to show or list. Set idempotent4j.redis (or idempotent4j.jdbc)."
            : "The shared store "
                + store
                + " offers no operations (show, list, release): it does not implement"
                + " SharedStore.operations().");
  }

  static IllegalArgumentException emptyOperationsKey(String task) {
    return new IllegalArgumentException(
        "The key of task '"
            + task
            + "' is empty: give the key as the task's key text (what follows prefix:"
            + task
            + ":), e.g. order-42.");
  }

  static String observerFailed(IdempotencyObserver observer) {
    return "idempotent4j: the observer "
        + observer
        + " threw; the call went on unaffected. Logged once for this observer: fix it, or close"
        + " its registration (Idempotency.observe).";
  }

  /** {@code PT30S} as {@code 30s}. */
  static String format(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static String name(BoundTask task) {
    return task.definition.name();
  }
}
