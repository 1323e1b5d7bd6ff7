package dev.idempotent4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.testing.Eventually;
import dev.idempotent4j.testing.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server JVMs with the filter, sharing one real Redis through the engine's shared tier: a
 * response stored on one is replayed by the other, and a handler that outlives its lease is taken
 * over by the other server while its own late response is refused.
 */
class SharedTierIntegrationTest {

  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static RedisServer redis;
  static ServerJvm a;
  static ServerJvm b;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    a = ServerJvm.start("a", redis.uri(), "1s");
    b = ServerJvm.start("b", redis.uri(), "1s");
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  static HttpRequest charge(URI uri, String key, String hold) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":42}"))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .header("X-Api-Key", "alice");
    if (hold != null) {
      request.header("X-Hold", hold);
    }
    return request.build();
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aResponseStoredOnOneServerIsReplayedByTheOther() {
    String key = UUID.randomUUID().toString();
    HttpResponse<String> first = send(charge(a.uri("/charges"), key, null));
    a.expect("running a");
    HttpResponse<String> replayed = send(charge(b.uri("/charges"), key, null));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(replayed.statusCode()).isEqualTo(201);
    assertThat(replayed.body()).isEqualTo(first.body());
    assertThat(replayed.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(replayed.headers().firstValue("Idempotent-Replayed")).contains("true");
  }

  @Test
  void aHandlerThatOutlivesItsLeaseIsTakenOverAndItsLateResponseIsNotStored() throws Exception {
    String key = UUID.randomUUID().toString();
    CompletableFuture<HttpResponse<String>> slow =
        CLIENT.sendAsync(
            charge(a.uri("/charges"), key, "a"),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    long fenceA = Long.parseLong(a.expect("running a ").split(" ")[2]);
    // Server a stops (a long pause): its lease is no longer renewed and runs out in Redis.
    a.pause();
    HttpResponse<String> taken;
    try {
      taken =
          Eventually.poll(
              Duration.ofSeconds(30),
              "server b to take the key over",
              () -> {
                HttpResponse<String> r = send(charge(b.uri("/charges"), key, "a"));
                assertThat(r.statusCode()).isIn(201, 409);
                return r.statusCode() == 201 ? Optional.of(r) : Optional.empty();
              });
    } finally {
      a.resume();
    }
    long fenceB = Long.parseLong(b.expect("running b ").split(" ")[2]);
    assertThat(fenceB).isGreaterThan(fenceA);
    assertThat(taken.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(taken.body()).contains("\"server\":\"b\"");

    // Server a wakes up and finishes: its client gets what its handler computed (documented),
    // but the record is b's.
    a.send("finish");
    HttpResponse<String> late = slow.get(60, TimeUnit.SECONDS);
    assertThat(late.body()).contains("\"server\":\"a\"");

    for (ServerJvm server : new ServerJvm[] {a, b}) {
      HttpResponse<String> again = send(charge(server.uri("/charges"), key, null));
      assertThat(again.body()).as("retry on server " + server).isEqualTo(taken.body());
      assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    }
  }
}
