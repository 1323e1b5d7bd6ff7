package dev.idempotent4j.runtime.micrometer;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyContext;
import dev.idempotent4j.runtime.IdempotencyMetrics;
import dev.idempotent4j.runtime.IdempotencyObserver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Binds idempotent4j's counters to Micrometer, in the shape of Caffeine's {@code
 * CaffeineCacheMetrics} and Resilience4j's tagged metrics: one name per kind of meter, the task as
 * the tag {@code task}, never the key (keys are unbounded; a tag per key would exhaust the
 * registry).
 *
 * <ul>
 *   <li>{@code idempotent4j.calls} ({@code task}, {@code outcome}): function counters over {@link
 *       Idempotency#metrics()}, one per outcome: {@code executed}, {@code replayed.local}, {@code
 *       replayed.shared}, {@code waited}, {@code skipped}, {@code in-progress}, {@code key-reuse},
 *       {@code store-error}, {@code fail-open}, {@code cached-failure}, {@code released}, {@code
 *       takeover}, {@code lease-lost}. Each call is counted in exactly one of {@code executed},
 *       {@code replayed.local}, {@code replayed.shared}, {@code skipped}, {@code in-progress},
 *       {@code key-reuse} and {@code store-error}; the others count some of those calls again
 *       ({@code waited} duplicates, {@code takeover}/{@code fail-open} executions, ...), so sum
 *       over that first set only.
 *   <li>{@code idempotent4j.execution} ({@code task}): a timer of executions, {@code
 *       idempotent4j.wait} ({@code task}): a timer of waits for a concurrent execution, {@code
 *       idempotent4j.in-flight} ({@code task}): a gauge of running executions. These are fed by the
 *       engine once the binder is registered as its observer ({@code Idempotency.observe(binder)};
 *       the Spring Boot starter does it); until then they are not registered (never a timer that
 *       stays at zero while tasks run). They appear for a task when it is first bound or run after
 *       that.
 * </ul>
 *
 * <p>Counters are registered at {@link #bindTo} for the tasks already known (the ones given here
 * and those called since the engine started), and for tasks seen later when the engine reports them
 * ({@link #taskBound}), when {@link #refresh()} is called, or when any of these counters is read (a
 * scrape or a publish), whichever comes first. Counters start from zero when the engine is replaced
 * ({@code Idempotency.configure}); configure once, at start-up, before binding.
 *
 * <pre>{@code
 * // Keep the binder referenced (a field, a bean): like Caffeine's, its counters hold it weakly.
 * IdempotencyMetricsBinder binder = new IdempotencyMetricsBinder(List.of("Payments.charge"), Tags.empty());
 * binder.bindTo(registry);
 * IdempotencyObserver.Registration timers = Idempotency.observe(binder); // close() at shutdown
 * registry.get("idempotent4j.calls").tags("task", "Payments.charge", "outcome", "executed")
 *     .functionCounter().count();
 * }</pre>
 */
public final class IdempotencyMetricsBinder implements MeterBinder, IdempotencyObserver {

  /** The counter of calls, tagged {@code task} and {@code outcome}. */
  public static final String CALLS = "idempotent4j.calls";

  /** The timer of executions, tagged {@code task}. */
  public static final String EXECUTION = "idempotent4j.execution";

  /** The timer of waits for a concurrent execution, tagged {@code task}. */
  public static final String WAIT = "idempotent4j.wait";

  /** The gauge of running executions, tagged {@code task}. */
  public static final String IN_FLIGHT = "idempotent4j.in-flight";

  private final Supplier<IdempotencyMetrics> source;
  private final Set<String> givenTasks;
  private final Tags tags;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Set<String> counted = ConcurrentHashMap.newKeySet();
  // Micrometer warns about a meter registered twice; these make every registration happen once.
  private final Map<MeterRegistry, Set<String>> countedIn = new ConcurrentHashMap<>();
  private final Map<String, ObservedTask> observed = new ConcurrentHashMap<>();

  /** A binder of every task the engine knows, with no extra tags. */
  public IdempotencyMetricsBinder() {
    this(List.of(), Tags.empty());
  }

  /**
   * A binder that also pre-registers {@code tasks} (tasks the application declares but may not have
   * called yet) and adds {@code tags} to every meter.
   */
  public IdempotencyMetricsBinder(Iterable<String> tasks, Iterable<Tag> tags) {
    this(Idempotency::metrics, tasks, tags);
  }

  IdempotencyMetricsBinder(
      Supplier<IdempotencyMetrics> source, Iterable<String> tasks, Iterable<Tag> tags) {
    this.source = Objects.requireNonNull(source, "source");
    this.givenTasks = ConcurrentHashMap.newKeySet();
    tasks.forEach(task -> givenTasks.add(Objects.requireNonNull(task, "task")));
    this.tags = Tags.of(tags);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    for (String task : givenTasks) {
      countTask(task);
    }
    refresh();
    for (String task : counted) {
      registerCounters(registry, task);
    }
    observed.values().forEach(task -> task.register(registry));
  }

  /** Registers the counters of tasks the engine reports now but that have none yet. */
  public void refresh() {
    IdempotencyMetrics metrics = snapshot();
    if (metrics != null) {
      registerNew(metrics);
    }
  }

  @Override
  public void taskBound(String task) {
    countTask(task);
    observedTask(task);
  }

  @Override
  public void executionStarted(IdempotencyContext execution, boolean takeover) {
    observedTask(execution.taskName()).inFlight.incrementAndGet();
  }

  @Override
  public void executionEnded(IdempotencyContext execution, ExecutionOutcome outcome, long nanos) {
    ObservedTask meters = observedTask(execution.taskName());
    meters.inFlight.decrementAndGet();
    for (Timer timer : meters.executions) {
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void waitEnded(IdempotencyContext waitedFor, long nanos) {
    for (Timer timer : observedTask(waitedFor.taskName()).waits) {
      timer.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public String toString() {
    return "IdempotencyMetricsBinder" + givenTasks;
  }

  private double count(String task, Outcome outcome) {
    IdempotencyMetrics metrics = snapshot();
    if (metrics == null) {
      return Double.NaN;
    }
    registerNew(metrics);
    return outcome.count.applyAsLong(metrics.task(task));
  }

  /** The engine's counters, or null when the engine cannot start (its error was reported there). */
  private IdempotencyMetrics snapshot() {
    try {
      return source.get();
    } catch (RuntimeException e) {
      return null; // a meter function must not throw; the configuration error fails elsewhere
    }
  }

  private void registerNew(IdempotencyMetrics metrics) {
    for (String task : metrics.tasks().keySet()) {
      if (!counted.contains(task)) {
        countTask(task);
      }
    }
  }

  private void countTask(String task) {
    if (counted.add(task)) {
      for (MeterRegistry registry : registries) {
        registerCounters(registry, task);
      }
    }
  }

  private void registerCounters(MeterRegistry registry, String task) {
    if (!countedIn.computeIfAbsent(registry, r -> ConcurrentHashMap.newKeySet()).add(task)) {
      return;
    }
    for (Outcome outcome : Outcome.values()) {
      FunctionCounter.builder(CALLS, this, binder -> binder.count(task, outcome))
          .tags(tags)
          .tag("task", task)
          .tag("outcome", outcome.tag)
          .description("Calls of an idempotent4j task, by outcome")
          .baseUnit("calls")
          .register(registry);
    }
  }

  private ObservedTask observedTask(String task) {
    ObservedTask meters = observed.get(task);
    if (meters != null) {
      return meters;
    }
    return observed.computeIfAbsent(
        task,
        name -> {
          ObservedTask created = new ObservedTask(name);
          registries.forEach(created::register);
          return created;
        });
  }

  /** The engine-fed meters of one task, in every registry this binder is bound to. */
  private final class ObservedTask {
    final String task;
    final AtomicLong inFlight = new AtomicLong();
    final List<Timer> executions = new CopyOnWriteArrayList<>();
    final List<Timer> waits = new CopyOnWriteArrayList<>();
    final Set<MeterRegistry> registeredIn = ConcurrentHashMap.newKeySet();

    ObservedTask(String task) {
      this.task = task;
    }

    void register(MeterRegistry registry) {
      if (!registeredIn.add(registry)) {
        return;
      }
      executions.add(
          Timer.builder(EXECUTION)
              .tags(tags)
              .tag("task", task)
              .description("Executions of an idempotent4j task (the body ran)")
              .register(registry));
      waits.add(
          Timer.builder(WAIT)
              .tags(tags)
              .tag("task", task)
              .description("Waits of duplicates for a concurrent execution of the same key")
              .register(registry));
      Gauge.builder(IN_FLIGHT, inFlight, AtomicLong::get)
          .tags(tags)
          .tag("task", task)
          .description("Executions of an idempotent4j task running now in this JVM")
          .strongReference(true)
          .register(registry);
    }
  }
}
