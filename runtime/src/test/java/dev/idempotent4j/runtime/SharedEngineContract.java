package dev.idempotent4j.runtime;

import static dev.idempotent4j.runtime.Woven.awaitCondition;
import static dev.idempotent4j.runtime.Woven.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.OnInProgress;
import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.codec.RecordCodec;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.testing.CapturedLog;
import dev.idempotent4j.testing.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine with its shared store, against a real deployment: several engines stand for several
 * JVMs (each has its own store connection, local tier and single flight). Subclasses name the
 * deployment (a Redis server, a Redis Cluster, PostgreSQL) and read its records.
 */
abstract class SharedEngineContract {
  static final Duration PATIENCE = Duration.ofSeconds(20);

  /** The settings that select the store: {@code redis}, {@code redis.cluster} or {@code jdbc}. */
  abstract Map<String, String> storeSetting();

  /**
   * A field of the stored record of {@code key} of {@code task} as text ({@code token}, {@code fp},
   * {@code result}, {@code waiters}), read with the store's own tools; null when absent.
   */
  abstract String recordField(String task, String key, String field);

  /** Puts a value under the record of {@code key} of {@code task} that is not a record. */
  abstract void plantGarbage(String task, String key);

  /** The stored value under the record of {@code key} of {@code task}, exactly, to compare. */
  abstract Object snapshot(String task, String key);

  /**
   * Whether the store no longer holds the record of {@code key} of {@code task} as live: its ttl or
   * the lease of its claim ended.
   */
  abstract boolean outcomeExpired(String task, String key);

  /** Whether the claim on {@code key} of {@code task} is gone or its lease has run out. */
  abstract boolean claimLapsed(String task, String key);

  /** A fresh namespace per test, so tests never see each other's records. */
  final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

