package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.CorruptRecordException;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.runtime.store.SharedStore.Completion;
import dev.idempotent4j.runtime.store.StoredFailure;
import dev.idempotent4j.testing.Eventually;
import dev.idempotent4j.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The record protocol against a real Redis: every subclass runs these tests against one deployment
 * (a single server, a Cluster).
 */
abstract class RedisStoreContract {
  static final Duration LONG = Duration.ofMinutes(5);
  static final Duration SHORT = Duration.ofMillis(200);
  static final Duration PATIENCE = Duration.ofSeconds(15);

  /** The store under test, connected to the deployment. */
  abstract RedisStore store();

  /** Settings for more stores on the same deployment (as other JVMs would connect). */
  abstract RedisSettings settings();

  /** A raw connection to the node that holds {@code redisKey}. */
  abstract RespClient raw(String redisKey);

  /** {@code SCRIPT FLUSH} on every node. */
  abstract void flushScripts();

  static String newKey() {
    return "i4j:Test.task:" + UUID.randomUUID();
  }

  static ClaimRequest request(String key, String owner) {
    return new ClaimRequest(key, null, owner, LONG, LONG);
  }

  Fence claimed(ClaimRequest request) {
    Claim claim = store().claim(request);
    assertThat(claim).isInstanceOf(Claim.Claimed.class);
    return ((Claim.Claimed) claim).fence();
  }

  Fence takeOver(ClaimRequest request) {
    return Eventually.poll(
        PATIENCE,
        "the lease on " + request.key() + " to run out",
        () ->
            store().claim(request) instanceof Claim.Claimed c
                ? Optional.of(c.fence())
                : Optional.empty());
  }

  @Test
  void claimCompleteAndReplay() {
    String key = newKey();
    Fence fence = claimed(request(key, "w1"));
    assertThat(fence.attempt()).isEqualTo(1);
    assertThat(fence.token()).isPositive();

    assertThat(store().complete(key, fence, "{\"id\":42}", LONG)).isEqualTo(Completion.ACCEPTED);

    assertThat(store().claim(request(key, "w2"))).isEqualTo(new Claim.Completed("{\"id\":42}"));
    assertThat(store().claim(request(key, "w3"))).isEqualTo(new Claim.Completed("{\"id\":42}"));
  }

  @Test
  void recordIsReadableWithRedisCli() {
    String key = newKey();
    Fence fence = claimed(new ClaimRequest(key, "fp-1", "worker-7", LONG, LONG));
    store().complete(key, fence, "\"done\"", LONG);
    try (RespClient raw = raw(RedisKeys.record(key))) {
      assertThat(raw.call("TYPE", RedisKeys.record(key))).isEqualTo("hash");
      Map<String, String> fields = hash(raw, RedisKeys.record(key));
      assertThat(fields)
          .containsEntry("v", "1")
          .containsEntry("state", "completed")
          .containsEntry("owner", "worker-7")
          .containsEntry("token", Long.toString(fence.token()))
          .containsEntry("attempt", "1")
          .containsEntry("fp", "fp-1")
          .containsEntry("result", "\"done\"")
          .containsKeys("claimed_at", "done_at")
          .doesNotContainKey("lease_until");
      assertThat(hash(raw, RedisKeys.fence(key)))
          .containsEntry("token", Long.toString(fence.token()));
    }
  }

  @Test
  void inProgressWhileAnotherWorkerHoldsTheLease() {
    String key = newKey();
    claimed(request(key, "w1"));

    Claim second = store().claim(request(key, "w2"));

    assertThat(second).isInstanceOf(Claim.InProgress.class);
    Duration left = ((Claim.InProgress) second).timeLeft();
    assertThat(left).isPositive().isLessThanOrEqualTo(LONG);
  }

  @Test
  void anotherFingerprintIsKeyReuseWhileRunningAndAfterCompletion() {
    String key = newKey();
    Fence fence = claimed(new ClaimRequest(key, "fp-a", "w1", LONG, LONG));

    assertThat(store().claim(new ClaimRequest(key, "fp-b", "w2", LONG, LONG)))
        .isInstanceOf(Claim.KeyReused.class);
    assertThat(store().claim(new ClaimRequest(key, "fp-a", "w2", LONG, LONG)))
        .isInstanceOf(Claim.InProgress.class);

    store().complete(key, fence, "1", LONG);
    assertThat(store().claim(new ClaimRequest(key, "fp-b", "w3", LONG, LONG)))
        .isInstanceOf(Claim.KeyReused.class);
    assertThat(store().claim(new ClaimRequest(key, "fp-a", "w3", LONG, LONG)))
        .isEqualTo(new Claim.Completed("1"));
  }

