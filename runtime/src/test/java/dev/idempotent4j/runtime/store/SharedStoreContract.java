package dev.idempotent4j.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.store.SharedStore.Completion;
import dev.idempotent4j.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
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
 * The record protocol of every {@link SharedStore}, against a real deployment: each subclass runs
 * these tests against one (a Redis server, a Redis Cluster, PostgreSQL) and adds the tests of its
 * own storage format (how a record reads with the store's own tools, garbage under a key).
 */
public abstract class SharedStoreContract {
  protected static final Duration LONG = Duration.ofMinutes(5);
  protected static final Duration SHORT = Duration.ofMillis(200);
  protected static final Duration PATIENCE = Duration.ofSeconds(15);

  /** The store under test, connected to the deployment. */
  protected abstract SharedStore store();

  /** Another store on the same deployment (as another JVM would connect); the test closes it. */
  protected abstract SharedStore openAnother();

  /** Whether the claim on {@code key} no longer holds (its record expired or its lease ran out). */
  protected abstract boolean leaseRanOut(String key);

  /** Forgets the last token of {@code key} the way the store eventually does (expiry, sweeping). */
  protected abstract void forgetFence(String key);

  protected static String newKey() {
    return "i4j:Test.task:" + UUID.randomUUID();
  }

  protected static ClaimRequest request(String key, String owner) {
    return new ClaimRequest(key, null, owner, LONG, LONG);
  }

  protected Fence claimed(ClaimRequest request) {
    Claim claim = store().claim(request);
    assertThat(claim).isInstanceOf(Claim.Claimed.class);
    return ((Claim.Claimed) claim).fence();
  }

  protected Fence takeOver(ClaimRequest request) {
    return Eventually.poll(
        PATIENCE,
        "the lease on " + request.key() + " to run out",
        () ->
            store().claim(request) instanceof Claim.Claimed c
                ? Optional.of(c.fence())
                : Optional.empty());
  }

  @Test
  public void claimCompleteAndReplay() {
    String key = newKey();
    Fence fence = claimed(request(key, "w1"));
    assertThat(fence.attempt()).isEqualTo(1);
    assertThat(fence.token()).isPositive();

    assertThat(store().complete(key, fence, "{\"id\":42}", LONG)).isEqualTo(Completion.ACCEPTED);

    assertThat(store().claim(request(key, "w2"))).isEqualTo(new Claim.Completed("{\"id\":42}"));
    assertThat(store().claim(request(key, "w3"))).isEqualTo(new Claim.Completed("{\"id\":42}"));
  }

  @Test
  public void inProgressWhileAnotherWorkerHoldsTheLease() {
    String key = newKey();
    claimed(request(key, "w1"));

    Claim second = store().claim(request(key, "w2"));

    assertThat(second).isInstanceOf(Claim.InProgress.class);
    Duration left = ((Claim.InProgress) second).timeLeft();
    assertThat(left).isPositive().isLessThanOrEqualTo(LONG);
  }

  @Test
  public void anotherFingerprintIsKeyReuseWhileRunningAndAfterCompletion() {
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
  public void cachedFailureIsReplayed() {
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
  public void expiredLeaseIsTakenOverWithHigherTokenAndTheLateCompleteIsRefused() {
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
  public void theSameOwnerClaimingItsRunningKeyAgainTakesItsOrphanOverAtOnce() {
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
  public void aClaimSaysWhetherItTookOverALapsedLeaseOrFoundTheKeyFree() {
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
  public void completeAfterTheLeaseRanOutWithoutTakeoverIsRefused() {
    String key = newKey();
    Fence fence = claimed(new ClaimRequest(key, null, "w1", SHORT, LONG));
    Eventually.poll(
        PATIENCE,
        "the lease on " + key + " to run out",
        () -> leaseRanOut(key) ? Optional.of(true) : Optional.empty());

    assertThat(store().complete(key, fence, "1", LONG)).isEqualTo(Completion.LEASE_LOST);
    assertThat(leaseRanOut(key)).as("nothing written").isTrue();
  }

  @Test
  public void releaseLetsTheNextCallRunAgainWithHigherTokenAndAttempt() {
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
  public void tokenNeverGoesBackwardsAfterTheRecordExpired() {
    String key = newKey();
    Fence first = claimed(request(key, "w1"));
    store().complete(key, first, "1", SHORT);

    Fence second = takeOver(request(key, "w2"));

    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(second.attempt()).as("a new dedup window starts at attempt 1").isEqualTo(1);
  }

  @Test
  public void tokenNeverGoesBackwardsEvenWhenTheFenceKeyIsGone() {
    String key = newKey();
    Fence first = claimed(request(key, "w1"));
    store().release(key, first);
    forgetFence(key); // as if it expired

    Fence second = claimed(request(key, "w2"));

    assertThat(second.token()).isGreaterThan(first.token());
  }

  @Test
  public void renewKeepsLeasesAliveAndReportsTheLostOnes() {
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
  public void renewedShortLeaseIsNotTakenOver() {
    String key = newKey();
    Fence fence = claimed(new ClaimRequest(key, null, "w1", SHORT, LONG));

    assertThat(store().renew(List.of(new Lease(key, fence)), LONG)).isEmpty();

    assertThat(store().claim(request(key, "w2"))).isInstanceOf(Claim.InProgress.class);
    assertThat(store().complete(key, fence, "1", LONG)).isEqualTo(Completion.ACCEPTED);
  }

  @Test
  public void renewOfAnExpiredLeaseReportsItLost() {
    String key = newKey();
    Fence fence = claimed(new ClaimRequest(key, null, "w1", SHORT, LONG));
    Eventually.poll(
        PATIENCE,
        "the lease on " + key + " to run out",
        () -> leaseRanOut(key) ? Optional.of(true) : Optional.empty());

    assertThat(store().renew(List.of(new Lease(key, fence)), LONG))
        .containsExactly(new Lease(key, fence));
  }

  @Test
  @SuppressWarnings("try") // the resources are held open for their side effect
  public void releaseCompleteAndFailWakeListenersOnceAClaimFoundTheRecordRunning()
      throws Exception {
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
  @SuppressWarnings("try") // the resources are held open for their side effect
  public void listenersOfOtherKeysAreNotWoken() throws Exception {
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
  public void manyThreadsRacingForOneKeyGetExactlyOneClaim() throws Exception {
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
  public void severalStoresRacingLikeSeveralJvmsClaimEachKeyOnceAndShareTheResult()
      throws Exception {
    int storeCount = 3;
    int threadsPerStore = 6;
    List<SharedStore> stores = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(storeCount * threadsPerStore);
    try {
      for (int i = 0; i < storeCount; i++) {
        stores.add(openAnother());
      }
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        keys.add(newKey());
      }
      ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<String>>> workers = new ArrayList<>();
      for (SharedStore store : stores) {
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
      stores.forEach(SharedStore::close);
    }
  }

  /** Release, complete and fail: the three steps that end a claim and may wake waiters. */
  protected List<BiConsumer<String, Fence>> settlingSteps() {
    return List.of(
        (key, fence) -> store().release(key, fence),
        (key, fence) -> store().complete(key, fence, "1", LONG),
        (key, fence) -> store().fail(key, fence, new StoredFailure("E", "m"), LONG));
  }

  /** A worker's loop for one key: claim and run, or wait (polling) for the winner's result. */
  private static String runOnce(
      SharedStore store, String key, String owner, Map<String, AtomicInteger> runs) {
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

  private static List<Lease> concat(List<Lease> leases, Lease more) {
    List<Lease> all = new ArrayList<>(leases);
    all.add(more);
    return all;
  }
}
