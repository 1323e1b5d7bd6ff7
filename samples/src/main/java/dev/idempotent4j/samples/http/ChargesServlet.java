package dev.idempotent4j.samples.http;

import dev.idempotent4j.runtime.IdempotencyContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /charges} with {@code {"amount":1250}}: charges a (pretend) card and answers {@code
 * 201 Created} with the charge's {@code Location}. It knows nothing about idempotency; the filter
 * in front of it does. The first charge is slow, as a card network sometimes is, so that the
 * client's timeout fires and it retries.
 */
final class ChargesServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Pattern AMOUNT = Pattern.compile("\"amount\"\\s*:\\s*(\\d+)");

  final AtomicInteger charged = new AtomicInteger();

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Matcher amount = AMOUNT.matcher(body);
    if (!amount.find()) {
      // A 4xx is an answer: stored and replayed like a success.
      resp.setStatus(400);
      resp.setContentType("application/json");
      resp.getWriter().write("{\"error\":\"amount missing\"}");
      return;
    }
    int n = charged.incrementAndGet();
    // The fencing token of this execution: a payment ledger that only accepts growing tokens
    // refuses a stale server's late write.
    long fence = IdempotencyContext.current().map(IdempotencyContext::fencingToken).orElse(0L);
    if (n == 1) {
      pause(1500);
    }
    String id = "ch_" + n;
    System.out.println(
        "  server: charged " + amount.group(1) + " as " + id + " (fence " + fence + ")");
    resp.setStatus(201);
    resp.setContentType("application/json");
    resp.setHeader("Location", "/charges/" + id);
    resp.addHeader("Set-Cookie", "session=" + n + "; HttpOnly");
    resp.getWriter().write("{\"id\":\"" + id + "\",\"amount\":" + amount.group(1) + "}");
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
