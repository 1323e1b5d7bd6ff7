package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.idempotent4j.OnInProgress;
import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.spi.Replay;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.testing.CapturedLog;
import dev.idempotent4j.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The public API end to end, on the process-wide engine: what applications and woven code see. */
class IdempotencyTest {

  @AfterEach
  void cleanSlate() {
    System.clearProperty("idempotent4j.prefix");
    System.clearProperty("idempotent4j.fail-mode");
    EngineHolder.environment(System::getenv);
    Idempotency.reset();
  }

  @Test
  void aProgrammaticTaskRunsOncePerKeyAndTellsReplays() {
    Task refund = Idempotency.task("Payments.refund").ttl("7d").build();
    AtomicInteger runs = new AtomicInteger();
    TaskResult<String> first =
        refund.execute("order-42", null, () -> "r-" + runs.incrementAndGet());
    TaskResult<String> second =
        refund.execute("order-42", null, () -> "r-" + runs.incrementAndGet());
    assertThat(first.value()).isEqualTo("r-1");
    assertThat(first.replayed()).isFalse();
    assertThat(second.value()).isEqualTo("r-1");
    assertThat(second.replayed()).isTrue();
    assertThat(second.context().key()).isEqualTo("i4j:Payments.refund:order-42");
    assertThat(refund.run("order-43", () -> "r-" + runs.incrementAndGet())).isEqualTo("r-2");
    assertThat(Idempotency.metrics().task("Payments.refund").executed()).isEqualTo(2);
    assertThat(Idempotency.metrics().task("Payments.refund").localHits()).isEqualTo(1);
  }

  @Test
  void theOneLineFormUsesTheDefaults() {
    AtomicInteger runs = new AtomicInteger();
    assertThat(Idempotency.run("Mail.welcome", "user-1", runs::incrementAndGet)).isEqualTo(1);
    assertThat(Idempotency.run("Mail.welcome", "user-1", runs::incrementAndGet)).isEqualTo(1);
    assertThat(runs).hasValue(1);
  }

  @Test
  void programmaticTasksHaveFingerprintsCachedFailuresAndKeyChecks() {
    Task charge = Idempotency.task("charge").cacheFailures(UncheckedIOException.class).build();
    charge.run("k1", "amount=10", () -> "ok");
    assertThatThrownBy(() -> charge.run("k1", "amount=20", () -> "never"))
        .isInstanceOf(KeyReuseException.class);

    UncheckedIOException declined = new UncheckedIOException(new IOException("declined"));
    assertThat(
            catchThrowable(
                () ->
                    charge.run(
                        "k2",
                        () -> {
                          throw declined;
                        })))
        .isSameAs(declined);
    assertThat(catchThrowable(() -> charge.run("k2", () -> "never"))).isSameAs(declined);

    assertThatThrownBy(() -> charge.run("", () -> "x"))
        .isInstanceOf(KeyDerivationException.class)
        .hasMessageContaining("an empty key");
    assertThatThrownBy(() -> charge.run(null, () -> "x"))
        .isInstanceOf(KeyDerivationException.class)
        .hasMessageContaining("a null key");
  }

  @Test
  void programmaticAsyncTasksRecordWhenTheFutureCompletes() throws Exception {
    Task fetch = Idempotency.task("fetch").build();
    CompletableFuture<String> work = new CompletableFuture<>();
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<String> first =
        fetch.runAsync(
            "k",
            () -> {
              runs.incrementAndGet();
              return work;
            });
    CompletableFuture<String> duplicate =
        fetch.runAsync("k", () -> CompletableFuture.completedFuture("never"));
    assertThat(duplicate).isNotDone();
    work.complete("value");
    assertThat(first.get()).isEqualTo("value");
    assertThat(duplicate.get()).isEqualTo("value");
    assertThat(runs).hasValue(1);
  }

  @Test
  void wovenCallsGoThroughTaskInvokerOnTheSameEngine() throws Exception {
    TaskInvoker invoker =
        TaskInvoker.of(
            TaskDefinition.builder("Counter.next")
                .keyTemplate("{id}")
                .keyDeriver((head, args) -> head + args[0])
                .returns(ReturnKind.VALUE, 0, null)
                .build());
    Object entered = invoker.enter(new Object[] {"a"});
    assertThat(entered).isNotInstanceOf(Replay.class);
    assertThat(IdempotencyContext.current().orElseThrow().key()).isEqualTo("i4j:Counter.next:a");
    assertThat(TaskInvoker.exit(entered, 7, null)).isEqualTo(7);
    Object duplicate = invoker.enter(new Object[] {"a"});
    assertThat(duplicate).isInstanceOf(Replay.class);
    assertThat(TaskInvoker.exit(duplicate, 0, null)).isEqualTo(7);
    // A programmatic task of the same name shares the keys.
    assertThat(Idempotency.task("Counter.next").build().run("a", () -> 99)).isEqualTo(7);
  }

