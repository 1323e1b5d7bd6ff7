package dev.idempotent4j.runtime.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.Task;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
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
  void timersAndInFlightGaugeFollowWhatTheEngineReports() {
    IdempotencyMetricsBinder binder = new IdempotencyMetricsBinder();
    binder.bindTo(registry);
    TaskObserver observer = binder;

    observer.taskBound("BinderTest.observed");
    observer.executionStarted("BinderTest.observed");
    observer.executionStarted("BinderTest.observed");
    assertThat(inFlight("BinderTest.observed")).isEqualTo(2);
    observer.executionEnded("BinderTest.observed", TimeUnit.MILLISECONDS.toNanos(30));
    observer.waitEnded("BinderTest.observed", TimeUnit.MILLISECONDS.toNanos(5));

    assertThat(inFlight("BinderTest.observed")).isEqualTo(1);
    var execution =
        registry.get(IdempotencyMetricsBinder.EXECUTION).tag("task", "BinderTest.observed").timer();
    assertThat(execution.count()).isEqualTo(1);
    assertThat(execution.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30);
    assertThat(
            registry
                .get(IdempotencyMetricsBinder.WAIT)
                .tag("task", "BinderTest.observed")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(calls("BinderTest.observed", "executed")).isZero();
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
    binder.executionStarted("BinderTest.both");
    binder.executionEnded("BinderTest.both", 1_000);

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
}
