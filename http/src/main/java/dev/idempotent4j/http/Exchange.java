package dev.idempotent4j.http;

import dev.idempotent4j.runtime.KeyReuseException;
import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.TaskInProgressException;
import dev.idempotent4j.runtime.TaskResult;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One protected request: read and fingerprint the body, run the handler as the engine's task, then
 * let the held response go (recorded first) or replay the stored one. The engine decides; this
 * class translates between HTTP and the task.
 */
final class Exchange {

  private final IdempotencyKeyFilter filter;
  private final Protection protection;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final FilterChain chain;
  private final String key;

  Exchange(
      IdempotencyKeyFilter filter,
      Protection protection,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain,
      String key) {
    this.filter = filter;
    this.protection = protection;
    this.request = request;
    this.response = response;
    this.chain = chain;
    this.key = key;
  }

  void run() throws IOException, ServletException {
    BufferedRequest body = BufferedRequest.read(request, protection.maxSize);
    HttpServletRequest forHandler = body == null ? request : body;
    boolean oversizeRequest = body != null && body.oversize();
    String scoped = RequestIdentity.scopedKey(request, protection.caller.caller(request), key);
    String fingerprint = RequestIdentity.fingerprint(request, body);
    CapturingResponse capture = new CapturingResponse(response, protection.maxSize);
    // Without async support a wait must hold this thread: then the engine waits, bounded.
    boolean blockingWait = protection.waitForInProgress && !request.isAsyncSupported();
    Task task = blockingWait ? protection.waiting : protection.rejecting;
    FilterCounters counters = filter.counters();
    TaskResult<StoredResponse> result;
    try {
      result =
          task.execute(
              scoped, fingerprint, () -> handle(forHandler, capture, oversizeRequest, counters));
    } catch (Released released) {
      // The outcome was not stored (the engine released the key); the handler's response goes
      // out as it was.
      capture.release();
      return;
    } catch (HandlerFailure failure) {
      failure.rethrow();
      return;
    } catch (KeyReuseException e) {
      counters.keyReused.increment();
      Problem.KEY_REUSED.send(response, request.getRequestURI(), 0);
      return;
    } catch (TaskInProgressException e) {
      if (protection.waitForInProgress && !blockingWait) {
        AsyncWait.start(this, scoped, fingerprint);
      } else {
        inProgress();
      }
      return;
    } catch (StoreUnavailableException e) {
      counters.storeUnavailable.increment();
      Problem.STORE_UNAVAILABLE.send(
          response, request.getRequestURI(), protection.retryAfterSeconds);
      return;
    }
    if (result.replayed()) {
      replay(result.value());
    } else {
      // Recorded (durably, in the shared tier when there is one) before these bytes go.
      counters.stored.increment();
      capture.release();
    }
  }

  /** The task's body: runs the handler into the capture and says what the engine should keep. */
  private StoredResponse handle(
      HttpServletRequest forHandler,
      CapturingResponse capture,
      boolean oversizeRequest,
      FilterCounters counters) {
    try {
      chain.doFilter(forHandler, capture);
      if (forHandler.isAsyncStarted()) {
        // The handler answers later, on another thread: what it writes goes straight through.
        capture.passThrough(CapturingResponse.PassThrough.STREAMING);
      }
    } catch (IOException | ServletException e) {
      throw new HandlerFailure(e);
    }
    CapturingResponse.PassThrough passed =
        oversizeRequest ? CapturingResponse.PassThrough.OVERSIZE : capture.passedThrough();
    if (passed == CapturingResponse.PassThrough.OVERSIZE) {
      counters.oversize.increment();
      throw new Released();
    }
    if (passed != null) {
      counters.streamed.increment();
      filter.warnStreaming(request.getRequestURI(), passed);
      throw new Released();
    }
    int status = capture.getStatus();
    if (!protection.statusPolicy.stores(status)) {
      counters.released.increment();
      throw new Released();
    }
    List<String> headers = protection.headers.capture(response);
    return new StoredResponse(status, headers, capture.body());
  }

  void inProgress() throws IOException {
    filter.counters().inProgress.increment();
    Problem.IN_PROGRESS.send(response, request.getRequestURI(), protection.retryAfterSeconds);
  }

  /** Sends a stored response: status, allow-listed headers, body, and the replay marker. */
  void replay(StoredResponse stored) throws IOException {
    filter.counters().replayed.increment();
    response.setStatus(stored.status());
    List<String> headers = stored.headers();
    for (int i = 0; i < headers.size(); i += 2) {
      if (headers.get(i).equalsIgnoreCase("Content-Type")) {
        response.setContentType(headers.get(i + 1));
      } else {
        response.addHeader(headers.get(i), headers.get(i + 1));
      }
    }
    response.setHeader(IdempotencyKeyFilter.REPLAYED_HEADER, "true");
    byte[] body = stored.body();
    if (CapturingResponse.hasBody(stored.status())) {
      response.setContentLength(body.length);
    }
    if (body.length > 0) {
      response.getOutputStream().write(body);
    }
  }

  HttpServletRequest request() {
    return request;
  }

  HttpServletResponse response() {
    return response;
  }

  Protection protection() {
    return protection;
  }

  FilterCounters counters() {
    return filter.counters();
  }

  /** Thrown by the task's body so that the engine releases the key; carries nothing. */
  static final class Released extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Released() {
      // No stack trace: this is control flow, thrown once per unstored response.
      super("response not stored; key released", null, false, false);
    }
  }

  /** The handler's checked exception, carried through the engine's {@code Supplier}. */
  private static final class HandlerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HandlerFailure(Exception cause) {
      super(cause.getMessage(), cause, false, false);
    }

    void rethrow() throws IOException, ServletException {
      Throwable cause = getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof ServletException servlet) {
        throw servlet;
      }
      throw new UncheckedIOException(new IOException(cause));
    }
  }
}
