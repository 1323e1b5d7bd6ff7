package dev.idempotent4j.http;

import dev.idempotent4j.runtime.KeyReuseException;
import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.TaskInProgressException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A duplicate that waits for the first request's response without holding a request thread: the
 * request goes async and the engine's non-blocking wait ({@code Task.runAsync}) completes it with
 * the stored response, a {@code 422}, or, when the wait ends without one (timeout, or the first
 * request released its key), a {@code 409} with {@code Retry-After}.
 *
 * <p>If the key is free by the time the wait claims it, the waiter does not run the handler (it has
 * left the container's thread): it gives the claim back at once and answers {@code 409}, so the
 * client's retry runs it.
 */
final class AsyncWait {

  private static final System.Logger LOG = System.getLogger(AsyncWait.class.getName());

  private AsyncWait() {}

  // whenComplete's own stage is dropped: the callback answers every outcome and logs its failures
  @SuppressWarnings("FutureReturnValueIgnored")
  static void start(Exchange exchange, String scoped, String fingerprint) throws IOException {
    Protection protection = exchange.protection();
    AsyncContext async = exchange.request().startAsync(exchange.request(), exchange.response());
    // The engine ends the wait itself at waitTimeout; the container's timeout is only a backstop.
    async.setTimeout(protection.waitTimeout.toMillis() + 5_000);
    AtomicBoolean answered = new AtomicBoolean();
    async.addListener(
        new AsyncListener() {
          @Override
          public void onTimeout(AsyncEvent event) throws IOException {
            answer(exchange, async, answered, null, new TaskInProgressException("timed out"));
          }

          @Override
          public void onComplete(AsyncEvent event) {}

          @Override
          public void onError(AsyncEvent event) {}

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
    CompletableFuture<StoredResponse> outcome;
    try {
      outcome =
          protection.waiting.runAsync(
              scoped,
              fingerprint,
              () -> CompletableFuture.<StoredResponse>failedFuture(new Exchange.Released()));
    } catch (RuntimeException e) {
      answer(exchange, async, answered, null, e);
      return;
    }
    outcome.whenComplete(
        (stored, failure) -> {
          try {
            answer(exchange, async, answered, stored, failure);
          } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "idempotent4j: answering a waiting duplicate failed", e);
          }
        });
  }

  private static void answer(
      Exchange exchange,
      AsyncContext async,
      AtomicBoolean answered,
      StoredResponse stored,
      Throwable failure)
      throws IOException {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    try {
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      if (cause == null) {
        exchange.replay(stored);
      } else if (cause instanceof KeyReuseException) {
        exchange.counters().keyReused.increment();
        Problem.KEY_REUSED.send(exchange.response(), exchange.request().getRequestURI(), 0);
      } else if (cause instanceof StoreUnavailableException) {
        exchange.counters().storeUnavailable.increment();
        Problem.STORE_UNAVAILABLE.send(
            exchange.response(),
            exchange.request().getRequestURI(),
            exchange.protection().retryAfterSeconds);
      } else if (cause instanceof TaskInProgressException || cause instanceof Exchange.Released) {
        // Timed out, or the first request released its key: the client's retry will run it.
        exchange.inProgress();
      } else {
        LOG.log(Level.WARNING, "idempotent4j: a waiting duplicate failed", cause);
        exchange.response().sendError(500);
      }
    } finally {
      async.complete();
    }
  }
}
