package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.testing.Eventually;
import dev.idempotent4j.testing.RedisServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away (killed, paused) and comes back: calls fail with {@link
 * StoreUnavailableException} instead of hanging or running unchecked, and the store recovers
 * without being rebuilt. Each test gets its own server, because each one breaks it.
 */
class RedisStoreFaultIntegrationTest {
  // also the connect timeout: leaves room for a loaded machine
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final Duration LEASE = Duration.ofMinutes(5);

  private RedisServer redis;
  private RedisStore store;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    store = RedisStore.connect(RedisSettings.redis(redis.uri(), TIMEOUT));
  }

  @AfterEach
  void stop() {
    store.close();
    redis.close();
  }

  static ClaimRequest request(String key) {
    return new ClaimRequest(key, null, "w1", LEASE, LEASE);
  }

  static String newKey() {
    return "i4j:Fault.task:" + UUID.randomUUID();
  }

  @Test
  void killedServerFailsEveryStepThenTheStoreRecoversAfterRestart() {
    String key = newKey();
    Fence before = ((Claim.Claimed) store.claim(request(key))).fence();

    redis.kill();

    assertThatThrownBy(() -> store.claim(request(newKey())))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.complete(key, before, "1", LEASE))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> store.renew(List.of(new Lease(key, before)), LEASE))
        .isInstanceOf(StoreUnavailableException.class);

    redis.restart();

    Fence after =
        Eventually.poll(
            PATIENCE,
            "the store to reconnect",
            () ->
                store.claim(request(key)) instanceof Claim.Claimed c
                    ? Optional.of(c.fence())
                    : Optional.empty());
    assertThat(after.token())
        .as("the restarted server lost the fence key, yet the token still grows")
        .isGreaterThan(before.token());
  }

  @Test
  void pausedServerFailsWithinTheTimeoutWithTheOutcomeUnknownThenRecovers() {
    String key = newKey();
    Fence fence = ((Claim.Claimed) store.claim(request(key))).fence();

    redis.pause();
    try {
      assertThatThrownBy(() -> store.claim(request(newKey())))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("within " + TIMEOUT);
      assertThatThrownBy(() -> store.complete(key, fence, "1", LEASE))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("outcome is unknown");
    } finally {
      redis.resume();
    }

    // the paused complete may have run after the resume: its outcome is unknown, so either
    // answer is right, but the store must serve the key again (asked by another worker: the
    // same owner would take its own running claim over as an orphan)
    ClaimRequest other = new ClaimRequest(key, null, "w2", LEASE, LEASE);
    Claim claim =
        Eventually.poll(
            PATIENCE, "the store to answer again", () -> Optional.of(store.claim(other)));
    assertThat(claim).isIn(new Claim.Completed("1"), new Claim.InProgress(claimLeft(claim)));
  }

  @Test
  @SuppressWarnings("try") // the resources are held open for their side effect
  void listenersAreWokenAgainAfterTheServerRestarted() throws Exception {
    String key = newKey();
    CountDownLatch woken = new CountDownLatch(1);
    try (AutoCloseable listening = store.onChange(key, woken::countDown)) {
      redis.kill();
      redis.restart();
      Fence fence =
          Eventually.poll(
              PATIENCE,
              "the store to reconnect",
              () ->
                  store.claim(request(key)) instanceof Claim.Claimed c
                      ? Optional.of(c.fence())
                      : Optional.empty());
      // the pub/sub connection resubscribes on its own; publish until a message gets through
      Eventually.poll(
          PATIENCE,
          "a wake-up after the restart",
          () -> {
            Fence current =
                store.claim(request(key)) instanceof Claim.Claimed c ? c.fence() : fence;
            // a waiter's claim: release publishes only when a claim found the record running
            store.claim(new ClaimRequest(key, null, "waiter", LEASE, LEASE));
            store.release(key, current);
            return woken.getCount() == 0 ? Optional.of(true) : Optional.empty();
          });
      assertThat(woken.await(0, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void connectingToNothingFails() throws Exception {
    int deadPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      deadPort = probe.getLocalPort();
    }
    assertThatThrownBy(
            () -> RedisStore.connect(RedisSettings.redis("redis://127.0.0.1:" + deadPort, TIMEOUT)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1")
        .hasMessageContaining(Integer.toString(deadPort));
  }

  @Test
  void closedStoreRefusesCalls() {
    store.close();
    assertThatThrownBy(() -> store.claim(request(newKey())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static Duration claimLeft(Claim claim) {
    return claim instanceof Claim.InProgress p ? p.timeLeft() : Duration.ZERO;
  }
}
