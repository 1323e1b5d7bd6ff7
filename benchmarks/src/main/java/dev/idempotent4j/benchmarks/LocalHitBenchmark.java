package dev.idempotent4j.benchmarks;

import dev.idempotent4j.benchmarks.flows.HandWrittenCaffeine;
import dev.idempotent4j.benchmarks.flows.SpringCacheableOrders;
import dev.idempotent4j.runtime.Idempotency;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Case 1, local duplicate hit on the embedded default (no Redis): every call repeats an order id
 * whose outcome this JVM already holds, so no body runs. Three ways side by side:
 *
 * <ul>
 *   <li>{@link #woven}: {@link Orders#confirm} woven by the agent (key derivation, local tier
 *       lookup, replay);
 *   <li>{@link #handWrittenCaffeine}: {@link HandWrittenCaffeine}, the same key built by hand and a
 *       Caffeine {@code getIfPresent};
 *   <li>{@link #springCacheable}: {@link SpringCacheableOrders}, {@code @Cacheable} over Caffeine.
 * </ul>
 *
 * <p>Targets: woven at most 1.0x the hand-written check with no allocation on a hit (issue 12; run
 * with {@code -prof gc}: the woven hit's {@code gc.alloc.rate.norm} is 0 B/op, the key text is
 * never built, the generated entry point builds no arguments array), and at least 4x faster than
 * {@code @Cacheable} (issue 5). 1,024 ids, all completed during setup; each thread walks them from
 * its own offset.
 *
 * <pre>
 * benchmarks/run.sh --cases local
 * # or, with the jars built (mvn -o package -pl benchmarks -am -DskipTests):
 * java -jar benchmarks/target/benchmarks.jar LocalHitBenchmark \
 *   -jvmArgsAppend -javaagent:agent/target/idempotent4j-agent-0.1.0-SNAPSHOT.jar
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class LocalHitBenchmark {

  static final int IDS = 1024;

  /** What all threads share: the three implementations, warmed with every id. */
  @State(Scope.Benchmark)
  public static class Subjects {
    final KeyPool ids = new KeyPool(IDS);
    final Orders orders = new Orders();
    final HandWrittenCaffeine caffeine = new HandWrittenCaffeine();
    AnnotationConfigApplicationContext context;
    SpringCacheableOrders spring;

    @Setup(Level.Trial)
    public void start(BenchmarkParams benchmark) {
      Idempotency.configure(Map.of()); // the embedded default: local tier only
      if (benchmark.getBenchmark().endsWith(".woven")) {
        WeavingProbe.requireWoven();
      }
      // Spring only in its own fork: its context's threads and classes are no part of the others.
      if (benchmark.getBenchmark().endsWith(".springCacheable")) {
        context = SpringCacheableOrders.context();
        spring = context.getBean(SpringCacheableOrders.class);
      }
      for (int i = 0; i < IDS; i++) {
        String id = ids.id(i);
        orders.confirm(id);
        caffeine.confirm(id);
        if (spring != null) {
          spring.confirm(id);
        }
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      if (context != null) {
        context.close();
      }
      Idempotency.shutdown();
    }
  }

  @Benchmark
  public String woven(Subjects subjects, RepeatCursor cursor) {
    return subjects.orders.confirm(subjects.ids.id(cursor.next(IDS)));
  }

  @Benchmark
  public String handWrittenCaffeine(Subjects subjects, RepeatCursor cursor) {
    return subjects.caffeine.confirm(subjects.ids.id(cursor.next(IDS)));
  }

  @Benchmark
  public String springCacheable(Subjects subjects, RepeatCursor cursor) {
    return subjects.spring.confirm(subjects.ids.id(cursor.next(IDS)));
  }
}
