package dev.idempotent4j.runtime;

import static dev.idempotent4j.runtime.Woven.awaitCondition;
import static dev.idempotent4j.runtime.Woven.call;
import static dev.idempotent4j.runtime.Woven.definition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.idempotent4j.OnInProgress;
import dev.idempotent4j.runtime.spi.KeyBuilder;
import dev.idempotent4j.runtime.spi.ResultCodec;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.runtime.spi.UnkeyableValueException;
import dev.idempotent4j.testing.CapturedLog;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineTest {

  private final FakeClock clock = new FakeClock();
  private final Engine engine = Engine.builder(Settings.defaults()).clock(clock).build();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    engine.close();
  }

  private BoundTask bind(TaskDefinition.Builder definition) {
    return engine.bind(definition.build());
  }

  private TaskMetrics metrics(String task) {
    return engine.metrics().task(task);
  }

  @Test
  void manyThreadsOnOneKeyShareOneExecutionAndOneResult() throws Exception {
    BoundTask task = bind(definition("charge"));
    int callers = 16;
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    List<Future<Object>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      results.add(
          threads.submit(
              () ->
                  call(
                      engine,
                      task,
                      "order-1",
                      () -> {
                        runs.incrementAndGet();
                        release.await();
                        return new StringBuilder("receipt");
                      })));
    }
    // Every other caller is waiting on the one execution before it may finish.
    awaitCondition("15 waiters", () -> metrics("charge").waits() == callers - 1);
    release.countDown();
    Set<Object> distinct = Collections2.identitySet();
    for (Future<Object> result : results) {
      distinct.add(result.get());
    }
    assertThat(runs).hasValue(1);
    assertThat(distinct).hasSize(1);
    TaskMetrics m = metrics("charge");
    assertThat(m.executed()).isEqualTo(1);
    assertThat(m.waits()).isEqualTo(callers - 1);
    assertThat(m.localHits()).isEqualTo(callers - 1);
  }

  @Test
  void racingCallersOverManyKeysRunEachKeyExactlyOnce() throws Exception {
    // Quick bodies, so completions interleave with new arrivals: this exercises the window
    // between a look at the local tier and joining (or starting) a flight.
    BoundTask task = bind(definition("race"));
    int keys = 300;
    int callers = 8;
    int rounds = 3;
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Map<String, Object>>> seen = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int offset = c * 37;
      seen.add(
          threads.submit(
              () -> {
                start.await();
                Map<String, Object> results = new java.util.HashMap<>();
                for (int i = 0; i < keys * rounds; i++) {
                  String key = "k" + ((i + offset) % keys);
                  Object result =
                      call(
                          engine,
                          task,
                          key,
                          () -> {
                            runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                            return new Object();
                          });
                  Object previous = results.putIfAbsent(key, result);
                  if (previous != null && previous != result) {
                    throw new AssertionError(key + " returned two different results");
                  }
                }
                return results;
              }));
    }
    start.countDown();
    Map<String, Object> first = seen.get(0).get();
    for (Future<Map<String, Object>> other : seen) {
      Map<String, Object> results = other.get();
      for (Map.Entry<String, Object> e : results.entrySet()) {
        assertThat(e.getValue()).as(e.getKey()).isSameAs(first.get(e.getKey()));
      }
    }
    assertThat(runs).hasSize(keys);
    assertThat(runs.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    assertThat(metrics("race").executed()).isEqualTo(keys);
  }

  @Test
  void aCachedFailureExpiresWithItsTtl() throws Exception {
    BoundTask task =
        bind(
            Woven.caching("charge", List.of(IllegalArgumentException.class))
                .ttl(Duration.ofMinutes(1)));
    AtomicInteger runs = new AtomicInteger();
    catchThrowable(
        () ->
            call(
                engine,
                task,
                "k",
                () -> {
                  runs.incrementAndGet();
                  throw new IllegalArgumentException("declined");
                }));
    assertThat(catchThrowable(() -> call(engine, task, "k", runs::incrementAndGet)))
        .hasMessage("declined");
    clock.advance(Duration.ofMinutes(1));
    assertThat(call(engine, task, "k", runs::incrementAndGet)).isEqualTo(2);
  }

  @Test
  void differentKeysRunInParallel() throws Exception {
    BoundTask task = bind(definition("charge"));
    int keys = 4;
    CountDownLatch allInside = new CountDownLatch(keys);
    List<Future<Object>> results = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      String key = "order-" + i;
      results.add(
          threads.submit(
              () ->
                  call(
                      engine,
                      task,
                      key,
                      () -> {
                        allInside.countDown();
                        // Only reachable if all four bodies run at the same time.
                        if (!allInside.await(30, TimeUnit.SECONDS)) {
                          throw new AssertionError("keys did not run in parallel");
                        }
                        return key;
                      })));
    }
    for (int i = 0; i < keys; i++) {
      assertThat(results.get(i).get()).isEqualTo("order-" + i);
    }
    assertThat(metrics("charge").executed()).isEqualTo(keys);
  }

  @Test
  void aFailureReleasesTheKeyAndTheNextCallRunsAgainAsTheNextAttempt() throws Exception {
    BoundTask task = bind(definition("charge"));
    List<Integer> attempts = new ArrayList<>();
    Throwable failure =
        catchThrowable(
            () ->
                call(
                    engine,
                    task,
                    "order-1",
                    () -> {
                      attempts.add(IdempotencyContext.current().orElseThrow().attempt());
                      throw new IllegalStateException("gateway down");
                    }));
    assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("gateway down");

    Object second =
        call(
            engine,
            task,
            "order-1",
            () -> {
              attempts.add(IdempotencyContext.current().orElseThrow().attempt());
              return "ok";
            });
    assertThat(second).isEqualTo("ok");
    assertThat(attempts).containsExactly(1, 2);
    assertThat(call(engine, task, "order-1", () -> "never")).isEqualTo("ok");
    assertThat(metrics("charge").releases()).isEqualTo(1);
    assertThat(metrics("charge").executed()).isEqualTo(2);
  }

  @Test
  void afterAReleaseExactlyOneWaiterRunsAgainAndTheOthersGetItsResult() throws Exception {
    BoundTask task = bind(definition("charge"));
    int waiters = 8;
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch failFirst = new CountDownLatch(1);
    Future<Object> first =
        threads.submit(
            () ->
                call(
                    engine,
                    task,
                    "order-1",
                    () -> {
                      runs.incrementAndGet();
                      failFirst.await();
                      throw new IllegalStateException("first attempt fails");
                    }));
    awaitCondition("first running", () -> runs.get() == 1);
    List<Future<Object>> others = new ArrayList<>();
    for (int i = 0; i < waiters; i++) {
      others.add(
          threads.submit(
              () ->
                  call(
                      engine,
                      task,
                      "order-1",
                      () ->
                          "attempt "
                              + IdempotencyContext.current().orElseThrow().attempt()
                              + " run "
                              + runs.incrementAndGet())));
    }
    awaitCondition("all waiting", () -> metrics("charge").waits() == waiters);
    failFirst.countDown();

    assertThatThrownBy(first::get).hasCauseInstanceOf(IllegalStateException.class);
    Set<Object> results = ConcurrentHashMap.newKeySet();
    for (Future<Object> other : others) {
      results.add(other.get());
    }
    assertThat(results).containsExactly("attempt 2 run 2");
    assertThat(runs).hasValue(2);
    TaskMetrics m = metrics("charge");
    assertThat(m.executed()).isEqualTo(2);
    assertThat(m.releases()).isEqualTo(1);
    assertThat(m.waits()).isEqualTo(waiters);
    assertThat(m.localHits()).isEqualTo(waiters - 1);
  }

  @Test
  void anInterruptedWaiterStopsWaitingWithTaskInProgressAndKeepsItsInterruptFlag()
      throws Exception {
    BoundTask task = bind(definition("slow"));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Future<Object> first =
        threads.submit(
            () ->
                call(
                    engine,
                    task,
                    "k",
                    () -> {
                      running.countDown();
                      release.await();
                      return "done";
                    }));
    running.await();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              Throwable thrown = catchThrowable(() -> call(engine, task, "k", () -> "never"));
              outcome.complete(
                  Thread.currentThread().isInterrupted()
                      ? thrown
                      : new AssertionError("flag lost"));
            });
    waiter.start();
    awaitCondition("waiting", () -> metrics("slow").waits() == 1);
    awaitCondition("parked", () -> waiter.getState() == Thread.State.WAITING);
    waiter.interrupt();
    assertThat(outcome.get())
        .isInstanceOf(TaskInProgressException.class)
        .hasMessageContaining("interrupted while waiting");
    release.countDown();
    assertThat(first.get()).isEqualTo("done");
  }

  @Test
  void aCachedFailureIsFinalAndReplayedWithoutRunning() throws Exception {
    BoundTask task =
        bind(Woven.caching("charge", List.of(IllegalArgumentException.class, IOException.class)));
    AtomicInteger runs = new AtomicInteger();
    IllegalArgumentException declined = new IllegalArgumentException("card declined");
    Throwable first =
        catchThrowable(
            () ->
                call(
                    engine,
                    task,
                    "order-1",
                    () -> {
                      runs.incrementAndGet();
                      throw declined;
                    }));
    Throwable second = catchThrowable(() -> call(engine, task, "order-1", runs::incrementAndGet));
    assertThat(first).isSameAs(declined);
    assertThat(second).isSameAs(declined);
    assertThat(runs).hasValue(1);

    // Checked exceptions are rethrown as they were, too.
    IOException io = new IOException("disk full");
    assertThat(
            catchThrowable(
                () ->
                    call(
                        engine,
                        task,
                        "order-2",
                        () -> {
                          throw io;
                        })))
        .isSameAs(io);
    assertThat(catchThrowable(() -> call(engine, task, "order-2", () -> "never"))).isSameAs(io);

    assertThat(metrics("charge").cachedFailures()).isEqualTo(2);
    assertThat(metrics("charge").localHits()).isEqualTo(2);
    assertThat(metrics("charge").releases()).isZero();
  }

  @Test
  void anOutcomeIsRememberedForItsTtlOnTheInjectedClock() throws Exception {
    BoundTask task = bind(definition("charge").ttl(Duration.ofMinutes(10)));
    AtomicInteger runs = new AtomicInteger();
    assertThat(call(engine, task, "order-1", runs::incrementAndGet)).isEqualTo(1);
    clock.advance(Duration.ofMinutes(10).minusNanos(1));
    assertThat(call(engine, task, "order-1", runs::incrementAndGet)).isEqualTo(1);
    clock.advance(Duration.ofNanos(1));
    assertThat(call(engine, task, "order-1", runs::incrementAndGet)).isEqualTo(2);
    assertThat(runs).hasValue(2);
  }

  @Test
  void anotherFingerprintForACompletedKeyIsKeyReuseAndRunsNothing() throws Exception {
    BoundTask task = bind(Woven.withFingerprint("charge"));
    AtomicInteger runs = new AtomicInteger();
    call(engine, task, new Object[] {"order-1", "amount=1000"}, runs::incrementAndGet);
    assertThatThrownBy(
            () ->
                call(engine, task, new Object[] {"order-1", "amount=2500"}, runs::incrementAndGet))
        .isInstanceOf(KeyReuseException.class)
        .hasMessageContaining("i4j:charge:order-1")
        .hasMessageContaining("another fingerprint");
    assertThat(call(engine, task, new Object[] {"order-1", "amount=1000"}, runs::incrementAndGet))
        .isEqualTo(1);
    assertThat(runs).hasValue(1);
    assertThat(metrics("charge").keyReuse()).isEqualTo(1);
  }

  /**
   * Issue 11, defect 8: the local tier's bound counts outcomes, so each must hold a bounded amount:
   * a hash of a long fingerprint, not its text, and no release's exception (only the waiters of
   * that execution need it, and they get it from the flight).
   */
  @Test
  void aRememberedOutcomeHoldsAHashOfALongFingerprintAndNoReleasedException() throws Exception {
    BoundTask task = bind(Woven.withFingerprint("big"));
    String large = "x".repeat(1_000_000);
    call(engine, task, new Object[] {"k", large}, () -> "done");
    Outcome remembered = engine.remembered("i4j:big:k");
    assertThat(remembered.fingerprint.length()).isLessThanOrEqualTo(65);
    // still compared: the same text replays, another is key reuse
    assertThat(call(engine, task, new Object[] {"k", large}, () -> "again")).isEqualTo("done");
    assertThatThrownBy(() -> call(engine, task, new Object[] {"k", large + "y"}, () -> "other"))
        .isInstanceOf(KeyReuseException.class);

    BoundTask failing = bind(definition("fails"));
    catchThrowable(
        () ->
            call(
                engine,
                failing,
                "k",
                () -> {
                  throw new IllegalStateException("x".repeat(1_000_000));
                }));
    Outcome released = engine.remembered("i4j:fails:k");
    assertThat(released.kind).isEqualTo(Outcome.Kind.RELEASED);
    assertThat(released.failure).isNull();
    assertThat(released.attempt).isEqualTo(1); // what the local tier keeps it for
  }

  @Test
  void anotherFingerprintForAKeyInProgressIsKeyReuseAtOnce() throws Exception {
    BoundTask task = bind(Woven.withFingerprint("charge"));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Future<Object> first =
        threads.submit(
            () ->
                call(
                    engine,
                    task,
                    new Object[] {"order-1", "amount=1000"},
                    () -> {
                      running.countDown();
                      release.await();
                      return "charged";
                    }));
    running.await();
    assertThatThrownBy(
            () -> call(engine, task, new Object[] {"order-1", "amount=2500"}, () -> "never"))
        .isInstanceOf(KeyReuseException.class);
    release.countDown();
    assertThat(first.get()).isEqualTo("charged");
    assertThat(metrics("charge").executed()).isEqualTo(1);
  }

  @Test
  void throwAnswersAtOnceWhileTheFirstCallRuns() throws Exception {
    BoundTask task = bind(Woven.onInProgress("report", OnInProgress.THROW));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Future<Object> first =
        threads.submit(
            () ->
                call(
                    engine,
                    task,
                    "day-1",
                    () -> {
                      running.countDown();
                      release.await();
                      return "report";
                    }));
    running.await();
    // On the test thread, with the first call still blocked: an immediate answer.
    assertThatThrownBy(() -> call(engine, task, "day-1", () -> "never"))
        .isInstanceOf(TaskInProgressException.class)
        .hasMessageContaining("i4j:report:day-1")
        .hasMessageContaining("onInProgress = THROW");
    release.countDown();
    assertThat(first.get()).isEqualTo("report");
    assertThat(call(engine, task, "day-1", () -> "never")).isEqualTo("report");
    assertThat(metrics("report").inProgress()).isEqualTo(1);
  }

  @Test
  void skipReturnsTheSkipValueWithoutRunningOrWaiting() throws Exception {
    BoundTask task =
        bind(Woven.onInProgress("count", OnInProgress.SKIP).returns(ReturnKind.VALUE, 0, null));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Future<Object> first =
        threads.submit(
            () ->
                call(
                    engine,
                    task,
                    "k",
                    () -> {
                      running.countDown();
                      release.await();
                      return 42;
                    }));
    running.await();
    assertThat(call(engine, task, "k", () -> -1)).isEqualTo(0);
    assertThat(IdempotencyContext.lastCall().orElseThrow().replayed()).isTrue();
    release.countDown();
    assertThat(first.get()).isEqualTo(42);
    assertThat(call(engine, task, "k", () -> -1)).isEqualTo(42);
    assertThat(metrics("count").skips()).isEqualTo(1);
  }

  @Test
  void aWaitEndsWithTaskInProgressWhenTheFakeClockPassesWaitTimeout() throws Exception {
    BoundTask task = bind(definition("slow").waitTimeout(Duration.ofSeconds(5)));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Future<Object> first =
        threads.submit(
            () ->
                call(
                    engine,
                    task,
                    "k",
                    () -> {
                      running.countDown();
                      release.await();
                      return "done";
                    }));
    running.await();
    Future<Object> waiter = threads.submit(() -> call(engine, task, "k", () -> "never"));
    awaitCondition("waiter's timer", () -> clock.pending() == 1);

    clock.advance(Duration.ofSeconds(5).minusNanos(1));
    assertThat(waiter.isDone()).isFalse();
    clock.advance(Duration.ofNanos(1));
    assertThatThrownBy(waiter::get)
        .hasCauseInstanceOf(TaskInProgressException.class)
        .cause()
        .hasMessageContaining("after waiting 5s (waitTimeout)");

    release.countDown();
    assertThat(first.get()).isEqualTo("done");
    assertThat(metrics("slow").inProgress()).isEqualTo(1);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void waitTimeoutBoundsTheWholeCallEvenAcrossAReleaseAndANewFlight() throws Exception {
    BoundTask task = bind(definition("slow").waitTimeout(Duration.ofSeconds(10)));
    CountDownLatch failFirst = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    Future<Object> first =
        threads.submit(
            () ->
                call(
                    engine,
                    task,
                    "k",
                    () -> {
                      running.countDown();
                      failFirst.await();
                      throw new IllegalStateException("released");
                    }));
    running.await();
    Future<Object> waiter = threads.submit(() -> call(engine, task, "k", () -> "waiter ran"));
    awaitCondition("waiter's timer", () -> clock.pending() == 1);
    clock.advance(Duration.ofSeconds(6));
    // The waiter sees the release and runs the method itself: no second wait, no new timeout.
    failFirst.countDown();
    assertThatThrownBy(first::get).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(waiter.get()).isEqualTo("waiter ran");

    // Two waiters live through a release: one wins the next flight, the other waits on it with
    // what is left of its first deadline (4 s), not a fresh 10 s.
    BoundTask other = bind(definition("other").waitTimeout(Duration.ofSeconds(10)));
    CountDownLatch failAgain = new CountDownLatch(1);
    CountDownLatch running2 = new CountDownLatch(1);
    CountDownLatch holdWinner = new CountDownLatch(1);
    Future<Object> owner =
        threads.submit(
            () ->
                call(
                    engine,
                    other,
                    "k",
                    () -> {
                      running2.countDown();
                      failAgain.await();
                      throw new IllegalStateException("released");
                    }));
    running2.await();
    List<Future<Object>> waiters = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      waiters.add(
          threads.submit(
              () ->
                  call(
                      engine,
                      other,
                      "k",
                      () -> {
                        holdWinner.await();
                        return "winner ran";
                      })));
    }
    awaitCondition("two waiters", () -> metrics("other").waits() == 2 && clock.pending() == 2);
    clock.advance(Duration.ofSeconds(6));
    failAgain.countDown();
    assertThatThrownBy(owner::get).hasCauseInstanceOf(IllegalStateException.class);
    awaitCondition(
        "one runs, one waits again",
        () -> metrics("other").executed() == 2 && clock.pending() == 1);
    clock.advance(Duration.ofSeconds(4));
    awaitCondition("loser timed out", () -> waiters.stream().anyMatch(Future::isDone));
    holdWinner.countDown();
    List<Object> outcomes = new ArrayList<>();
    for (Future<Object> w : waiters) {
      try {
        outcomes.add(w.get());
      } catch (ExecutionException e) {
        outcomes.add(e.getCause().getClass());
      }
    }
    assertThat(outcomes).containsExactlyInAnyOrder("winner ran", TaskInProgressException.class);
  }

  @Test
  void asyncTaskRunsOnceAndEveryCallersFutureGetsTheSameValueWithoutBlocking() throws Exception {
    BoundTask task = bind(Woven.async("fetch"));
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<String> work = new CompletableFuture<>();
    List<CompletableFuture<?>> futures = new ArrayList<>();
    // All on the test thread: a duplicate that blocked would hang right here.
    for (int i = 0; i < 10; i++) {
      futures.add(
          (CompletableFuture<?>)
              call(
                  engine,
                  task,
                  "k",
                  () -> {
                    runs.incrementAndGet();
                    return work;
                  }));
    }
    assertThat(futures).noneMatch(CompletableFuture::isDone);
    work.complete("value");
    for (CompletableFuture<?> future : futures) {
      assertThat(future.get()).isSameAs("value");
    }
    assertThat(runs).hasValue(1);
    CompletableFuture<?> later = (CompletableFuture<?>) call(engine, task, "k", () -> null);
    assertThat(later.get()).isEqualTo("value");
    TaskMetrics m = metrics("fetch");
    assertThat(m.executed()).isEqualTo(1);
    assertThat(m.waits()).isEqualTo(9);
    assertThat(m.localHits()).isEqualTo(10);
  }

  @Test
  void aFailedFutureReleasesTheKeyAndAttachedDuplicatesLearnNothingRanForThem() throws Exception {
    BoundTask task = bind(Woven.async("fetch"));
    CompletableFuture<String> work = new CompletableFuture<>();
    CompletableFuture<?> first = (CompletableFuture<?>) call(engine, task, "k", () -> work);
    CompletableFuture<?> duplicate = (CompletableFuture<?>) call(engine, task, "k", () -> null);
    IllegalStateException boom = new IllegalStateException("remote failed");
    work.completeExceptionally(boom);

    assertThatThrownBy(first::get).isInstanceOf(ExecutionException.class).hasCause(boom);
    assertThatThrownBy(duplicate::get)
        .cause()
        .isInstanceOf(TaskInProgressException.class)
        .hasMessageContaining("failed and released the key")
        .hasCause(boom);
    CompletableFuture<?> retry =
        (CompletableFuture<?>)
            call(
                engine,
                task,
                "k",
                () ->
                    CompletableFuture.completedFuture(
                        "attempt " + IdempotencyContext.current().orElseThrow().attempt()));
    assertThat(retry.get()).isEqualTo("attempt 2");
    assertThat(metrics("fetch").releases()).isEqualTo(1);
  }

  @Test
  void aCachedAsyncFailureIsReplayedAsAFailedFuture() throws Exception {
    BoundTask task =
        bind(Woven.async("fetch").cacheFailures(List.of(IllegalArgumentException.class)));
    IllegalArgumentException rejected = new IllegalArgumentException("rejected");
    CompletableFuture<?> first =
        (CompletableFuture<?>)
            call(engine, task, "k", () -> CompletableFuture.failedFuture(rejected));
    CompletableFuture<?> later = (CompletableFuture<?>) call(engine, task, "k", () -> null);
    assertThatThrownBy(first::get).hasCause(rejected);
    assertThatThrownBy(later::get).hasCause(rejected);
    assertThat(metrics("fetch").executed()).isEqualTo(1);
  }

  @Test
  void anAsyncDuplicatesWaitTimesOutOnTheFakeClock() throws Exception {
    BoundTask task = bind(Woven.async("fetch").waitTimeout(Duration.ofSeconds(3)));
    CompletableFuture<String> work = new CompletableFuture<>();
    call(engine, task, "k", () -> work);
    CompletableFuture<?> duplicate = (CompletableFuture<?>) call(engine, task, "k", () -> null);
    clock.advance(Duration.ofSeconds(3));
    assertThatThrownBy(duplicate::get).cause().isInstanceOf(TaskInProgressException.class);
    work.complete("late");
    assertThat(((CompletableFuture<?>) call(engine, task, "k", () -> null)).get())
        .isEqualTo("late");
  }

  @Test
  void aNullFutureReleasesTheKey() throws Exception {
    BoundTask task = bind(Woven.async("fetch"));
    assertThat(call(engine, task, "k", () -> null)).isNull();
    assertThat(CapturedLog.warnings())
        .anyMatch(m -> m.contains("Task 'fetch' returned null instead of a future"));
    CompletableFuture<?> second =
        (CompletableFuture<?>) call(engine, task, "k", () -> CompletableFuture.completedFuture(7));
    assertThat(second.get()).isEqualTo(7);
    assertThat(metrics("fetch").executed()).isEqualTo(2);
  }

  @Test
  void aReentrantCallOfTheSameKeyFailsFastInsteadOfDeadlocking() throws Exception {
    BoundTask task = bind(definition("tree"));
    Object outer =
        call(
            engine,
            task,
            "node-1",
            () -> {
              Throwable inner = catchThrowable(() -> call(engine, task, "node-1", () -> "inner"));
              assertThat(inner)
                  .isInstanceOf(TaskInProgressException.class)
                  .hasMessageContaining("called itself with its own key 'i4j:tree:node-1'");
              // Another key from inside is fine.
              return "outer+" + call(engine, task, "node-2", () -> "other");
            });
    assertThat(outer).isEqualTo("outer+other");
  }

  @Test
  void keyDerivationFailuresPropagateAndNothingRuns() {
    TaskDefinition.Builder failing =
        Woven.keyedByText("charge")
            .keyDeriver(
                (head, args) -> {
                  throw KeyDerivationException.nullOnPath("charge", "{order.id}", "order.id");
                });
    BoundTask task = bind(failing);
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(() -> call(engine, task, "x", runs::incrementAndGet))
        .isInstanceOf(KeyDerivationException.class)
        .hasMessageContaining("'order.id' is null");

    BoundTask buggy =
        bind(
            Woven.keyedByText("buggy")
                .keyDeriver(
                    (head, args) -> {
                      throw new ClassCastException("generated code bug");
                    }));
    assertThatThrownBy(() -> call(engine, buggy, "x", runs::incrementAndGet))
        .isInstanceOf(KeyDerivationException.class)
        .hasMessageContaining("key deriver failed")
        .hasCauseInstanceOf(ClassCastException.class);

    BoundTask huge =
        bind(
            Woven.keyedByText("huge")
                .keyDeriver(
                    (head, args) ->
                        head
                            + KeyBuilder.number(
                                KeyBuilder.Escapes.of(":"),
                                BigDecimal.TEN.pow(20_000).add(BigDecimal.ONE))));
    assertThatThrownBy(() -> call(engine, huge, "x", runs::incrementAndGet))
        .isInstanceOf(KeyDerivationException.class)
        .hasMessageContaining("Cannot key a BigDecimal of")
        .hasMessageContaining("Nothing ran.")
        .hasCauseInstanceOf(UnkeyableValueException.class);
    assertThat(runs).hasValue(0);
  }

  @Test
  void contextIsPresentOnlyInsideAndLastCallTellsReplays() throws Exception {
    BoundTask task = bind(definition("charge"));
    assertThat(IdempotencyContext.current()).isEmpty();
    IdempotencyContext[] inside = new IdempotencyContext[1];
    call(engine, task, "order-1", () -> inside[0] = IdempotencyContext.current().orElseThrow());
    assertThat(inside[0].key()).isEqualTo("i4j:charge:order-1");
    assertThat(inside[0].taskName()).isEqualTo("charge");
    assertThat(inside[0].attempt()).isEqualTo(1);
    assertThat(inside[0].replayed()).isFalse();
    assertThat(IdempotencyContext.current()).isEmpty();
    assertThat(IdempotencyContext.lastCall().orElseThrow().replayed()).isFalse();

    call(engine, task, "order-1", () -> "never");
    IdempotencyContext replay = IdempotencyContext.lastCall().orElseThrow();
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.fencingToken()).isEqualTo(inside[0].fencingToken());

    IdempotencyContext[] next = new IdempotencyContext[1];
    call(engine, task, "order-2", () -> next[0] = IdempotencyContext.current().orElseThrow());
    assertThat(next[0].fencingToken()).isGreaterThan(inside[0].fencingToken());
  }

  @Test
  void withACodecDuplicatesGetOneDecodedCopyAndTheFirstCallerItsOwnValue() throws Exception {
    AtomicInteger decodes = new AtomicInteger();
    ResultCodec<List<String>> codec =
        new ResultCodec<>() {
          @Override
          public String encode(List<String> value) {
            return String.join(",", value);
          }

          @Override
          public List<String> decode(String json) {
            decodes.incrementAndGet();
            return List.copyOf(Arrays.asList(json.split(",")));
          }
        };
    BoundTask task = bind(Woven.codec("list", codec));
    List<String> mine = new ArrayList<>(List.of("a", "b"));
    assertThat(call(engine, task, "k", () -> mine)).isSameAs(mine);
    Object dup1 = call(engine, task, "k", () -> null);
    Object dup2 = call(engine, task, "k", () -> null);
    assertThat(dup1).isEqualTo(List.of("a", "b")).isNotSameAs(mine).isSameAs(dup2);
    assertThatThrownBy(() -> ((List<?>) dup1).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(decodes).hasValue(1);

    BoundTask plain = bind(definition("plain"));
    assertThat(call(engine, plain, "k", () -> mine)).isSameAs(mine);
    assertThat(call(engine, plain, "k", () -> null)).isSameAs(mine);
  }

  @Test
  void exitNeverReturnsNullForAPrimitiveThatThrew() throws Exception {
    BoundTask task = bind(definition("count").returns(ReturnKind.VALUE, 0, null));
    Object entered = engine.enter(task, new Object[] {"k", null});
    assertThat(Engine.exit(entered, null, new IllegalStateException())).isEqualTo(0);
  }

  @Test
  void metricsCountEveryKindOfCall() throws Exception {
    BoundTask task = bind(Woven.withFingerprint("m").cacheFailures(List.of(IOException.class)));
    call(engine, task, new Object[] {"a", "f"}, () -> 1); // executed
    call(engine, task, new Object[] {"a", "f"}, () -> 1); // local hit
    catchThrowable(() -> call(engine, task, new Object[] {"a", "g"}, () -> 1)); // key reuse
    catchThrowable(
        () ->
            call(
                engine,
                task,
                new Object[] {"b", "f"},
                () -> {
                  throw new IOException();
                })); // executed, cached failure
    catchThrowable(() -> call(engine, task, new Object[] {"b", "f"}, () -> 1)); // local hit
    catchThrowable(
        () ->
            call(
                engine,
                task,
                new Object[] {"c", "f"},
                () -> {
                  throw new IllegalStateException();
                })); // executed, release
    TaskMetrics m = metrics("m");
    assertThat(m).isEqualTo(new TaskMetrics("m", 3, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0));
    assertThat(engine.metrics().total().executed()).isEqualTo(3);
    assertThat(engine.metrics().task("never-called")).isEqualTo(TaskMetrics.zero("never-called"));
  }

  @Test
  void theLocalTierIsBoundedByLocalMaxSize() throws Exception {
    Settings small =
        Settings.resolve(
            java.util.Map.of("local.max-size", "2"),
            new java.util.Properties(),
            java.util.Map.of());
    Engine bounded = Engine.builder(small).clock(clock).build();
    BoundTask task = bounded.bind(definition("t").build());
    AtomicInteger runs = new AtomicInteger();
    for (int i = 0; i < 50; i++) {
      call(bounded, task, "k" + i, runs::incrementAndGet);
    }
    int before = runs.get();
    for (int i = 0; i < 50; i++) {
      call(bounded, task, "k" + i, runs::incrementAndGet);
    }
    // At most two of the fifty outcomes can still be remembered.
    assertThat(runs.get() - before).isGreaterThanOrEqualTo(48);
  }

  /** Identity sets, since results must be the very same instance. */
  private static final class Collections2 {
    static Set<Object> identitySet() {
      return java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    }
  }
}
