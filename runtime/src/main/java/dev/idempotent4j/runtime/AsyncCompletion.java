package dev.idempotent4j.runtime;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Ends the execution of an async task when its future completes, not when the method returns. The
 * first caller gets a future that completes with its own value (or failure) once the outcome is
 * recorded, so that a call made after that future completed is always a duplicate hit, never a
 * second wait.
 *
 * <pre>{@code
 * CompletableFuture<Object> forCaller = AsyncCompletion.whenSettled(execution, stage);
 * }</pre>
 */
final class AsyncCompletion {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  private AsyncCompletion() {}

  static CompletableFuture<Object> whenSettled(Execution execution, CompletionStage<?> stage) {
    OutcomeRecorder recorder = execution.recorder;
    CompletableFuture<Object> result = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          Runnable settleThenComplete =
              () -> {
                try {
                  if (failure != null) {
                    recorder.failed(execution, failure);
                  } else {
                    recorder.succeeded(execution, value);
                  }
                } catch (RuntimeException | Error bug) {
                  LOG.log(Level.ERROR, "idempotent4j failed to record an async outcome", bug);
                  recorder.released(execution, bug);
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
            recorder.offCaller(settleThenComplete);
          } else {
            settleThenComplete.run();
          }
        });
    return result;
  }
}
