package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.redis.RedisSettings;
import dev.idempotent4j.runtime.redis.RedisStore;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link VirtualThreadsTest} with the shared tier: 10,000 virtual threads over 100 keys, the
 * leaders claiming in Redis (and renewing, completing) while the others wait, and no carrier is
 * pinned. The detector's own test lives in {@link VirtualThreadsTest}.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class SharedVirtualThreadsIntegrationTest {
  @RegisterExtension static final RedisServer redis = RedisServer.start();

  private static final int THREADS = 10_000;
  private static final int KEYS = 100;

  @Test
  void tenThousandVirtualThreadsOverOneHundredKeysThroughRedisRunEachKeyOnceAndNeverPin()
      throws Exception {
    Settings settings =
        Settings.resolve(Map.of("redis", redis.uri(), "prefix", "vt"), new Properties(), Map.of());
    CountingStore store =
        new CountingStore(RedisStore.connect(RedisSettings.redis(redis.uri(), settings.timeout())));
    Engine engine = Engine.builder(settings).store(store).build();
    BoundTask task =
        engine.bind(
            Woven.definition("vt")
                .returns(ReturnKind.VALUE, null, Codecs.string())
                .waitTimeout(Duration.ofMinutes(5))
                .build());
    // Warm up, unrecorded: the first use of a class (loading, static initialization) parks a
    // virtual thread on a monitor, which the JDK reports as pinning; that is not what we look for.
    // A recording runs meanwhile (its events are not read), because the engine reports to its JFR
    // observer while any recording runs: the first commit of each event loads JFR's own classes.
    try (Recording warmUp = new Recording()) {
      warmUp.start();
      burst(engine, task, 200, 2, "warm");
    }
    store.claims.set(0);
    store.completes.set(0);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    List<RecordedEvent> pinned =
        VirtualThreadsTest.pinnedDuring(() -> runs.putAll(burst(engine, task, THREADS, KEYS, "k")));

    assertThat(runs).hasSize(KEYS);
    assertThat(runs.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    assertThat(store.claims).hasValue(KEYS);
    assertThat(store.completes).hasValue(KEYS);
    assertThat(engine.metrics().task("vt").executed()).isEqualTo(KEYS + 2);
    assertThat(pinned).as("pinned virtual threads: %s", pinned).isEmpty();
    engine.close();
  }

  /** {@code threads} virtual threads over {@code keys} keys; every first run waits for all. */
  private static Map<String, AtomicInteger> burst(
      Engine engine, BoundTask task, int threads, int keys, String keyPrefix) throws Exception {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<Object>> results = new ArrayList<>();
    long waitsBefore = engine.metrics().task("vt").waits();
    ExecutorService virtualThreads = VirtualThreadsTest.newVirtualThreadPerTaskExecutor();
    try {
      for (int i = 0; i < threads; i++) {
        String key = keyPrefix + (i % keys);
        results.add(
            virtualThreads.submit(
                () ->
                    Woven.call(
                        engine,
                        task,
                        key,
                        () -> {
                          runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                          // hold every first run until all callers are in: duplicates really park
                          gate.await();
                          return key + "-result";
                        })));
      }
      Woven.awaitCondition(
          "all duplicates waiting",
          () -> engine.metrics().task("vt").waits() - waitsBefore == threads - keys);
      gate.countDown();
      for (int i = 0; i < threads; i++) {
        assertThat(results.get(i).get()).isEqualTo(keyPrefix + (i % keys) + "-result");
      }
    } finally {
      VirtualThreadsTest.close(virtualThreads);
    }
    return runs;
  }
}