  @Test
  void anInvokerRebindsToANewEngineAfterConfigure() {
    TaskInvoker invoker =
        TaskInvoker.of(
            TaskDefinition.builder("Rebind.task")
                .keyTemplate("{id}")
                .keyDeriver((head, args) -> head + args[0])
                .build());
    Object first = invoker.enter(new Object[] {"a"});
    assertThat(IdempotencyContext.current().orElseThrow().key()).isEqualTo("i4j:Rebind.task:a");
    TaskInvoker.exit(first, "one", null);
    Idempotency.configure(Map.of("prefix", "next"));
    Object second = invoker.enter(new Object[] {"a"});
    assertThat(second).isNotInstanceOf(Replay.class);
    assertThat(IdempotencyContext.current().orElseThrow().key()).isEqualTo("next:Rebind.task:a");
    assertThat(TaskInvoker.exit(second, "two", null)).isEqualTo("two");
    assertThat(Idempotency.metrics().task("Rebind.task").executed()).isEqualTo(1);
  }

  @Test
  void skipAndThrowWorkForProgrammaticTasks() {
    Task skip = Idempotency.task("skip").onInProgress(OnInProgress.SKIP).build();
    Task nested = Idempotency.task("nested").onInProgress(OnInProgress.THROW).build();
    assertThat(skip.run("k", () -> skip.run("other", () -> "inner"))).isEqualTo("inner");
    assertThatThrownBy(() -> nested.run("k", () -> nested.run("k", () -> "inner")))
        .isInstanceOf(TaskInProgressException.class)
        .hasMessageContaining("called itself");
  }

  @Test
  void configureInCodeBeatsSystemPropertiesAndEnvironment() {
    System.setProperty("idempotent4j.prefix", "from-property");
    EngineHolder.environment(() -> Map.of("IDEMPOTENT4J_PREFIX", "from-env"));
    assertThat(Idempotency.run("t", "k", () -> IdempotencyContext.current().orElseThrow().key()))
        .isEqualTo("from-property:t:k");
    Idempotency.configure(Map.of("prefix", "from-code"));
    assertThat(Idempotency.run("t", "k", () -> IdempotencyContext.current().orElseThrow().key()))
        .isEqualTo("from-code:t:k");
    Idempotency.reset();
    System.clearProperty("idempotent4j.prefix");
    assertThat(Idempotency.run("t", "k", () -> IdempotencyContext.current().orElseThrow().key()))
        .isEqualTo("from-env:t:k");
  }

  @Test
  void validateConfigurationFailsEarlyOnABadValueAndDescribesAGoodOne() {
    System.setProperty("idempotent4j.fail-mode", "sometimes");
    assertThatThrownBy(Idempotency::validateConfiguration)
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("'fail-mode' = 'sometimes'")
        .hasMessageContaining("system property idempotent4j.fail-mode");
    System.setProperty("idempotent4j.fail-mode", "open");
    assertThat(Idempotency.validateConfiguration())
        .contains("fail-mode = OPEN  [system property idempotent4j.fail-mode")
        .contains("prefix = i4j  [default]");
  }

  @Test
  void aBadConfigureLeavesTheRunningEngineAsItWas() {
    Idempotency.configure(Map.of("prefix", "good"));
    Idempotency.run("t", "k", () -> 1);
    assertThatThrownBy(() -> Idempotency.configure(Map.of("timeout", "soon")))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("'timeout' = 'soon'");
    assertThat(Idempotency.run("t", "k", () -> 2)).isEqualTo(1);
  }

