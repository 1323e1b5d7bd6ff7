package dev.idempotent4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.testing.Eventually;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Init parameters (as web.xml sets them), the builder's checks, and waiting duplicates. */
class FilterConfigurationTest {

  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void localTier() {
    Idempotency.reset();
  }

  @AfterAll
  static void reset() {
    Idempotency.reset();
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void initParametersOverrideTheNoArgumentDefaults() throws Exception {
    FilterHolder holder = new FilterHolder(new IdempotencyKeyFilter());
    holder.setInitParameter("task", "InitParams");
    holder.setInitParameter("methods", "PUT");
    holder.setInitParameter("required", "false");
    holder.setInitParameter("headers", "X-Charge-Id");
    holder.setInitParameter("caller-header", "X-Api-Key");
    Payments.Charges charges =
        new Payments.Charges() {
          private static final long serialVersionUID = 1L;

          @Override
          protected void doPut(
              jakarta.servlet.http.HttpServletRequest req,
              jakarta.servlet.http.HttpServletResponse resp)
              throws java.io.IOException {
            resp.setHeader("X-Charge-Id", "ch_" + runs.incrementAndGet());
            resp.getWriter().write("put");
          }
        };
    try (TestServer server = TestServer.start(holder, Map.of("/charges", charges))) {
      String key = UUID.randomUUID().toString();
      HttpRequest put =
          HttpRequest.newBuilder(server.uri("/charges"))
              .PUT(HttpRequest.BodyPublishers.ofString("x"))
              .header("Idempotency-Key", key)
              .build();
      HttpResponse<String> first = send(put);
      HttpResponse<String> second = send(put);
      assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
      assertThat(second.headers().firstValue("X-Charge-Id"))
          .isEqualTo(first.headers().firstValue("X-Charge-Id"));

      // not required: a PUT without a key runs unprotected; POST is not protected at all now
      HttpRequest unkeyed =
          HttpRequest.newBuilder(server.uri("/charges"))
              .PUT(HttpRequest.BodyPublishers.ofString("x"))
              .build();
      assertThat(send(unkeyed).statusCode()).isEqualTo(200);
      assertThat(send(unkeyed).headers().firstValue("Idempotent-Replayed")).isEmpty();
      HttpRequest post =
          HttpRequest.newBuilder(server.uri("/charges"))
              .POST(HttpRequest.BodyPublishers.ofString("x"))
              .build();
      assertThat(send(post).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void aBadInitParameterFailsStartUpNamingIt() {
    FilterHolder holder = new FilterHolder(new IdempotencyKeyFilter());
    holder.setInitParameter("store-statuses", "2xx,oops");
    assertThatThrownBy(() -> TestServer.start(holder, Map.of("/x", new Payments.Echo())))
        .hasStackTraceContaining("store-statuses")
        .hasStackTraceContaining("oops");
  }

  @Test
  void credentialsCanNeverBeAllowListed() {
    assertThatThrownBy(() -> IdempotencyKeyFilter.builder().replayHeaders("Set-Cookie"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Set-Cookie");
    assertThatThrownBy(() -> IdempotencyKeyFilter.builder().replayHeaders("authorization"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pathsNarrowWhatTheFilterProtects() throws Exception {
    IdempotencyKeyFilter filter =
        IdempotencyKeyFilter.builder().taskName("Paths").paths("/charges/*").build();
    try (TestServer server =
        TestServer.start(
            filter, Map.of("/charges/*", new Payments.Echo(), "/other", new Payments.Echo()))) {
      HttpRequest charge =
          HttpRequest.newBuilder(server.uri("/charges/1"))
              .POST(HttpRequest.BodyPublishers.ofString("x"))
              .build();
      HttpRequest other =
          HttpRequest.newBuilder(server.uri("/other"))
              .POST(HttpRequest.BodyPublishers.ofString("x"))
              .build();
      assertThat(send(charge).statusCode()).isEqualTo(400);
      assertThat(send(other).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aWaitingDuplicateGetsTheFirstResponseWithoutA409() throws Exception {
    IdempotencyKeyFilter filter =
        IdempotencyKeyFilter.builder()
            .taskName("Waiting")
            .waitForInProgress(Duration.ofSeconds(30))
            .build();
    Payments.Charges charges = new Payments.Charges();
    CountDownLatch hold = new CountDownLatch(1);
    charges.hold = hold;
    try (TestServer server = TestServer.start(filter, Map.of("/charges", charges))) {
      HttpRequest request =
          HttpRequest.newBuilder(server.uri("/charges"))
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .header("Idempotency-Key", UUID.randomUUID().toString())
              .build();
      CompletableFuture<HttpResponse<String>> first =
          CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      assertThat(charges.entered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      CompletableFuture<HttpResponse<String>> duplicate =
          CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      // The duplicate is parked in the engine's non-blocking wait before the first may finish.
      Eventually.poll(
          Duration.ofSeconds(30),
          "the duplicate to wait",
          () ->
              Idempotency.metrics().task("Waiting").waits() > 0
                  ? Optional.of(true)
                  : Optional.empty());
      hold.countDown();

      assertThat(first.get().statusCode()).isEqualTo(201);
      HttpResponse<String> replayed = duplicate.get();
      assertThat(replayed.statusCode()).isEqualTo(201);
      assertThat(replayed.body()).isEqualTo(first.get().body());
      assertThat(replayed.headers().firstValue("Idempotent-Replayed")).contains("true");
      assertThat(charges.runs.get()).isEqualTo(1);
    }
  }

  @Test
  void byDefaultTheCallerIsTheUserPrincipal() throws Exception {
    IdempotencyKeyFilter idempotency = IdempotencyKeyFilter.builder().taskName("Principal").build();
    // Stands in for the container's authentication: X-User becomes the principal.
    jakarta.servlet.Filter authenticated =
        (req, res, chain) -> {
          jakarta.servlet.http.HttpServletRequest http =
              (jakarta.servlet.http.HttpServletRequest) req;
          String user = http.getHeader("X-User");
          jakarta.servlet.http.HttpServletRequest withPrincipal =
              user == null
                  ? http
                  : new jakarta.servlet.http.HttpServletRequestWrapper(http) {
                    @Override
                    public java.security.Principal getUserPrincipal() {
                      return () -> user;
                    }
                  };
          idempotency.doFilter(withPrincipal, res, chain);
        };
    Payments.Charges charges = new Payments.Charges();
    try (TestServer server = TestServer.start(authenticated, Map.of("/charges", charges))) {
      String key = UUID.randomUUID().toString();
      java.util.function.Function<String, HttpResponse<String>> as =
          user -> {
            HttpRequest.Builder b =
                HttpRequest.newBuilder(server.uri("/charges"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Idempotency-Key", key);
            if (user != null) {
              b.header("X-User", user);
            }
            return send(b.build());
          };
      HttpResponse<String> alice = as.apply("alice");
      HttpResponse<String> bob = as.apply("bob");
      HttpResponse<String> anonymous = as.apply(null);

      assertThat(bob.body()).isNotEqualTo(alice.body());
      assertThat(anonymous.body()).isNotEqualTo(alice.body()).isNotEqualTo(bob.body());
      assertThat(as.apply("alice").body()).isEqualTo(alice.body());
      assertThat(as.apply(null).body()).isEqualTo(anonymous.body());
      assertThat(charges.runs.get()).isEqualTo(3);
    }
  }
}
