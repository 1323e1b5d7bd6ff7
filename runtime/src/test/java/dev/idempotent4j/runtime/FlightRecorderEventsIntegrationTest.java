package dev.idempotent4j.runtime;

import static dev.idempotent4j.runtime.Woven.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Configuration;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * idempotent4j's JFR events, recorded in this JVM as an operator would record them ({@code
 * JFR.start} with the default settings), dumped, and read back with {@link RecordingFile}:
 * executions, local and shared replays, a wait, and, with two engines on a real Redis, a takeover
 * and the lost lease of the worker it was taken from.
 */
class FlightRecorderEventsIntegrationTest {
  @RegisterExtension static final RedisServer redis = RedisServer.start();

  @TempDir Path dir;

  private final String prefix = "jfr" + UUID.randomUUID().toString().substring(0, 8);
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Engine> engines = new ArrayList<>();

  @AfterEach
  void close() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    engines.forEach(Engine::close);
    Idempotency.reset();
  }

  @Test
  void aRecordingWithTheDefaultSettingsHoldsEveryEventWithItsFields() throws Exception {
    List<RecordedEvent> events;
    try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
      recording.start();
      localCalls();
      takeoverAndLostLease();
      recording.stop();
      Path file = dir.resolve("run.jfr");
      recording.dump(file);
      events =
          RecordingFile.readAllEvents(file).stream()
              .filter(e -> e.getEventType().getName().startsWith("dev.idempotent4j."))
              .collect(Collectors.toList());
    }

    // Local: one execution of "Jfr.local" k1, then a replay of it from the local tier.
    RecordedEvent executed = only(events, "dev.idempotent4j.Execution", "Jfr.local");
    assertThat(executed.getString("key")).isEqualTo("i4j:Jfr.local:k1");
    assertThat(executed.getInt("attempt")).isEqualTo(1);
    assertThat(executed.getLong("fencingToken")).isPositive();
    assertThat(executed.getString("outcome")).isEqualTo("completed");
    assertThat(executed.getDuration("executionTime")).isPositive();
    RecordedEvent replay = only(events, "dev.idempotent4j.Replay", "Jfr.local");
    assertThat(replay.getString("tier")).isEqualTo("local");
    assertThat(replay.getLong("fencingToken")).isEqualTo(executed.getLong("fencingToken"));
    assertThat(replay.getInt("attempt")).isEqualTo(1);

    // A key longer than 128 characters is cut in events.
    RecordedEvent longKey = only(events, "dev.idempotent4j.Execution", "Jfr.long");
    assertThat(longKey.getString("key")).hasSize(FlightRecorderObserver.KEY_CHARS);

    // A released execution (the body threw) and its retry.
    List<RecordedEvent> failing = all(events, "dev.idempotent4j.Execution", "Jfr.failing");
    assertThat(failing)
        .extracting(e -> e.getString("outcome") + "#" + e.getInt("attempt"))
        .containsExactlyInAnyOrder("released#1", "completed#2");

    // A duplicate that waited for the running execution, then replayed its outcome.
    RecordedEvent waited = only(events, "dev.idempotent4j.Wait", "Jfr.wait");
    RecordedEvent waitedFor = only(events, "dev.idempotent4j.Execution", "Jfr.wait");
    assertThat(waited.getString("key")).isEqualTo("i4j:Jfr.wait:k");
    assertThat(waited.getLong("fencingToken")).isEqualTo(waitedFor.getLong("fencingToken"));
    assertThat(waited.getDuration("waitTime")).isPositive();
    assertThat(only(events, "dev.idempotent4j.Replay", "Jfr.wait").getString("tier"))
        .isEqualTo("local");

    // Two engines on Redis: the second takes over the key whose lease lapsed...
    String task = "lapse";
    RecordedEvent takeover = only(events, "dev.idempotent4j.Takeover", task);
    assertThat(takeover.getString("key")).isEqualTo(prefix + ":lapse:k");
    assertThat(takeover.getInt("attempt")).isEqualTo(2);
    // ...the first's late outcome is refused: its lease was lost, under the older token.
    RecordedEvent lost = only(events, "dev.idempotent4j.LeaseLost", task);
    assertThat(lost.getInt("attempt")).isEqualTo(1);
    assertThat(lost.getLong("fencingToken")).isLessThan(takeover.getLong("fencingToken"));
    assertThat(all(events, "dev.idempotent4j.Execution", task))
        .extracting(e -> e.getString("outcome") + "#" + e.getInt("attempt"))
        .containsExactlyInAnyOrder("lease-lost#1", "completed#2");
    // ...the waiting engine's wait ended in the takeover, and a third engine replays the outcome.
    assertThat(all(events, "dev.idempotent4j.Wait", task)).hasSize(1);
    RecordedEvent shared = only(events, "dev.idempotent4j.Replay", task);
    assertThat(shared.getString("tier")).isEqualTo("shared");

    // Metadata an operator sees: category, label, and no stack traces.
    EventType type =
        FlightRecorder.getFlightRecorder().getEventTypes().stream()
            .filter(t -> t.getName().equals("dev.idempotent4j.Execution"))
            .findFirst()
            .orElseThrow();
    assertThat(type.getCategoryNames()).containsExactly("idempotent4j");
    assertThat(type.getLabel()).isEqualTo("Execution");
    assertThat(executed.getStackTrace()).isNull();
    // The shared fields' superclass is no event type of its own.
    assertThat(FlightRecorder.getFlightRecorder().getEventTypes())
        .extracting(EventType::getName)
        .noneMatch(name -> name.endsWith("KeyedEvent"));
  }

  @Test
  void outsideRecordingsNoObserverIsRegistered() throws Exception {
    assertThat(Observers.current()).isEmpty();
    try (Recording recording = new Recording()) {
      recording.start();
      assertThat(Observers.current())
          .extracting(registered -> registered.observer)
          .hasOnlyElementsOfType(FlightRecorderObserver.class);
      recording.stop();
    }
    assertThat(Observers.current()).isEmpty();
  }

  private void localCalls() throws Exception {
    Idempotency.configure(Map.of());
    Task local = Idempotency.task("Jfr.local").build();
    assertThat(local.run("k1", () -> "first")).isEqualTo("first");
    assertThat(local.run("k1", () -> "second")).isEqualTo("first");

    Idempotency.task("Jfr.long").build().run("x".repeat(300), () -> "long");

    Task failing = Idempotency.task("Jfr.failing").build();
    try {
      failing.run(
          "k",
          () -> {
            throw new IllegalStateException("not cached: releases the key");
          });
    } catch (IllegalStateException expected) {
      // the retry below runs attempt 2
    }
    failing.run("k", () -> "retried");

    Task waiting = Idempotency.task("Jfr.wait").build();
    CountDownLatch finish = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Future<String> first =
        threads.submit(
            () ->
                waiting.run(
                    "k",
                    () -> {
                      started.countDown();
                      await(finish);
                      return "done";
                    }));
    started.await();
    Future<String> duplicate = threads.submit(() -> waiting.run("k", () -> "never"));
    Woven.awaitCondition(
        "the duplicate to wait", () -> Idempotency.metrics().task("Jfr.wait").waits() == 1);
    finish.countDown();
    assertThat(first.get()).isEqualTo("done");
    assertThat(duplicate.get()).isEqualTo("done");
  }

  /** As {@code SharedEngineContract}'s lapsed-lease test: a paused worker and a new owner. */
  private void takeoverAndLostLease() throws Exception {
    Engine paused = engine();
    Engine other = engine();
    TaskDefinition definition =
        Woven.definition("lapse")
            .returns(ReturnKind.VALUE, null, Codecs.string())
            .lease(Duration.ofMillis(500))
            .build();
    paused.leaseRenewer().stop(); // as if its JVM stood still: nobody renews its lease
    CountDownLatch finish = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    BoundTask onPaused = paused.bind(definition);
    Future<Object> late =
        threads.submit(
            () ->
                call(
                    paused,
                    onPaused,
                    "k",
                    () -> {
                      started.countDown();
                      finish.await();
                      return "late";
                    }));
    started.await();
    assertThat(call(other, other.bind(definition), "k", () -> "new owner")).isEqualTo("new owner");
    finish.countDown();
    assertThat(late.get()).isEqualTo("late");
    Engine third = engine();
    assertThat(call(third, third.bind(definition), "k", () -> "x")).isEqualTo("new owner");
  }

  private Engine engine() {
    Map<String, String> code = new HashMap<>(Map.of("redis", redis.uri(), "prefix", prefix));
    Settings settings = Settings.resolve(code, new Properties(), Map.of());
    Engine engine =
        Engine.builder(settings).store(settings.store().orElseThrow().open(settings)).build();
    engines.add(engine);
    return engine;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<RecordedEvent> all(List<RecordedEvent> events, String name, String task) {
    return events.stream()
        .filter(e -> e.getEventType().getName().equals(name) && task.equals(e.getString("task")))
        .collect(Collectors.toList());
  }

  private static RecordedEvent only(List<RecordedEvent> events, String name, String task) {
    List<RecordedEvent> found = all(events, name, task);
    assertThat(found).as("%s events of task %s in %s", name, task, events).hasSize(1);
    return found.get(0);
  }
}