  @Test
  void cachedFailureIsReplayed() {
    String key = newKey();
    Fence fence = claimed(request(key, "w1"));

    assertThat(
            store()
                .fail(key, fence, new StoredFailure("com.acme.CardDeclined", "insufficient"), LONG))
        .isEqualTo(Completion.ACCEPTED);

    assertThat(store().claim(request(key, "w2")))
        .isEqualTo(new Claim.Failed(new StoredFailure("com.acme.CardDeclined", "insufficient")));
  }

  @Test
  void expiredLeaseIsTakenOverWithHigherTokenAndTheLateCompleteIsRefused() {
    String key = newKey();
    Fence first = claimed(new ClaimRequest(key, null, "w1", SHORT, LONG));

    Fence second = takeOver(request(key, "w2"));

    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(store().complete(key, first, "\"late\"", LONG)).isEqualTo(Completion.LEASE_LOST);
    assertThat(store().fail(key, first, new StoredFailure("X", ""), LONG))
        .isEqualTo(Completion.LEASE_LOST);
    assertThat(store().release(key, first)).isEqualTo(Completion.LEASE_LOST);
    assertThat(store().complete(key, second, "\"new owner\"", LONG)).isEqualTo(Completion.ACCEPTED);
    assertThat(store().complete(key, first, "\"late\"", LONG)).isEqualTo(Completion.LEASE_LOST);
    assertThat(store().claim(request(key, "w3"))).isEqualTo(new Claim.Completed("\"new owner\""));
  }

  @Test
  void theSameOwnerClaimingItsRunningKeyAgainTakesItsOrphanOverAtOnce() {
    String key = newKey();
    Fence orphan = claimed(request(key, "w1"));
    assertThat(store().claim(request(key, "w2"))).isInstanceOf(Claim.InProgress.class);
    Claim.Claimed again = (Claim.Claimed) store().claim(request(key, "w1"));
    assertThat(again.fence().token()).isGreaterThan(orphan.token());
    assertThat(again.fence().attempt()).isEqualTo(2);
    assertThat(again.takeover()).isFalse();
    assertThat(store().complete(key, orphan, "1", LONG)).isEqualTo(Completion.LEASE_LOST);
    assertThat(store().complete(key, again.fence(), "2", LONG)).isEqualTo(Completion.ACCEPTED);
  }

  @Test
  void aClaimSaysWhetherItTookOverALapsedLeaseOrFoundTheKeyFree() {
    String key = newKey();
    Claim fresh = store().claim(new ClaimRequest(key, null, "w1", SHORT, LONG));
    assertThat(((Claim.Claimed) fresh).takeover()).isFalse();
    Claim.Claimed taken =
        Eventually.poll(
            PATIENCE,
            "the lease on " + key + " to run out",
            () ->
                store().claim(request(key, "w2")) instanceof Claim.Claimed c
                    ? Optional.of(c)
                    : Optional.empty());
    assertThat(taken.takeover()).isTrue();
    assertThat(store().release(key, taken.fence())).isEqualTo(Completion.ACCEPTED);
    Claim afterRelease = store().claim(request(key, "w3"));
    assertThat(((Claim.Claimed) afterRelease).takeover()).isFalse();
    assertThat(((Claim.Claimed) afterRelease).fence().attempt()).isEqualTo(3);
  }

  @Test
  void completeAfterTheLeaseRanOutWithoutTakeoverIsRefused() {
    String key = newKey();
    Fence fence = claimed(new ClaimRequest(key, null, "w1", SHORT, LONG));
    Eventually.poll(
        PATIENCE,
        "the record of " + key + " to expire",
        () -> exists(RedisKeys.record(key)) ? Optional.empty() : Optional.of(true));

    assertThat(store().complete(key, fence, "1", LONG)).isEqualTo(Completion.LEASE_LOST);
    try (RespClient raw = raw(RedisKeys.record(key))) {
      assertThat(raw.call("EXISTS", RedisKeys.record(key))).isEqualTo(0L);
    }
  }

