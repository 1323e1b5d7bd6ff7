package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Virtual threads must never pin a carrier while they wait for a duplicate's outcome. Pinning is
 * detected with a JFR recording of {@code jdk.VirtualThreadPinned} at threshold zero; {@link
 * #theDetectorSeesAPinnedThread()} proves that the detector does report pinning, so the real test
 * can fail. Virtual threads are created by reflection because the code compiles with {@code
 * --release 17}.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadsTest {

  private static final int THREADS = 10_000;
  private static final int KEYS = 100;

  @Test
  void tenThousandVirtualThreadsOverOneHundredKeysRunEachKeyOnceAndNeverPin() throws Exception {
    Engine engine = Engine.builder(Settings.defaults()).build();
    BoundTask task = engine.bind(Woven.definition("vt").waitTimeout(Duration.ofMinutes(5)).build());
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<Object>> results = new ArrayList<>();

    List<RecordedEvent> pinned =
        pinnedDuring(
            () -> {
              ExecutorService virtualThreads = newVirtualThreadPerTaskExecutor();
              try {
                for (int i = 0; i < THREADS; i++) {
                  String key = "k" + (i % KEYS);
                  results.add(
                      virtualThreads.submit(
                          () ->
                              Woven.call(
                                  engine,
                                  task,
                                  key,
                                  () -> {
                                    runs.computeIfAbsent(key, k -> new AtomicInteger())
                                        .incrementAndGet();
                                    // Hold every first run until all callers are in, so that
                                    // duplicates really wait (park) on the single flight.
                                    gate.await();
                                    return key + "-result";
                                  })));
                }
                Woven.awaitCondition(
                    "all duplicates waiting",
                    () -> engine.metrics().task("vt").waits() == THREADS - KEYS);
                gate.countDown();
                for (int i = 0; i < THREADS; i++) {
                  assertThat(results.get(i).get()).isEqualTo("k" + (i % KEYS) + "-result");
                }
              } finally {
                close(virtualThreads);
              }
            });

    assertThat(runs).hasSize(KEYS);
    assertThat(runs.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    assertThat(engine.metrics().task("vt").executed()).isEqualTo(KEYS);
    assertThat(pinned).as("pinned virtual threads: %s", pinned).isEmpty();
    engine.close();
  }

  @Test
  void theDetectorSeesAPinnedThread() throws Exception {
    // A virtual thread that parks inside a class initializer pins its carrier (still on JDK 25).
    List<RecordedEvent> pinned =
        pinnedDuring(
            () -> {
              ExecutorService virtualThreads = newVirtualThreadPerTaskExecutor();
              try {
                virtualThreads.submit(ParksWhileInitializing::touch).get();
              } finally {
                close(virtualThreads);
              }
            });
    assertThat(pinned).isNotEmpty();
  }

  static List<RecordedEvent> pinnedDuring(ThrowingRunnable work) throws Exception {
    Path file = Files.createTempFile("idempotent4j-pinning", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
      recording.start();
      work.run();
      recording.stop();
      recording.dump(file);
      // only pinning: libraries in this JVM (Lettuce) record JFR events of their own
      List<RecordedEvent> pinned = new ArrayList<>();
      for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
        if (event.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
          pinned.add(event);
        }
      }
      return pinned;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  static ExecutorService newVirtualThreadPerTaskExecutor() throws Exception {
    return (ExecutorService)
        Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
  }

  static void close(ExecutorService executor) throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static final class ParksWhileInitializing {
    static {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }

    static void touch() {}
  }
}
