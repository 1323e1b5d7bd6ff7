package dev.idempotent4j.http;

import dev.idempotent4j.runtime.IdempotencyContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handlers the tests protect; each counts how often it really ran.
 *
 * <pre>{@code
 * Payments.Charges charges = new Payments.Charges();   // POST -> 201, Location, Set-Cookie
 * }</pre>
 */
final class Payments {
  private Payments() {}

  /** {@code 201} with {@code Location}, {@code ETag}, a cookie and a JSON body naming the run. */
  static class Charges extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger runs = new AtomicInteger();

    /** When set, every run waits for it (bounded), so that duplicates arrive while it runs. */
    volatile CountDownLatch hold;

    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      int run = runs.incrementAndGet();
      entered.countDown();
      CountDownLatch latch = hold;
      if (latch != null) {
        try {
          latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      IdempotencyContext ctx = IdempotencyContext.current().orElse(null);
      resp.setStatus(201);
      resp.setContentType("application/json");
      resp.setHeader("Location", "/charges/ch_" + run);
      resp.setHeader("ETag", "\"v" + run + "\"");
      resp.setHeader("X-Not-Allowed", "first-only");
      resp.setHeader("X-Attempt", Integer.toString(ctx == null ? 0 : ctx.attempt()));
      resp.addCookie(new Cookie("session", "s" + run));
      resp.getWriter()
          .write("{\"id\":\"ch_" + run + "\",\"request\":" + body.length() + ",\"unicode\":\"€\"}");
    }
  }

  /** {@code 500} on odd runs, {@code 201} on even ones. */
  static class Flaky extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger runs = new AtomicInteger();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      int run = runs.incrementAndGet();
      resp.setStatus(run % 2 == 1 ? 500 : 201);
      resp.getOutputStream().write(("run " + run).getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** Throws on the first run, answers {@code 200} after. */
  static class Throwing extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger runs = new AtomicInteger();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("gateway down");
      }
      resp.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** A {@code 200} with a body of {@code size} bytes. */
  static class Big extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger runs = new AtomicInteger();
    final int size;

    Big(int size) {
      this.size = size;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      runs.incrementAndGet();
      req.getInputStream().readAllBytes();
      byte[] chunk = new byte[8192];
      java.util.Arrays.fill(chunk, (byte) 'x');
      resp.setContentType("application/octet-stream");
      for (int left = size; left > 0; left -= chunk.length) {
        resp.getOutputStream().write(chunk, 0, Math.min(left, chunk.length));
      }
    }
  }

  /** Echoes the request body's length: for request bodies over the limit. */
  static class Echo extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger runs = new AtomicInteger();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      runs.incrementAndGet();
      long n = req.getInputStream().readAllBytes().length;
      resp.getWriter().write("read " + n);
    }
  }

  /** An event stream: two events, each flushed to the client at once. */
  static class Events extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger runs = new AtomicInteger();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      runs.incrementAndGet();
      resp.setContentType("text/event-stream");
      resp.getWriter().write("data: one\n\n");
      resp.flushBuffer();
      resp.getWriter().write("data: two\n\n");
    }
  }

  /** Answers from another thread after {@code startAsync}. */
  static class Async extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger runs = new AtomicInteger();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
      int run = runs.incrementAndGet();
      jakarta.servlet.AsyncContext async = req.startAsync();
      async.start(
          () -> {
            try {
              async
                  .getResponse()
                  .getOutputStream()
                  .write(("async " + run).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            } finally {
              async.complete();
            }
          });
    }
  }

  /** Answers with the status in its {@code code} parameter. */
  static class Status extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final AtomicInteger runs = new AtomicInteger();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      runs.incrementAndGet();
      resp.setStatus(Integer.parseInt(req.getParameter("code")));
      resp.getWriter().write("status " + req.getParameter("code"));
    }
  }
}
