package dev.idempotent4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter on embedded Jetty with the engine's local tier, driven by a real HTTP client. */
class IdempotencyKeyFilterTest {

  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static final Payments.Charges CHARGES = new Payments.Charges();
  static final Payments.Charges HELD = new Payments.Charges();
  static final Payments.Flaky FLAKY = new Payments.Flaky();
  static final Payments.Throwing THROWING = new Payments.Throwing();
  static final Payments.Big BIG = new Payments.Big(1024 * 1024 + 1);
  static final Payments.Echo ECHO = new Payments.Echo();
  static final Payments.Events EVENTS = new Payments.Events();
  static final Payments.Async ASYNC = new Payments.Async();
  static final Payments.Status STATUS = new Payments.Status();
  static final IdempotencyKeyFilter FILTER =
      IdempotencyKeyFilter.builder()
          .taskName("FilterTest")
          .caller(CallerResolver.header("X-Api-Key"))
          .build();
  static TestServer server;

  @BeforeAll
  static void start() {
    Idempotency.reset();
    server =
        TestServer.start(
            FILTER,
            Map.of(
                "/charges", CHARGES,
                "/held", HELD,
                "/flaky", FLAKY,
                "/throwing", THROWING,
                "/big", BIG,
                "/echo", ECHO,
                "/events", EVENTS,
                "/async", ASYNC,
                "/status", STATUS));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    Idempotency.reset();
  }