  private final List<Engine> engines = new ArrayList<>();
  final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void closeEngines() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    engines.forEach(Engine::close);
  }

  Settings settings() {
    return settings(Map.of());
  }

  /** The store's settings, this test's prefix, and {@code more}. */
  Settings settings(Map<String, String> more) {
    Map<String, String> code = new HashMap<>(storeSetting());
    code.put("prefix", prefix);
    code.put("timeout", "5s");
    code.putAll(more);
    return Settings.resolve(code, new Properties(), Map.of());
  }

  SharedStore connect() {
    Settings settings = settings();
    return settings.store().orElseThrow().open(settings);
  }

  /** Another "JVM": an engine with its own store connection and local tier. */
  Engine engine() {
    return engine(connect());
  }

  Engine engine(SharedStore store) {
    Engine engine = Engine.builder(settings()).store(store).build();
    engines.add(engine);
    return engine;
  }

  static TaskDefinition.Builder strings(String name) {
    return Woven.definition(name).returns(ReturnKind.VALUE, null, Codecs.string());
  }

  @Test
  void twoEnginesRacingOverTheSameKeysRunEachKeyOnceAndAllCallersSeeOneResult() throws Exception {
    Engine[] jvms = {engine(), engine()};
    TaskDefinition race = strings("race").build();
    BoundTask[] tasks = {jvms[0].bind(race), jvms[1].bind(race)};
    int keys = 100;
    int threadsPerEngine = 6;
    int rounds = 3;
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Map<String, Object>>> seen = new ArrayList<>();
    for (int e = 0; e < jvms.length; e++) {
      for (int t = 0; t < threadsPerEngine; t++) {
        Engine engine = jvms[e];
        BoundTask task = tasks[e];
        String worker = "engine" + e + "-thread" + t;
        int offset = (e * threadsPerEngine + t) * 17;
        seen.add(
            threads.submit(
                () -> {
                  start.await();
                  Map<String, Object> results = new HashMap<>();
                  for (int i = 0; i < keys * rounds; i++) {
                    String key = "k" + ((i + offset) % keys);
                    Object result =
                        call(
                            engine,
                            task,
                            key,
                            () -> {
                              runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                              return key + " by " + worker;
                            });
                    Object earlier = results.putIfAbsent(key, result);
                    assertThat(earlier == null || earlier.equals(result)).isTrue();
                  }
                  return results;
                }));
      }
    }
    start.countDown();
    Map<String, Object> first = seen.get(0).get();
    for (Future<Map<String, Object>> other : seen) {
      assertThat(other.get()).isEqualTo(first);
    }
    assertThat(runs).hasSize(keys);
    assertThat(runs.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    long executed = 0;
    for (Engine engine : jvms) {
      TaskMetrics metrics = engine.metrics().task("race");
      executed += metrics.executed();
      assertThat(metrics.storeErrors()).isZero();
      assertThat(metrics.lostLeases()).isZero();
    }
    assertThat(executed).isEqualTo(keys);
  }

  @Test
  void concurrentDuplicatesInOneEngineMakeOneClaim() throws Exception {
    CountingStore counting = new CountingStore(connect());
    Engine engine = engine(counting);
    BoundTask task = engine.bind(strings("one-claim").build());
    int callers = 16;
    CountDownLatch release = new CountDownLatch(1);
    List<Future<Object>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      results.add(
          threads.submit(
              () ->
                  call(
                      engine,
                      task,
                      "k",
                      () -> {
                        release.await();
                        return "only";
                      })));
    }
    awaitCondition("15 local waiters", () -> engine.metrics().task("one-claim").waits() == 15);
    release.countDown();
    for (Future<Object> result : results) {
      assertThat(result.get()).isEqualTo("only");
    }
    assertThat(counting.claims).hasValue(1);
    assertThat(counting.completes).hasValue(1);
    // later duplicates are local hits: still one claim
    assertThat(call(engine, task, "k", () -> "again")).isEqualTo("only");
    assertThat(counting.claims).hasValue(1);
  }

  @Test
  void aDuplicateInAnotherEngineIsASharedHitAndThenALocalOne() throws Exception {
    Engine a = engine();
    Engine b = engine();
    TaskDefinition definition = strings("hit").build();
    assertThat(call(a, a.bind(definition), "k", () -> "from a")).isEqualTo("from a");
    BoundTask onB = b.bind(definition);
    assertThat(call(b, onB, "k", () -> "from b")).isEqualTo("from a");
    assertThat(call(b, onB, "k", () -> "from b")).isEqualTo("from a");
    TaskMetrics metrics = b.metrics().task("hit");
    assertThat(metrics.executed()).isZero();
    assertThat(metrics.sharedHits()).isEqualTo(1);
    assertThat(metrics.localHits()).isEqualTo(1);
  }

  @Test
  void theFencingTokenAndAttemptComeFromTheStore() throws Exception {
    Engine a = engine();
    BoundTask task = a.bind(strings("fence").build());
    long[] token = new long[1];
    call(
        a,
        task,
        "k",
        () -> {
          token[0] = IdempotencyContext.current().orElseThrow().fencingToken();
          return "x";
        });
    assertThat(recordField("fence", "k", "token")).isEqualTo(Long.toString(token[0]));
  }

  @Test
  void leaseRenewalKeepsATaskLongerThanItsLeaseOwned() throws Exception {
    CountingStore counting = new CountingStore(connect());
    Engine a = engine(counting);
    Engine b = engine();
    TaskDefinition definition =
        strings("long").lease(Duration.ofMillis(1200)).onInProgress(OnInProgress.THROW).build();
    CountDownLatch finish = new CountDownLatch(1);
    Future<Object> first = holdKey(a, a.bind(definition), finish, "owner");
    BoundTask onB = b.bind(definition);
    // Several leases' worth of renewals (counted, not timed): the key stays a's all along.
    int renewalsAtStart = counting.renewCalls.get();
    while (counting.renewCalls.get() < renewalsAtStart + 5) {
      assertThatThrownBy(() -> call(b, onB, "k", () -> "thief"))
          .isInstanceOf(TaskInProgressException.class);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    finish.countDown();
    assertThat(first.get()).isEqualTo("owner");
    assertThat(a.metrics().task("long").lostLeases()).isZero();
    assertThat(call(b, onB, "k", () -> "thief")).isEqualTo("owner");
    assertThat(b.metrics().task("long").executed()).isZero();
  }

  @Test
  void oneRenewCallPerLeaseDurationRenewsEveryRunningClaim() throws Exception {
    // The renewer's timing runs on a fake clock; the leases themselves live in Redis.
    FakeClock clock = new FakeClock();
    CountingStore counting = new CountingStore(connect());
    Engine engine = Engine.builder(settings()).clock(clock).store(counting).build();
    engines.add(engine);
    BoundTask thirty = engine.bind(strings("batch30").lease(Duration.ofSeconds(30)).build());
    BoundTask sixty = engine.bind(strings("batch60").lease(Duration.ofSeconds(60)).build());
    int perLease = 10;
    CountDownLatch started = new CountDownLatch(2 * perLease);
    CountDownLatch finish = new CountDownLatch(1);
    List<Future<Object>> running = new ArrayList<>();
    for (int i = 0; i < perLease; i++) {
      for (BoundTask task : List.of(thirty, sixty)) {
        String key = "k" + i;
        running.add(
            threads.submit(
                () ->
                    call(
                        engine,
                        task,
                        key,
                        () -> {
                          started.countDown();
                          finish.await();
                          return "done";
                        })));
      }
    }
    started.await();
    int before = counting.renewCalls.get();
    clock.advance(Duration.ofSeconds(10)); // a third of 30 s: the ten 30 s leases, in one call
    awaitCondition("one renewal and the next one scheduled", () -> clock.pending() == 2);
    assertThat(counting.renewCalls.get()).isEqualTo(before + 1);
    clock.advance(Duration.ofSeconds(10)); // both durations are due: one call each
    awaitCondition(
        "two renewals and the next ones scheduled",
        () -> counting.renewCalls.get() == before + 3 && clock.pending() == 2);
    finish.countDown();
    for (Future<Object> result : running) {
      assertThat(result.get()).isEqualTo("done");
    }
    assertThat(engine.metrics().task("batch30").lostLeases()).isZero();
    assertThat(engine.metrics().task("batch60").lostLeases()).isZero();
    assertThat(engine.metrics().task("batch30").storeErrors()).isZero();
  }

  @Test
  void aWorkerPastItsLeaseLosesItAndItsLateOutcomeIsRefused() throws Exception {
    Engine paused = engine();
    Engine other = engine();
    TaskDefinition definition = strings("lapse").lease(Duration.ofMillis(500)).build();
    paused.leaseRenewer().stop(); // as if its JVM stood still: nobody renews its lease
    CountDownLatch finish = new CountDownLatch(1);
    Future<Object> late = holdKey(paused, paused.bind(definition), finish, "late");
    // WAIT: the other engine waits for the lease to run out, takes over and runs it.
    BoundTask onOther = other.bind(definition);
    int[] attempt = new int[1];
    Object taken =
        call(
            other,
            onOther,
            "k",
            () -> {
              attempt[0] = IdempotencyContext.current().orElseThrow().attempt();
              return "new owner";
            });
    assertThat(taken).isEqualTo("new owner");
    assertThat(attempt[0]).isEqualTo(2);
    assertThat(other.metrics().task("lapse").takeovers()).isEqualTo(1);
    finish.countDown();
    assertThat(late.get()).isEqualTo("late"); // its caller still gets what it computed
    TaskMetrics pausedMetrics = paused.metrics().task("lapse");
    assertThat(pausedMetrics.lostLeases()).isEqualTo(1);
    assertThat(pausedMetrics.executed()).isEqualTo(1);
    assertThat(CapturedLog.messages())
        .anyMatch(m -> m.startsWith("INFO") && m.contains("took over from a worker whose lease"))
        .anyMatch(m -> m.startsWith("WARNING") && m.contains("attempt 1 (fencing token"));
    // The stored outcome is the new owner's, here and in any other engine.
    Engine fresh = engine();
    assertThat(call(fresh, fresh.bind(definition), "k", () -> "x")).isEqualTo("new owner");
    assertThat(call(paused, paused.bind(definition), "k", () -> "x")).isEqualTo("new owner");
  }

  /**
   * Issue 11, "an outcome thrown away for nothing": the lease ran out while the task ran, but
   * nobody claimed the key meanwhile, so the late outcome is still the only one: it is stored, and
   * neither this engine nor another runs the key again.
   */
  @Test
  void aLateOutcomeIsStoredWhenNobodyClaimedTheKeyAfterTheLeaseRanOut() throws Exception {
    Engine paused = engine();
    TaskDefinition definition = strings("unclaimed").lease(Duration.ofMillis(500)).build();
    paused.leaseRenewer().stop(); // as if its JVM stood still: nobody renews its lease
    CountDownLatch finish = new CountDownLatch(1);
    Future<Object> late = holdKey(paused, paused.bind(definition), finish, "late");
    Eventually.poll(
        PATIENCE,
        "the lapsed claim to expire",
        () -> claimLapsed("unclaimed", "k") ? Optional.of(true) : Optional.empty());
    finish.countDown();
    assertThat(late.get()).isEqualTo("late");
    AtomicInteger runs = new AtomicInteger();
    assertThat(call(paused, paused.bind(definition), "k", () -> "again " + runs.incrementAndGet()))
        .isEqualTo("late");
    Engine other = engine();
    assertThat(call(other, other.bind(definition), "k", () -> "again " + runs.incrementAndGet()))
        .isEqualTo("late");
    assertThat(runs).hasValue(0);
    assertThat(paused.metrics().task("unclaimed").lostLeases()).isZero();
  }

  /**
   * Issue 11, "a hung but alive worker holds its key forever": its JVM renews, but only up to the
   * task's maximum run time; then the lease runs out, another engine takes the key over, and the
   * hung execution's late complete is refused.
   */
  @Test
  void pastItsMaxRunTimeAWorkerIsNoLongerRenewedAndItsKeyIsTakenOver() throws Exception {
    Engine hung = engine();
    Engine other = engine();
    TaskDefinition definition =
        strings("hung")
            .lease(Duration.ofMillis(500))
            .maxRunTime(Duration.ofSeconds(1))
            .waitTimeout(Duration.ofSeconds(10))
            .build();
    CountDownLatch finish = new CountDownLatch(1);
    Future<Object> late = holdKey(hung, hung.bind(definition), finish, "late");
    // WAIT: the other engine waits, and takes the key over once the lease runs out unrenewed.
    Object taken = call(other, other.bind(definition), "k", () -> "new owner");
    assertThat(taken).isEqualTo("new owner");
    assertThat(other.metrics().task("hung").takeovers()).isEqualTo(1);
    finish.countDown();
    assertThat(late.get()).isEqualTo("late"); // its caller still gets what it computed
    TaskMetrics hungMetrics = hung.metrics().task("hung");
    assertThat(hungMetrics.overruns()).isEqualTo(1);
    assertThat(hungMetrics.lostLeases()).isEqualTo(1); // the late complete was refused
    assertThat(call(hung, hung.bind(definition), "k", () -> "x")).isEqualTo("new owner");
  }

  @Test
  void garbageUnderATaskKeyIsCorruptLeftUntouchedAndNothingRuns() throws Exception {
    Engine a = engine();
    BoundTask task = a.bind(strings("garbage").build());
    plantGarbage("garbage", "k");
    Object before = snapshot("garbage", "k");
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(() -> call(a, task, "k", () -> "ran " + runs.incrementAndGet()))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining(prefix + ":garbage:k")
        .satisfies(
            e -> assertThat(((CorruptRecordException) e).key()).isEqualTo(prefix + ":garbage:k"));
    assertThat(runs).hasValue(0);
    assertThat(snapshot("garbage", "k")).isEqualTo(before);
    assertThat(a.metrics().task("garbage").storeErrors()).isEqualTo(1);
  }

  @Test
  void aStoredResultThatDoesNotDecodeIsCorruptAndLeftAsItWas() throws Exception {
    Engine a = engine();
    Engine b = engine();
    call(a, a.bind(strings("typed").build()), "k", () -> "not a number");
    BoundTask asInt =
        b.bind(Woven.definition("typed").returns(ReturnKind.VALUE, 0, Codecs.intValue()).build());
    Object before = snapshot("typed", "k");
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(() -> call(b, asInt, "k", runs::incrementAndGet))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("does not decode")
        .hasMessageContaining(prefix + ":typed:k");
    assertThat(runs).hasValue(0);
    assertThat(snapshot("typed", "k")).isEqualTo(before);
  }

  @Test
  void theStoreExpiresAnOutcomeAfterItsTtlAndTheNextCallRunsAgain() throws Exception {
    TaskDefinition definition =
        strings("ttl").ttl(Duration.ofSeconds(1)).lease(Duration.ofSeconds(1)).build();
    Engine a = engine();
    assertThat(call(a, a.bind(definition), "k", () -> "first")).isEqualTo("first");
    Eventually.poll(
        PATIENCE,
        "the store to expire the outcome of ttl/k",
        () -> outcomeExpired("ttl", "k") ? Optional.of(true) : Optional.empty());
    Engine b = engine(); // a cold local tier: only the store could have remembered
    assertThat(call(b, b.bind(definition), "k", () -> "second")).isEqualTo("second");
  }

  @Test
  void anotherFingerprintInAnotherEngineIsKeyReuseAndOnlyItsHashIsStored() throws Exception {
    TaskDefinition definition =
        Woven.withFingerprint("fp").returns(ReturnKind.VALUE, null, Codecs.string()).build();
    Engine a = engine();
    Engine b = engine();
    call(a, a.bind(definition), new Object[] {"k", "amount=10"}, () -> "paid 10");
    BoundTask onB = b.bind(definition);
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(
            () ->
                call(
                    b, onB, new Object[] {"k", "amount=99"}, () -> "ran " + runs.incrementAndGet()))
        .isInstanceOf(KeyReuseException.class);
    assertThat(runs).hasValue(0);
    assertThat(b.metrics().task("fp").keyReuse()).isEqualTo(1);
    assertThat(call(b, onB, new Object[] {"k", "amount=10"}, () -> "again")).isEqualTo("paid 10");
    assertThat(recordField("fp", "k", "fp")).isEqualTo(Keys.sha256Hex("amount=10"));
  }

  @Test
  void aResultPastMaxResultSizeIsStoredAsAFailureSoNoEngineRunsTheKeyAgain() throws Exception {
    Settings small = settings(Map.of("max-result-size", "100"));
    Engine a = Engine.builder(small).store(small.store().orElseThrow().open(small)).build();
    Engine b = Engine.builder(small).store(small.store().orElseThrow().open(small)).build();
    engines.add(a);
    engines.add(b);
    TaskDefinition definition = strings("big").build();
    BoundTask onA = a.bind(definition);
    AtomicInteger runs = new AtomicInteger();
    String fits = "é".repeat(49); // its JSON, with the quotes, is 100 bytes of UTF-8
    String huge = "é".repeat(50); // 102 bytes

    assertThat(call(a, onA, "fits", () -> fits)).isEqualTo(fits);
    assertThat(call(b, b.bind(definition), "fits", () -> "ran")).isEqualTo(fits);
    assertThat(call(a, onA, "huge", () -> huge + runs.incrementAndGet())).isEqualTo(huge + 1);
    // The caller and this engine's duplicates keep the value...
    assertThat(call(a, onA, "huge", () -> "ran " + runs.incrementAndGet())).isEqualTo(huge + 1);
    // ...another engine meets the stored failure, and the body never runs again.
    assertThatThrownBy(() -> call(b, b.bind(definition), "huge", () -> runs.incrementAndGet()))
        .isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("dev.idempotent4j.ResultTooLarge")
        .hasMessageContaining("the task ran");
    assertThat(runs).hasValue(1);
    assertThat(CapturedLog.warnings())
        .anyMatch(
            m ->
                m.contains(prefix + ":big:huge")
                    && m.contains("103 bytes of JSON")
                    && m.contains("idempotent4j.max-result-size (100 bytes)"));
  }

  @Test
  void aCachedFailureReplaysInAnotherEngineAsTaskFailedNamingTheOriginal() throws Exception {
    TaskDefinition definition =
        strings("declined").cacheFailures(List.of(IllegalStateException.class)).build();
    Engine a = engine();
    Engine b = engine();
    assertThatThrownBy(
            () ->
                call(
                    a,
                    a.bind(definition),
                    "k",
                    () -> {
                      throw new IllegalStateException("card declined");
                    }))
        .isInstanceOf(IllegalStateException.class);
    BoundTask onB = b.bind(definition);
    AtomicInteger runs = new AtomicInteger();
    for (int i = 0; i < 2; i++) { // a shared hit, then a local one
      assertThatThrownBy(() -> call(b, onB, "k", () -> "ran " + runs.incrementAndGet()))
          .isInstanceOf(TaskFailedException.class)
          .hasMessageContaining("java.lang.IllegalStateException: card declined");
    }
    assertThat(runs).hasValue(0);
    assertThat(b.metrics().task("declined").sharedHits()).isEqualTo(1);
    assertThat(b.metrics().task("declined").localHits()).isEqualTo(1);
  }

  @Test
  void throwSkipAndWaitAgainstAnotherEnginesRunningClaim() throws Exception {
    Engine owner = engine();
    Engine other = engine();
    CountDownLatch finish = new CountDownLatch(1);
    Future<Object> running = holdKey(owner, owner.bind(strings("modes").build()), finish, "done");
    AtomicInteger runs = new AtomicInteger();
    BoundTask throwing = other.bind(strings("modes").onInProgress(OnInProgress.THROW).build());
    assertThatThrownBy(() -> call(other, throwing, "k", () -> "ran " + runs.incrementAndGet()))
        .isInstanceOf(TaskInProgressException.class)
        .hasMessageContaining("in progress in another worker");
    Engine skipper = engine();
    BoundTask skipping = skipper.bind(strings("modes").onInProgress(OnInProgress.SKIP).build());
    assertThat(call(skipper, skipping, "k", () -> "ran " + runs.incrementAndGet())).isNull();
    Engine waiter = engine();
    BoundTask waiting = waiter.bind(strings("modes").build());
    Future<Object> waited =
        threads.submit(() -> call(waiter, waiting, "k", () -> "ran " + runs.incrementAndGet()));
    awaitCondition("a shared wait", () -> waiter.metrics().task("modes").waits() == 1);
    finish.countDown();
    assertThat(running.get()).isEqualTo("done");
    assertThat(waited.get()).isEqualTo("done");
    assertThat(runs).hasValue(0);
    assertThat(other.metrics().task("modes").inProgress()).isEqualTo(1);
    assertThat(skipper.metrics().task("modes").skips()).isEqualTo(1);
    assertThat(waiter.metrics().task("modes").sharedHits()).isEqualTo(1);
  }

  @Test
  void aWaiterInAnotherEngineIsWokenByTheCompletionNotByItsPoll() throws Exception {
    Engine owner = engine();
    // the waiter's clock never moves: its poll ticks never fire, only a notification wakes it
    FakeClock clock = new FakeClock();
    Engine waiter = Engine.builder(settings()).clock(clock).store(connect()).build();
    engines.add(waiter);
    CountDownLatch finish = new CountDownLatch(1);
    Future<Object> running =
        holdKey(owner, owner.bind(strings("notified").build()), finish, "done");
    AtomicInteger runs = new AtomicInteger();
    BoundTask waiting = waiter.bind(strings("notified").build());
    Future<Object> waited =
        threads.submit(() -> call(waiter, waiting, "k", () -> "ran " + runs.incrementAndGet()));
    // its first claim and the claim after it subscribed both found the record running
    awaitCondition(
        "the waiter subscribed and claimed again",
        () -> "2".equals(recordField("notified", "k", "waiters")));
    finish.countDown();
    assertThat(running.get()).isEqualTo("done");
    assertThat(waited.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(runs).hasValue(0);
    assertThat(waiter.metrics().task("notified").sharedHits()).isEqualTo(1);
  }

  @Test
  void aWaitTimesOutWithTaskInProgressAndNothingRuns() throws Exception {
    Engine owner = engine();
    Engine waiter = engine();
    CountDownLatch finish = new CountDownLatch(1);
    Future<Object> running = holdKey(owner, owner.bind(strings("slow").build()), finish, "done");
    BoundTask impatient = waiter.bind(strings("slow").waitTimeout(Duration.ofMillis(300)).build());
    assertThatThrownBy(() -> call(waiter, impatient, "k", () -> "ran"))
        .isInstanceOf(TaskInProgressException.class)
        .hasMessageContaining("waitTimeout");
    finish.countDown();
    assertThat(running.get()).isEqualTo("done");
    assertThat(waiter.metrics().task("slow").inProgress()).isEqualTo(1);
  }

  @Test
  void aReleaseInOneEngineLetsAWaiterInAnotherRunItAsTheNextAttempt() throws Exception {
    Engine first = engine();
    Engine second = engine();
    TaskDefinition definition = strings("retry").build();
    CountDownLatch fail = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Future<Object> failing =
        threads.submit(
            () ->
                call(
                    first,
                    first.bind(definition),
                    "k",
                    () -> {
                      started.countDown();
                      fail.await();
                      throw new IOException("network");
                    }));
    started.await();
    BoundTask onSecond = second.bind(definition);
    int[] attempt = new int[1];
    Future<Object> retried =
        threads.submit(
            () ->
                call(
                    second,
                    onSecond,
                    "k",
                    () -> {
                      attempt[0] = IdempotencyContext.current().orElseThrow().attempt();
                      return "second try";
                    }));
    awaitCondition("a shared wait", () -> second.metrics().task("retry").waits() == 1);
    fail.countDown();
    assertThatThrownBy(failing::get).hasCauseInstanceOf(IOException.class);
    assertThat(retried.get()).isEqualTo("second try");
    assertThat(attempt[0]).isEqualTo(2);
    TaskMetrics metrics = second.metrics().task("retry");
    assertThat(metrics.executed()).isEqualTo(1);
    assertThat(metrics.takeovers()).isZero(); // a release is not a takeover
    assertThat(first.metrics().task("retry").releases()).isEqualTo(1);
  }

  @Test
  void asyncTasksCompleteTheirRecordWhenTheFutureCompletesAcrossEngines() throws Exception {
    TaskDefinition definition =
        Woven.definition("async")
            .returns(ReturnKind.COMPLETABLE_FUTURE, null, Codecs.string())
            .build();
    Engine a = engine();
    Engine b = engine();
    CompletableFuture<String> body = new CompletableFuture<>();
    Object first = call(a, a.bind(definition), "k", () -> body);
    BoundTask onB = b.bind(definition);
    AtomicInteger runs = new AtomicInteger();
    // The record is still running: b's call gets a future without blocking.
    @SuppressWarnings("unchecked")
    CompletableFuture<Object> duplicate =
        (CompletableFuture<Object>)
            call(
                b,
                onB,
                "k",
                () -> CompletableFuture.completedFuture("ran " + runs.incrementAndGet()));
    assertThat(duplicate).isNotDone();
    body.complete("async value");
    assertThat(((CompletableFuture<?>) first).get()).isEqualTo("async value");
    assertThat(duplicate.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("async value");
    assertThat(runs).hasValue(0);
    Engine c = engine();
    assertThat(((CompletableFuture<?>) call(c, c.bind(definition), "k", () -> null)).get())
        .isEqualTo("async value");
  }

  /**
   * Issue 11, defect 9: async duplicates waiting for another engine's claims take no thread each:
   * they are woken by notifications and scheduled polls, and the claims they make are short.
   */
  @Test
  void hundredsOfAsyncWaitsForAnotherEnginesClaimsTakeNoThreadEach() throws Exception {
    TaskDefinition definition =
        Woven.definition("many")
            .returns(ReturnKind.COMPLETABLE_FUTURE, null, Codecs.string())
            .build();
    Engine a = engine();
    Engine b = engine();
    BoundTask onA = a.bind(definition);
    BoundTask onB = b.bind(definition);
    int keys = 300;
    List<CompletableFuture<String>> bodies = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      CompletableFuture<String> body = new CompletableFuture<>();
      bodies.add(body);
      call(a, onA, "k" + i, () -> body); // running in a, holding no thread
    }
    int before = engineThreads();
    List<CompletableFuture<?>> duplicates = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      duplicates.add(
          (CompletableFuture<?>)
              call(b, onB, "k" + i, () -> CompletableFuture.completedFuture("b")));
    }
    assertThat(b.metrics().task("many").waits()).isEqualTo(keys);
    assertThat(engineThreads() - before).isLessThan(keys / 10);
    for (int i = 0; i < keys; i++) {
      bodies.get(i).complete("a" + i);
    }
    for (int i = 0; i < keys; i++) {
      assertThat(duplicates.get(i).get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("a" + i);
    }
    assertThat(b.metrics().task("many").executed()).isZero();
  }

  /** Live threads of idempotent4j's own (engines, clocks, pools). */
  private static int engineThreads() {
    int count = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("idempotent4j")) {
        count++;
      }
    }
    return count;
  }

  record Receipt(String id, long cents, List<String> lines) {}

  static final RecordCodec<Receipt> RECEIPT =
      Codecs.<Receipt>record("Receipt")
          .component("id", Codecs.string(), Receipt::id)
          .component("cents", Codecs.longValue(), Receipt::cents)
          .component("lines", Codecs.list(Codecs.string()), Receipt::lines)
          .build(c -> new Receipt(c.<String>get(0), c.getLong(1), c.<List<String>>get(2)));

  @Test
  void recordResultsCrossEnginesAsJsonAndComeBackEqualAndImmutable() throws Exception {
    TaskDefinition definition =
        Woven.definition("receipt").returns(ReturnKind.VALUE, null, RECEIPT).build();
    Engine a = engine();
    Engine b = engine();
    Receipt receipt = new Receipt("r-1", 1250, new ArrayList<>(List.of("coffee", "cake")));
    call(a, a.bind(definition), "k", () -> receipt);
    Object replayed = call(b, b.bind(definition), "k", () -> null);
    assertThat(replayed).isEqualTo(receipt);
    assertThatThrownBy(() -> ((Receipt) replayed).lines().add("more"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(recordField("receipt", "k", "result"))
        .isEqualTo("{\"id\":\"r-1\",\"cents\":1250,\"lines\":[\"coffee\",\"cake\"]}");
  }

  /**
   * Starts a call of {@code task} for key "k" on {@code engine} whose body holds the key until
   * {@code finish} opens and then returns {@code result}; returns once the body runs.
   */
  private Future<Object> holdKey(
      Engine engine, BoundTask task, CountDownLatch finish, Object result) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Future<Object> running =
        threads.submit(
            () ->
                call(
                    engine,
                    task,
                    "k",
                    () -> {
                      started.countDown();
                      finish.await();
                      return result;
                    }));
    started.await();
    return running;
  }
}