  @Test
  void releaseLetsTheNextCallRunAgainWithHigherTokenAndAttempt() {
    String key = newKey();
    Fence first = claimed(request(key, "w1"));

    assertThat(store().release(key, first)).isEqualTo(Completion.ACCEPTED);
    Fence second = claimed(request(key, "w2"));

    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(store().release(key, first)).isEqualTo(Completion.LEASE_LOST);
    assertThat(store().claim(request(key, "w3"))).isInstanceOf(Claim.InProgress.class);
  }

  @Test
  void tokenNeverGoesBackwardsAfterTheRecordExpired() {
    String key = newKey();
    Fence first = claimed(request(key, "w1"));
    store().complete(key, first, "1", SHORT);

    Fence second = takeOver(request(key, "w2"));

    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(second.attempt()).as("a new dedup window starts at attempt 1").isEqualTo(1);
  }

  @Test
  void tokenNeverGoesBackwardsEvenWhenTheFenceKeyIsGone() {
    String key = newKey();
    Fence first = claimed(request(key, "w1"));
    store().release(key, first);
    try (RespClient raw = raw(RedisKeys.fence(key))) {
      raw.call("DEL", RedisKeys.fence(key)); // as if it expired: server time still moves on
    }

    Fence second = claimed(request(key, "w2"));

    assertThat(second.token()).isGreaterThan(first.token());
  }

  @Test
  void renewKeepsLeasesAliveAndReportsTheLostOnes() {
    List<Lease> held = new ArrayList<>();
    List<Lease> lost = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String key = newKey();
      Fence fence = claimed(new ClaimRequest(key, null, "w1", Duration.ofSeconds(20), LONG));
      Lease lease = new Lease(key, fence);
      held.add(lease);
      if (i % 5 == 0) {
        store().release(key, fence);
        lost.add(lease);
      }
    }
    Lease neverClaimed = new Lease(newKey(), new Fence(1, 1));
    List<Lease> all = new ArrayList<>(held);
    all.add(neverClaimed);

    List<Lease> reported = store().renew(all, LONG);