  @Test
  void anUnreachableRedisAtStartUpFailsEachCallClosedAndNothingRuns() {
    // Nothing listens on a free port: the engine starts anyway, and each call meets the fail mode.
    Idempotency.configure(
        Map.of("redis", "redis://127.0.0.1:" + RedisServer.freePort(), "timeout", "500ms"));
    Task task = Idempotency.task("Down.closed").codec(Codecs.intBox()).build();
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(() -> task.run("k", runs::incrementAndGet))
        .isInstanceOf(StoreUnavailableException.class);
    assertThatThrownBy(() -> task.run("k", runs::incrementAndGet))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(runs).hasValue(0);
    TaskMetrics metrics = Idempotency.metrics().task("Down.closed");
    assertThat(metrics.storeErrors()).isEqualTo(2);
    assertThat(metrics.executed()).isZero();
    assertThat(CapturedLog.warnings())
        .anyMatch(m -> m.contains("idempotent4j cannot reach its shared store at start-up"));
  }

  @Test
  void anUnreachableRedisWithFailOpenRunsUnsharedAndCountsIt() {
    Idempotency.configure(
        Map.of(
            "redis", "redis://127.0.0.1:" + RedisServer.freePort(),
            "timeout", "500ms",
            "fail-mode", "open"));
    Task task = Idempotency.task("Down.open").codec(Codecs.intBox()).build();
    AtomicInteger runs = new AtomicInteger();
    assertThat(task.run("k", runs::incrementAndGet)).isEqualTo(1);
    // the local tier still answers the duplicate
    assertThat(task.run("k", runs::incrementAndGet)).isEqualTo(1);
    TaskMetrics metrics = Idempotency.metrics().task("Down.open");
    assertThat(metrics.failOpenRuns()).isEqualTo(1);
    assertThat(metrics.storeErrors()).isEqualTo(1);
    assertThat(metrics.executed()).isEqualTo(1);
    assertThat(metrics.localHits()).isEqualTo(1);
    assertThat(CapturedLog.warnings())
        .anyMatch(m -> m.contains("cannot reach its shared store at start-up"))
        .anyMatch(m -> m.contains("task 'Down.open'") && m.contains("fail-mode = open"));
  }

  @Test
  void aValueTaskWithoutACodecIsRefusedWithTheSharedTierBeforeAnythingRuns() {
    Idempotency.configure(Map.of("redis", "redis://127.0.0.1:" + RedisServer.freePort()));
    Task task = Idempotency.task("NoCodec").build();
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(() -> task.run("k", runs::incrementAndGet))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("Task 'NoCodec'")
        .hasMessageContaining("has no result codec")
        .hasMessageContaining(".codec(Codecs.string())");
    assertThat(runs).hasValue(0);
  }

  @Test
  void shutdownForgetsOutcomesButKeepsConfiguration() {
    Idempotency.configure(Map.of("prefix", "kept"));
    assertThat(Idempotency.run("t", "k", () -> 1)).isEqualTo(1);
    Idempotency.shutdown();
    assertThat(Idempotency.metrics().tasks()).isEmpty();
    assertThat(Idempotency.run("t", "k", () -> IdempotencyContext.current().orElseThrow().key()))
        .isEqualTo("kept:t:k");
  }

  @Test
  void taskBuilderRejectsBadOptions() {
    assertThatThrownBy(() -> Idempotency.task("bad name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bad name' is not valid");
    assertThatThrownBy(() -> Idempotency.task("t").ttl("soon"))
        .hasMessageContaining("'soon' is not a duration");
    assertThatThrownBy(() -> Idempotency.task("t").ttl(Duration.ofSeconds(1)).build())
        .hasMessageContaining("lease PT30S is longer than ttl PT1S");
    assertThat(List.of(Idempotency.task("t").build().name())).containsExactly("t");
  }

  @Test
  void taskBuilderRejectsDurationsThatWouldOverflowAtRunTime() {
    // 110000d overflowed nanoseconds after the claim was written; 106751990000d left no TTL
    assertThatThrownBy(() -> Idempotency.task("t").lease(Duration.ofDays(110_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease PT2640000H is not valid")
        .hasMessageContaining("longer than 1d, the longest lease");
    assertThatThrownBy(() -> Idempotency.task("t").ttl(Duration.ofDays(106_751_990_000L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 365d, the longest ttl");
    assertThatThrownBy(() -> Idempotency.task("t").ttl("366d"))
        .hasMessageContaining("longer than 365d, the longest ttl");
    assertThatThrownBy(() -> Idempotency.task("t").waitTimeout(Duration.ofDays(2)))
        .hasMessageContaining("longer than 1d, the longest waitTimeout");
    assertThat(
            Idempotency.task("t")
                .ttl(Duration.ofDays(365))
                .lease(Duration.ofDays(1))
                .waitTimeout(Duration.ofDays(1))
                .build()
                .name())
        .isEqualTo("t");
  }
}
