package dev.idempotent4j.benchmarks;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What observation costs a woven call on the embedded default: {@link #localHit} (a duplicate of an
 * id this JVM completed) and {@link #firstExecution} (a fresh id each call: the body runs and its
 * outcome is recorded), with {@code observer}:
 *
 * <ul>
 *   <li>{@code none}: no flight recording runs, so no observer is registered (the JFR events'
 *       observer registers itself only while a recording runs): the default, the baseline;
 *   <li>{@code jfr-disabled}: a recording runs with idempotent4j's events disabled, so the JFR
 *       observer is registered and asks each event {@code shouldCommit()}, which says no: what an
 *       always-installed JFR observer would cost when its events are not recorded;
 *   <li>{@code noop}: an observer registered with {@code Idempotency.observe} that does nothing:
 *       the dispatch itself, and the two {@code System.nanoTime()} reads of an execution;
 *   <li>{@code jfr}: a recording with idempotent4j's events enabled (each call commits one).
 * </ul>
 *
 * <p>Report the ratio of each to {@code none}. A short run is enough to see it:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ObserverCostBenchmark -wi 2 -i 3 -w 1s -r 1s \
 *   -jvmArgsAppend -javaagent:agent/target/idempotent4j-agent-0.1.0-SNAPSHOT.jar
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class ObserverCostBenchmark {

  static final int IDS = 1024;

  private static final List<String> EVENTS =
      List.of(
          "dev.idempotent4j.Execution",
          "dev.idempotent4j.Replay",
          "dev.idempotent4j.Wait",
          "dev.idempotent4j.Takeover",
          "dev.idempotent4j.LeaseLost");

  /** The woven task, its completed ids, and the observation under test. */
  @State(Scope.Benchmark)
  public static class Subjects {
    @Param({"none", "jfr-disabled", "noop", "jfr"})
    public String observer;

    final KeyPool ids = new KeyPool(IDS);
    final Orders orders = new Orders();
    final AtomicLong fresh = new AtomicLong();
    Recording recording;
    IdempotencyObserver.Registration registration;

    @Setup(Level.Trial)
    public void start() {
      Idempotency.configure(Map.of()); // the embedded default: local tier only
      WeavingProbe.requireWoven();
      switch (observer) {
        case "jfr-disabled" -> {
          recording = new Recording();
          EVENTS.forEach(event -> recording.disable(event));
          recording.start();
        }
        case "jfr" -> {
          recording = new Recording();
          recording.setMaxSize(64L * 1024 * 1024);
          EVENTS.forEach(event -> recording.enable(event).withoutStackTrace());
          recording.start();
        }
        case "noop" -> registration = Idempotency.observe(new IdempotencyObserver() {});
        default -> {}
      }
      for (int i = 0; i < IDS; i++) {
        orders.confirm(ids.id(i));
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      if (recording != null) {
        recording.close();
      }
      if (registration != null) {
        registration.close();
      }
      Idempotency.shutdown();
    }
  }

  @Benchmark
  public String localHit(Subjects subjects, RepeatCursor cursor) {
    return subjects.orders.confirm(subjects.ids.id(cursor.next(IDS)));
  }

  @Benchmark
  public String firstExecution(Subjects subjects) {
    return subjects.orders.confirm("fresh-" + subjects.fresh.incrementAndGet());
  }
}