    assertThat(reported).containsExactlyInAnyOrderElementsOf(concat(lost, neverClaimed));
    for (Lease lease : held) {
      if (!lost.contains(lease)) {
        Claim other = store().claim(request(lease.key(), "w2"));
        assertThat(other).isInstanceOf(Claim.InProgress.class);
        assertThat(((Claim.InProgress) other).timeLeft())
            .as("renewed to the new lease")
            .isGreaterThan(Duration.ofSeconds(20));
      }
    }
  }

  @Test
  void renewedShortLeaseIsNotTakenOver() {
    String key = newKey();
    Fence fence = claimed(new ClaimRequest(key, null, "w1", SHORT, LONG));

    assertThat(store().renew(List.of(new Lease(key, fence)), LONG)).isEmpty();

    assertThat(store().claim(request(key, "w2"))).isInstanceOf(Claim.InProgress.class);
    assertThat(store().complete(key, fence, "1", LONG)).isEqualTo(Completion.ACCEPTED);
  }

  @Test
  void renewOfAnExpiredLeaseReportsItLost() {
    String key = newKey();
    Fence fence = claimed(new ClaimRequest(key, null, "w1", SHORT, LONG));
    Eventually.poll(
        PATIENCE,
        "the lease on " + key + " to run out",
        () -> exists(RedisKeys.record(key)) ? Optional.empty() : Optional.of(true));

    assertThat(store().renew(List.of(new Lease(key, fence)), LONG))
        .containsExactly(new Lease(key, fence));
  }

  @Test
  @SuppressWarnings("try") // the resources are held open for their side effect
  void releaseCompleteAndFailWakeListenersOnceAClaimFoundTheRecordRunning() throws Exception {
    for (BiConsumer<String, Fence> change : settlingSteps()) {
      String key = newKey();
      Fence fence = claimed(request(key, "w1"));
      CountDownLatch woken = new CountDownLatch(2);
      try (AutoCloseable first = store().onChange(key, woken::countDown);
          AutoCloseable second = store().onChange(key, woken::countDown)) {
        // the waiting protocol: subscribe, then claim (which registers the waiter), then park
        assertThat(store().claim(request(key, "w2"))).isInstanceOf(Claim.InProgress.class);
        change.accept(key, fence);
        assertThat(woken.await(PATIENCE.toSeconds(), TimeUnit.SECONDS))
            .as("both listeners of %s woken", key)
            .isTrue();
      }
    }
  }

  @Test
  void aClaimThatFindsTheRecordRunningCountsAWaiterThatATakeoverKeeps() {
    String key = newKey();
    Fence first = claimed(request(key, "w1"));
    assertThat(store().claim(request(key, "w2"))).isInstanceOf(Claim.InProgress.class);
    try (RespClient raw = raw(RedisKeys.record(key))) {
      assertThat(hash(raw, RedisKeys.record(key))).containsEntry("waiters", "1");
      // the orphan claim of the same owner rewrites the record: the waiter is still counted
      Claim.Claimed again = (Claim.Claimed) store().claim(request(key, "w1"));
      assertThat(again.fence().token()).isGreaterThan(first.token());
      assertThat(hash(raw, RedisKeys.record(key))).containsEntry("waiters", "1");
      assertThat(store().claim(request(key, "w3"))).isInstanceOf(Claim.InProgress.class);
      assertThat(hash(raw, RedisKeys.record(key))).containsEntry("waiters", "2");
    }
  }

  /** Release, complete and fail: the three steps that end a claim and may wake waiters. */
  private List<BiConsumer<String, Fence>> settlingSteps() {
    return List.of(
        (key, fence) -> store().release(key, fence),
        (key, fence) -> store().complete(key, fence, "1", LONG),
        (key, fence) -> store().fail(key, fence, new StoredFailure("E", "m"), LONG));
  }

  @Test
  void completeFailAndReleasePublishNothingWhenNoClaimWaited() {
    for (BiConsumer<String, Fence> change : settlingSteps()) {
      String key = newKey();
      Fence fence = claimed(request(key, "w1"));
      try (RespClient raw = raw(RedisKeys.record(key))) {
        long before = raw.commandCalls("publish");
        change.accept(key, fence);
        assertThat(raw.commandCalls("publish"))
            .as("PUBLISH calls on the node of %s", key)
            .isEqualTo(before);
      }
    }
  }

  @Test
  @SuppressWarnings("try") // the resources are held open for their side effect
  void listenersOfOtherKeysAreNotWoken() throws Exception {
    String key = newKey();
    String other = newKey();
    CountDownLatch otherWoken = new CountDownLatch(1);
    CountDownLatch woken = new CountDownLatch(1);
    try (AutoCloseable a = store().onChange(other, otherWoken::countDown);
        AutoCloseable b = store().onChange(key, woken::countDown)) {
      Fence fence = claimed(request(key, "w1"));
      assertThat(store().claim(request(key, "w2"))).isInstanceOf(Claim.InProgress.class);
      store().release(key, fence);
      assertThat(woken.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      // messages on one connection arrive in order: had other's listener been called, it already
      // was
      assertThat(otherWoken.getCount()).isEqualTo(1);
    }
  }

  @Test
  void garbageUnderTheKeyIsReportedAndLeftUntouched() {
    assertCorrupt((raw, k) -> raw.call("SET", k, "not a record"), "a Redis string");
    assertCorrupt((raw, k) -> raw.call("RPUSH", k, "a", "b"), "a Redis list");
    assertCorrupt((raw, k) -> raw.call("PSETEX", k, "600000", "\u0000\u00ff"), "a Redis string");
    assertCorrupt(
        (raw, k) -> raw.call("HSET", k, "v", "2", "state", "running"), "format version 2, newer");
    assertCorrupt((raw, k) -> raw.call("HSET", k, "state", "completed"), "field v");
    assertCorrupt((raw, k) -> raw.call("HSET", k, "v", "one"), "not a number");
    assertCorrupt(
        (raw, k) ->
            raw.call("HSET", k, "v", "1", "state", "completed", "token", "5", "attempt", "1"),
        "without a field result");
    assertCorrupt(
        (raw, k) -> raw.call("HSET", k, "v", "1", "state", "paused", "token", "5", "attempt", "1"),
        "state 'paused'");
    assertCorrupt(
        (raw, k) -> raw.call("HSET", k, "v", "1", "state", "running", "token", "x", "attempt", "1"),
        "field token");
  }

  @Test
  void garbageUnderTheFenceKeyIsReportedAndLeftUntouched() {
    String key = newKey();
    String fenceKey = RedisKeys.fence(key);
    try (RespClient raw = raw(fenceKey)) {
      raw.call("SET", fenceKey, "7");
      byte[] before = raw.callBytes("DUMP", fenceKey);

      assertThatThrownBy(() -> store().claim(request(key, "w1")))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining(fenceKey)
          .hasMessageContaining("a Redis string");

      assertThat(raw.callBytes("DUMP", fenceKey)).isEqualTo(before);
      assertThat(raw.call("EXISTS", RedisKeys.record(key))).isEqualTo(0L);
    }
  }

  @Test
  void aCorruptWaitersCountOnAnotherWorkersLiveClaimIsCorruptNotUnavailable() {
    // HINCRBY would fail on these, and a store failure lets fail-mode=open run beside the claim
    for (String waiters : List.of("abc", "9223372036854775807", "007")) {
      String key = newKey();
      String recordKey = RedisKeys.record(key);
      claimed(request(key, "w1"));
      try (RespClient raw = raw(recordKey)) {
        raw.call("HSET", recordKey, "waiters", waiters);
        byte[] before = raw.callBytes("DUMP", recordKey);

        assertThatThrownBy(() -> store().claim(request(key, "w2")))
            .as("waiters = %s", waiters)
            .isInstanceOf(CorruptRecordException.class)
            .hasMessageContaining("waiters");

        assertThat(raw.callBytes("DUMP", recordKey)).isEqualTo(before);
      }
    }
  }

  @Test
  void outOfRangeNumbersInARecordAreCorruptAndLeftUntouched() {
    String far = "1" + "0".repeat(30); // a 31-digit lease_until
    assertCorrupt(
        (raw, k) ->
            raw.call(
                "HSET",
                k,
                "v",
                "1",
                "state",
                "running",
                "token",
                "5",
                "attempt",
                "1",
                "lease_until",
                far),
        "lease_until");
    assertCorrupt(
        (raw, k) ->
            raw.call(
                "HSET",
                k,
                "v",
                "1",
                "state",
                "running",
                "token",
                "5",
                "attempt",
                "2147483647",
                "lease_until",
                "1"),
        "attempt");
    assertCorrupt(
        (raw, k) ->
            raw.call(
                "HSET",
                k,
                "v",
                "1",
                "state",
                "running",
                "token",
                "99999999999999999999",
                "attempt",
                "1",
                "lease_until",
                "1"),
        "token");
    assertCorrupt(
        (raw, k) -> raw.call("HSET", k, "v", "99999999999999999999", "state", "running"),
        "not a number");
  }

  @Test
  void outOfRangeNumbersInAFenceAreCorruptAndLeftUntouched() {
    for (List<String> fields :
        List.of(
            List.of("token", "99999999999999999999", "attempt", "1", "held", "0"),
            List.of("token", "9007199254740993", "attempt", "1", "held", "0"),
            List.of("token", "5", "attempt", "2147483647", "held", "0"))) {
      String key = newKey();
      String fenceKey = RedisKeys.fence(key);
      try (RespClient raw = raw(fenceKey)) {
        List<String> command = new ArrayList<>(List.of("HSET", fenceKey));
        command.addAll(fields);
        raw.call(command.toArray(String[]::new));
        byte[] before = raw.callBytes("DUMP", fenceKey);

        assertThatThrownBy(() -> store().claim(request(key, "w1")))
            .as("fence %s", fields)
            .isInstanceOf(CorruptRecordException.class)
            .hasMessageContaining(fenceKey);

        assertThat(raw.callBytes("DUMP", fenceKey)).isEqualTo(before);
        assertThat(raw.call("PTTL", fenceKey)).isEqualTo(-1L);
        assertThat(raw.call("EXISTS", RedisKeys.record(key))).isEqualTo(0L);
      }
    }
  }

  @Test
  void aCorruptFenceUnderALiveClaimStopsCompleteFailAndReleaseBeforeAnyWrite() {
    List<BiConsumer<RespClient, String>> plants =
        List.of(
            (raw, fenceKey) -> raw.call("SET", fenceKey, "7"),
            (raw, fenceKey) ->
                raw.call("HSET", fenceKey, "token", "99999999999999999999", "attempt", "1"));
    for (BiConsumer<RespClient, String> plant : plants) {
      for (BiConsumer<String, Fence> step : settlingSteps()) {
        String key = newKey();
        String recordKey = RedisKeys.record(key);
        String fenceKey = RedisKeys.fence(key);
        Fence fence = claimed(request(key, "w1"));
        try (RespClient raw = raw(recordKey)) {
          raw.call("DEL", fenceKey);
          plant.accept(raw, fenceKey);
          byte[] record = raw.callBytes("DUMP", recordKey);
          byte[] fenceValue = raw.callBytes("DUMP", fenceKey);

          assertThatThrownBy(() -> step.accept(key, fence))
              .isInstanceOf(CorruptRecordException.class)
              .hasMessageContaining(fenceKey);

          assertThat(raw.callBytes("DUMP", recordKey)).as("record after").isEqualTo(record);
          assertThat(raw.callBytes("DUMP", fenceKey)).as("fence after").isEqualTo(fenceValue);
        }
      }
    }
  }

  @Test
  void invalidUtf8InAStoredResultOrMessageIsCorruptNotReplayedAsReplacementCharacters() {
    byte[][] bad = {
      {'"', (byte) 0xFF, '"'}, // never valid in UTF-8
      {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // a lone surrogate, CESU-8 style
      {'"', (byte) 0xC3, '"'} // a truncated sequence
    };
    for (byte[] value : bad) {
      for (String field : List.of("result", "error_message")) {
        String key = newKey();
        String recordKey = RedisKeys.record(key);
        Fence fence = claimed(request(key, "w1"));
        if (field.equals("result")) {
          store().complete(key, fence, "\"ok\"", LONG);
        } else {
          store().fail(key, fence, new StoredFailure("E", "m"), LONG);
        }
        try (RespClient raw = raw(recordKey)) {
          raw.callRaw(
              "HSET".getBytes(StandardCharsets.US_ASCII),
              recordKey.getBytes(StandardCharsets.UTF_8),
              field.getBytes(StandardCharsets.US_ASCII),
              value);
          byte[] before = raw.callBytes("DUMP", recordKey);

          assertThatThrownBy(() -> store().claim(request(key, "w2")))
              .as("%s = %s", field, java.util.Arrays.toString(value))
              .isInstanceOf(CorruptRecordException.class)
              .hasMessageContaining(recordKey)
              .hasMessageContaining("UTF-8");

          assertThat(raw.callBytes("DUMP", recordKey)).isEqualTo(before);
        }
      }
    }
    // U+FFFD itself is valid text, and replayed as it is
    String key = newKey();
    store().complete(key, claimed(request(key, "w1")), "\"\ufffd\"", LONG);
    assertThat(store().claim(request(key, "w2"))).isEqualTo(new Claim.Completed("\"\ufffd\""));
  }

  @Test
  void scriptsAreReloadedAfterScriptFlush() {
    String key = newKey();
    flushScripts();
    Fence fence = claimed(request(key, "w1"));
    flushScripts();
    assertThat(store().complete(key, fence, "1", LONG)).isEqualTo(Completion.ACCEPTED);
    flushScripts();
    assertThat(store().renew(List.of(new Lease(key, fence)), LONG)).hasSize(1);
    flushScripts();
    assertThat(store().claim(request(key, "w2"))).isEqualTo(new Claim.Completed("1"));
  }

  @Test
  void manyThreadsRacingForOneKeyGetExactlyOneClaim() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 20; round++) {
        String key = newKey();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Claim>> claims = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String owner = "w" + t;
          claims.add(
              pool.submit(
                  () -> {
                    start.await();
                    return store().claim(request(key, owner));
                  }));
        }
        start.countDown();
        int claimed = 0;
        for (Future<Claim> claim : claims) {
          Claim answer = claim.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
          if (answer instanceof Claim.Claimed) {
            claimed++;
          } else {
            assertThat(answer).isInstanceOf(Claim.InProgress.class);
          }
        }
        assertThat(claimed).as("claims of %s", key).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void severalStoresRacingLikeSeveralJvmsClaimEachKeyOnceAndShareTheResult() throws Exception {
    int storeCount = 3;
    int threadsPerStore = 6;
    List<RedisStore> stores = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(storeCount * threadsPerStore);
    try {
      for (int i = 0; i < storeCount; i++) {
        stores.add(RedisStore.connect(settings()));
      }
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        keys.add(newKey());
      }
      ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<String>>> workers = new ArrayList<>();
      for (RedisStore store : stores) {
        for (int t = 0; t < threadsPerStore; t++) {
          String owner = "w" + workers.size();
          workers.add(
              pool.submit(
                  () -> {
                    start.await();
                    List<String> seen = new ArrayList<>();
                    for (String key : keys) {
                      seen.add(runOnce(store, key, owner, runs));
                    }
                    return seen;
                  }));
        }
      }
      start.countDown();
      List<String> first = null;
      for (Future<List<String>> worker : workers) {
        List<String> seen = worker.get(60, TimeUnit.SECONDS);
        if (first == null) {
          first = seen;
        }
        assertThat(seen).as("every worker sees the same result per key").isEqualTo(first);
      }
      assertThat(runs).hasSize(keys.size());
      assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    } finally {
      pool.shutdownNow();
      stores.forEach(RedisStore::close);
    }
  }

  /** A worker's loop for one key: claim and run, or wait (polling) for the winner's result. */
  private static String runOnce(
      RedisStore store, String key, String owner, Map<String, AtomicInteger> runs) {
    return Eventually.poll(
        PATIENCE,
        "the result of " + key,
        () -> {
          Claim claim = store.claim(request(key, owner));
          if (claim instanceof Claim.Claimed c) {
            runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            String result = "\"" + owner + "\"";
            assertThat(store.complete(key, c.fence(), result, LONG)).isEqualTo(Completion.ACCEPTED);
            return Optional.of(result);
          }
          if (claim instanceof Claim.Completed done) {
            return Optional.of(done.resultJson());
          }
          return Optional.empty();
        });
  }

  private interface Plant {
    Object into(RespClient raw, String redisKey);
  }

  private void assertCorrupt(Plant plant, String what) {
    String key = newKey();
    String recordKey = RedisKeys.record(key);
    try (RespClient raw = raw(recordKey)) {
      plant.into(raw, recordKey);
      byte[] before = raw.callBytes("DUMP", recordKey);
      Object ttlBefore = raw.call("PTTL", recordKey);

      assertThatThrownBy(() -> store().claim(request(key, "w1")))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining(recordKey)
          .hasMessageContaining(what)
          .extracting(e -> ((CorruptRecordException) e).key())
          .isEqualTo(key);
      assertThatThrownBy(() -> store().complete(key, new Fence(1, 1), "1", LONG))
          .isInstanceOf(CorruptRecordException.class);
      assertThatThrownBy(
              () -> store().fail(key, new Fence(1, 1), new StoredFailure("E", "m"), LONG))
          .isInstanceOf(CorruptRecordException.class);
      assertThatThrownBy(() -> store().release(key, new Fence(1, 1)))
          .isInstanceOf(CorruptRecordException.class);
      assertThat(store().renew(List.of(new Lease(key, new Fence(1, 1))), LONG)).hasSize(1);

      assertThat(raw.callBytes("DUMP", recordKey)).as("value after").isEqualTo(before);
      Object ttlAfter = raw.call("PTTL", recordKey);
      if (ttlBefore.equals(-1L)) {
        assertThat(ttlAfter).isEqualTo(-1L);
      } else {
        assertThat((Long) ttlAfter).isPositive().isLessThanOrEqualTo((Long) ttlBefore);
      }
      assertThat(raw.call("EXISTS", RedisKeys.fence(key))).isEqualTo(0L);
    }
  }

  boolean exists(String redisKey) {
    try (RespClient raw = raw(redisKey)) {
      return (Long) raw.call("EXISTS", redisKey) == 1L;
    }
  }

  static Map<String, String> hash(RespClient raw, String redisKey) {
    List<?> flat = (List<?>) raw.call("HGETALL", redisKey);
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < flat.size(); i += 2) {
      fields.put((String) flat.get(i), (String) flat.get(i + 1));
    }
    return fields;
  }

  private static List<Lease> concat(List<Lease> leases, Lease more) {
    List<Lease> all = new ArrayList<>(leases);
    all.add(more);
    return all;
  }
}