  static HttpResponse<byte[]> post(String path, String key, String body, String caller) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    if (caller != null) {
      request.header("X-Api-Key", caller);
    }
    return send(request.build());
  }

  static HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static String key() {
    return UUID.randomUUID().toString();
  }

  @Test
  void replaysA201WithLocationByteForByteAndMarksIt() {
    String key = key();
    int before = CHARGES.runs.get();
    HttpResponse<byte[]> first = post("/charges", key, "{\"amount\":100}", "alice");
    HttpResponse<byte[]> second = post("/charges", key, "{\"amount\":100}", "alice");

    assertThat(CHARGES.runs.get()).isEqualTo(before + 1);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
    for (String name : List.of("Location", "Content-Type", "ETag", "Content-Length")) {
      assertThat(second.headers().allValues(name))
          .as(name)
          .isEqualTo(first.headers().allValues(name));
    }
    assertThat(first.headers().firstValue("Location"))
        .hasValueSatisfying(v -> v.startsWith("/charges/ch_"));
    assertThat(text(second)).contains("€");
  }

  @Test
  void neverReplaysSetCookieOrHeadersOffTheAllowList() {
    String key = key();
    HttpResponse<byte[]> first = post("/charges", key, "{}", "alice");
    HttpResponse<byte[]> second = post("/charges", key, "{}", "alice");

    assertThat(first.headers().allValues("Set-Cookie")).isNotEmpty();
    assertThat(first.headers().firstValue("X-Not-Allowed")).contains("first-only");
    assertThat(second.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(second.headers().firstValue("X-Not-Allowed")).isEmpty();
    assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
  }

  @Test
  void theSameKeyWithAnotherBodyIs422AndRunsNothing() {
    String key = key();
    post("/charges", key, "{\"amount\":100}", "alice");
    int runs = CHARGES.runs.get();

    HttpResponse<byte[]> other = post("/charges", key, "{\"amount\":999}", "alice");

    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(text(other)).contains("\"status\":422").contains("key-reused");
    assertThat(CHARGES.runs.get()).isEqualTo(runs);
  }

  @Test
  void anotherQueryIsAnotherRequestToo() {
    String key = key();
    post("/charges", key, "{}", "alice");
    HttpResponse<byte[]> other =
        send(
            HttpRequest.newBuilder(server.uri("/charges?currency=usd"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Idempotency-Key", key)
                .header("X-Api-Key", "alice")
                .build());
    assertThat(other.statusCode()).isEqualTo(422);
  }

  @Test
  void aMissingKeyIs400ProblemJsonAndRunsNothing() {
    int runs = CHARGES.runs.get();
    HttpResponse<byte[]> response = post("/charges", null, "{}", "alice");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(text(response))
        .contains("\"type\":\"tag:idempotent4j.dev,2026:http:missing-key\"")
        .contains("\"title\":\"Idempotency-Key required\"")
        .contains("\"status\":400")
        .contains("\"instance\":\"/charges\"");
    assertThat(CHARGES.runs.get()).isEqualTo(runs);
  }

  @Test
  void malformedKeysAre400() {
    int runs = CHARGES.runs.get();
    for (String bad :
        List.of("x".repeat(256), "\"unterminated", "\"bad\\escape\"", "\"\"", "\"a\"b")) {
      HttpResponse<byte[]> response = post("/charges", bad, "{}", "alice");
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(text(response)).as(bad).contains("malformed-key");
    }
    HttpResponse<byte[]> two =
        send(
            HttpRequest.newBuilder(server.uri("/charges"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Idempotency-Key", "one")
                .header("Idempotency-Key", "two")
                .build());
    assertThat(two.statusCode()).isEqualTo(400);
    assertThat(CHARGES.runs.get()).isEqualTo(runs);
  }

  @Test
  void aKeyOf255CharactersAndAQuotedKeyAreTheSameAsBare() {
    String longKey = "k".repeat(254) + "1";
    assertThat(post("/charges", longKey, "{}", "alice").statusCode()).isEqualTo(201);

    String key = key();
    HttpResponse<byte[]> bare = post("/charges", key, "{}", "alice");
    HttpResponse<byte[]> quoted = post("/charges", "\"" + key + "\"", "{}", "alice");
    assertThat(quoted.body()).isEqualTo(bare.body());
    assertThat(quoted.headers().firstValue("Idempotent-Replayed")).contains("true");
  }

  @Test
  void callerBWithCallerAsKeyDoesNotSeeAsResponse() {
    String key = key();
    HttpResponse<byte[]> alice = post("/charges", key, "{}", "alice");
    HttpResponse<byte[]> bob = post("/charges", key, "{}", "bob");

    assertThat(bob.statusCode()).isEqualTo(201);
    assertThat(bob.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(bob.body()).isNotEqualTo(alice.body());
    assertThat(post("/charges", key, "{}", "bob").body()).isEqualTo(bob.body());
  }

  @Test
  void a500ReleasesTheKeyAndTheRetryRuns() {
    String key = key();
    int runs = FLAKY.runs.get();
    if (runs % 2 == 1) {
      post("/flaky", key(), "", "alice"); // line the flaky handler up on a failing run
      runs++;
    }
    HttpResponse<byte[]> failed = post("/flaky", key, "", "alice");
    HttpResponse<byte[]> retried = post("/flaky", key, "", "alice");
    HttpResponse<byte[]> replayed = post("/flaky", key, "", "alice");

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(retried.statusCode()).isEqualTo(201);
    assertThat(retried.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(replayed.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(replayed.body()).isEqualTo(retried.body());
    assertThat(FLAKY.runs.get()).isEqualTo(runs + 2);
  }

  @Test
  void anExceptionReleasesTheKeyAndTheRetryRuns() {
    String key = key();
    HttpResponse<byte[]> failed = post("/throwing", key, "", "alice");
    HttpResponse<byte[]> retried = post("/throwing", key, "", "alice");

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(text(retried)).isEqualTo("ok");
    assertThat(THROWING.runs.get()).isEqualTo(2);
  }

  @Test
  void anOversizeResponseIsSentWholeAndNotStored() {
    String key = key();
    long oversize = FILTER.metrics().oversize();
    HttpResponse<byte[]> first = post("/big", key, "", "alice");
    HttpResponse<byte[]> second = post("/big", key, "", "alice");

    assertThat(first.body()).hasSize(1024 * 1024 + 1);
    assertThat(second.body()).hasSize(1024 * 1024 + 1);
    assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(BIG.runs.get()).isEqualTo(2);
    assertThat(FILTER.metrics().oversize()).isEqualTo(oversize + 2);
  }

  @Test
  void anOversizeRequestBodyReachesTheHandlerWholeAndIsNotStored() {
    String key = key();
    String body = "y".repeat(1024 * 1024 + 10);
    HttpResponse<byte[]> first = post("/echo", key, body, "alice");
    HttpResponse<byte[]> second = post("/echo", key, body, "alice");

    assertThat(text(first)).isEqualTo("read " + body.length());
    assertThat(text(second)).isEqualTo("read " + body.length());
    assertThat(ECHO.runs.get()).isEqualTo(2);
  }

  @Test
  void thirtyTwoConcurrentClientsRunTheHandlerOnce() throws Exception {
    String key = key();
    CountDownLatch hold = new CountDownLatch(1);
    HELD.hold = hold;
    int runs = HELD.runs.get();
    List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
    HttpRequest request =
        HttpRequest.newBuilder(server.uri("/held"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":5}"))
            .header("Idempotency-Key", key)
            .header("X-Api-Key", "alice")
            .build();
    for (int i = 0; i < 32; i++) {
      responses.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
    }
    // Let the first run finish only once the others have been answered while it ran (or after
    // the handler's own bound), so they really overlap it.
    Eventually.poll(
        Duration.ofSeconds(30),
        "31 answers while the first runs",
        () ->
            responses.stream().filter(CompletableFuture::isDone).count() >= 31
                ? Optional.of(true)
                : Optional.empty());
    hold.countDown();
    HELD.hold = null;

    List<HttpResponse<byte[]>> all = new ArrayList<>();
    for (CompletableFuture<HttpResponse<byte[]>> f : responses) {
      all.add(f.get());
    }
    assertThat(HELD.runs.get()).isEqualTo(runs + 1);
    HttpResponse<byte[]> original =
        all.stream()
            .filter(
                r ->
                    r.statusCode() == 201
                        && r.headers().firstValue("Idempotent-Replayed").isEmpty())
            .findFirst()
            .orElseThrow();
    long originals =
        all.stream()
            .filter(
                r ->
                    r.statusCode() == 201
                        && r.headers().firstValue("Idempotent-Replayed").isEmpty())
            .count();
    assertThat(originals).isEqualTo(1);
    for (HttpResponse<byte[]> r : all) {
      if (r.statusCode() == 409) {
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
      } else {
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).isEqualTo(original.body());
      }
    }
    HttpResponse<byte[]> later = send(request);
    assertThat(later.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(later.body()).isEqualTo(original.body());
  }

  @Test
  void methodsNotProtectedPassThroughWithoutAKey() {
    HttpResponse<byte[]> get = send(HttpRequest.newBuilder(server.uri("/charges")).GET().build());
    assertThat(get.statusCode()).isEqualTo(405); // the servlet's own answer: no doGet
  }

  @Test
  void theHandlerRunsInsideTheEnginesTask() {
    HttpResponse<byte[]> response = post("/charges", key(), "{}", "carol");
    assertThat(response.headers().firstValue("X-Attempt")).contains("1");
    assertThat(Idempotency.metrics().task("FilterTest").executed()).isPositive();
  }

  static URI uri(TestServer s, String path) {
    return s.uri(path);
  }

  @Test
  void streamingAndAsyncResponsesPassThroughUnstored() {
    long streamed = FILTER.metrics().streamed();
    String events = key();
    HttpResponse<byte[]> first = post("/events", events, "", "alice");
    HttpResponse<byte[]> second = post("/events", events, "", "alice");
    assertThat(text(first)).isEqualTo("data: one\n\ndata: two\n\n");
    assertThat(text(second)).isEqualTo(text(first));
    assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(EVENTS.runs.get()).isEqualTo(2);

    String async = key();
    assertThat(text(post("/async", async, "", "alice"))).isEqualTo("async 1");
    assertThat(text(post("/async", async, "", "alice"))).isEqualTo("async 2");
    assertThat(FILTER.metrics().streamed()).isEqualTo(streamed + 4);
  }

  @Test
  void a404IsAnAnswerAndStoredWhileA429IsReleased() {
    String notFound = key();
    int runs = STATUS.runs.get();
    assertThat(post("/status?code=404", notFound, "", "alice").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> replayed = post("/status?code=404", notFound, "", "alice");
    assertThat(replayed.statusCode()).isEqualTo(404);
    assertThat(replayed.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(STATUS.runs.get()).isEqualTo(runs + 1);

    String limited = key();
    assertThat(post("/status?code=429", limited, "", "alice").statusCode()).isEqualTo(429);
    HttpResponse<byte[]> again = post("/status?code=429", limited, "", "alice");
    assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(STATUS.runs.get()).isEqualTo(runs + 3);
  }
}
