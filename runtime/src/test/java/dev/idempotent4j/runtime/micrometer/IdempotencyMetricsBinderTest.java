package dev.idempotent4j.runtime.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyContext;
import dev.idempotent4j.runtime.IdempotencyObserver;
import dev.idempotent4j.runtime.Task;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotencyMetricsBinderTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void freshEngine() {
    Idempotency.configure(Map.of()); // local tier only, counters at zero
  }

  @AfterEach
  void reset() {
    Idempotency.reset();
  }

  @Test
  void countsCallsOfEachTaskByOutcome() {
    Task charge = Idempotency.task("BinderTest.charge").build();
    charge.run("order-1", () -> "receipt");
    IdempotencyMetricsBinder binder = new IdempotencyMetricsBinder();
    binder.bindTo(registry);

    charge.run("order-1", () -> "again");
    charge.run("order-2", () -> "receipt-2");

    assertThat(calls("BinderTest.charge", "executed")).isEqualTo(2);
    assertThat(calls("BinderTest.charge", "replayed.local")).isEqualTo(1);
    assertThat(calls("BinderTest.charge", "replayed.shared")).isZero();
    assertThat(
            registry.find(IdempotencyMetricsBinder.CALLS).tag("task", "BinderTest.charge").meters())
        .extracting(meter -> meter.getId().getTag("outcome"))
        .containsExactlyInAnyOrder(
            "executed",
            "replayed.local",
            "replayed.shared",
            "waited",
            "skipped",
            "in-progress",
            "key-reuse",
            "store-error",
            "fail-open",
            "cached-failure",
            "released",
            "takeover",
            "lease-lost");
  }

  @Test
  void preRegistersDeclaredTasksAndPicksUpNewOnes() {
    IdempotencyMetricsBinder binder =
        new IdempotencyMetricsBinder(List.of("BinderTest.declared"), Tags.empty());
    binder.bindTo(registry);
    assertThat(calls("BinderTest.declared", "executed")).isZero();
    assertThat(
            registry.find(IdempotencyMetricsBinder.CALLS).tag("task", "BinderTest.later").meters())
        .isEmpty();

    Idempotency.run("BinderTest.later", "k", () -> 1);
    calls("BinderTest.declared", "executed"); // any read of a counter picks up new tasks

    assertThat(calls("BinderTest.later", "executed")).isEqualTo(1);
  }

  @Test
  void refreshRegistersTasksCalledAfterBinding() {
    IdempotencyMetricsBinder binder = new IdempotencyMetricsBinder();
    binder.bindTo(registry);
    Idempotency.run("BinderTest.refreshed", "k", () -> 1);

    binder.refresh();

    assertThat(calls("BinderTest.refreshed", "executed")).isEqualTo(1);
  }

  @Test
  void neverTagsTheKeyAndAddsTheGivenTags() {
    IdempotencyMetricsBinder binder =
        new IdempotencyMetricsBinder(List.of(), Tags.of("application", "billing"));
    binder.bindTo(registry);
    binder.taskBound("BinderTest.tagged");
    Idempotency.run("BinderTest.tagged", "secret-key-42", () -> 1);
    binder.refresh();

    for (Meter meter : registry.getMeters()) {
      List<String> keys =
          meter.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toList());
      assertThat(keys).isSubsetOf("application", "task", "outcome");
      assertThat(meter.getId().getTags()).extracting(Tag::getValue).doesNotContain("secret-key-42");
      assertThat(meter.getId().getTag("application")).isEqualTo("billing");
    }
  }

  @Test
  void timersAndInFlightGaugeFollowTheEngineOnceObserved() throws Exception {
    IdempotencyMetricsBinder binder = new IdempotencyMetricsBinder();
    binder.bindTo(registry);
    Task task = Idempotency.task("BinderTest.observed").build();
    ExecutorService threads = Executors.newCachedThreadPool();
    try (IdempotencyObserver.Registration registration = Idempotency.observe(binder)) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch finish = new CountDownLatch(1);
      Future<String> first =
          threads.submit(
              () ->
                  task.run(
                      "k",
                      () -> {
                        started.countDown();
                        awaitQuietly(finish);
                        return "done";
                      }));
      started.await();
      assertThat(inFlight("BinderTest.observed")).isEqualTo(1);
      Future<String> duplicate = threads.submit(() -> task.run("k", () -> "never"));
      while (Idempotency.metrics().task("BinderTest.observed").waits() == 0) {
        Thread.onSpinWait();
      }
      finish.countDown();
      assertThat(first.get()).isEqualTo("done");
      assertThat(duplicate.get()).isEqualTo("done");
      task.run("k", () -> "a local hit: no execution, no wait");
    } finally {
      threads.shutdownNow();
    }
    task.run("k2", () -> "after close: not timed");

    assertThat(inFlight("BinderTest.observed")).isZero();
    var execution =
        registry.get(IdempotencyMetricsBinder.EXECUTION).tag("task", "BinderTest.observed").timer();
    assertThat(execution.count()).isEqualTo(1);
    assertThat(execution.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    var waits =
        registry.get(IdempotencyMetricsBinder.WAIT).tag("task", "BinderTest.observed").timer();
    assertThat(waits.count()).isEqualTo(1);
    assertThat(waits.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(calls("BinderTest.observed", "executed")).isEqualTo(2);
  }

  @Test
  void aTaskBoundWhileObservedGetsItsGaugeAndTimers() {
    IdempotencyMetricsBinder binder = new IdempotencyMetricsBinder();
    binder.bindTo(registry);
    try (IdempotencyObserver.Registration registration = Idempotency.observe(binder)) {
      Idempotency.configure(Map.of()); // a new engine: tasks are bound to it afresh
      Idempotency.task("BinderTest.declared").build().run("k", () -> 1);
    }
    assertThat(
            registry
                .get(IdempotencyMetricsBinder.IN_FLIGHT)
                .tag("task", "BinderTest.declared")
                .gauge()
                .value())
        .isZero();
  }

  @Test
  void registersNoTimersWhileTheEngineReportsNothing() {
    new IdempotencyMetricsBinder().bindTo(registry);
    Idempotency.run("BinderTest.unobserved", "k", () -> 1);

    assertThat(registry.find(IdempotencyMetricsBinder.EXECUTION).meters()).isEmpty();
    assertThat(registry.find(IdempotencyMetricsBinder.IN_FLIGHT).meters()).isEmpty();
  }

  @Test
  void aSecondRegistryGetsTheSameMeters() {
    IdempotencyMetricsBinder binder = new IdempotencyMetricsBinder();
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    binder.bindTo(registry);
    binder.taskBound("BinderTest.both");
    binder.bindTo(other);
    IdempotencyContext execution = new IdempotencyContext("BinderTest.both", "k", 1, 1, false);
    binder.executionStarted(execution, false);
    binder.executionEnded(execution, IdempotencyObserver.ExecutionOutcome.COMPLETED, 1_000);

    assertThat(
            other
                .get(IdempotencyMetricsBinder.EXECUTION)
                .tag("task", "BinderTest.both")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            other
                .get(IdempotencyMetricsBinder.CALLS)
                .tags("task", "BinderTest.both", "outcome", "executed")
                .functionCounter()
                .count())
        .isZero();
  }

  private double calls(String task, String outcome) {
    return registry
        .get(IdempotencyMetricsBinder.CALLS)
        .tags("task", task, "outcome", outcome)
        .functionCounter()
        .count();
  }

  private double inFlight(String task) {
    return registry.get(IdempotencyMetricsBinder.IN_FLIGHT).tag("task", task).gauge().value();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
