package dev.idempotent4j.runtime;

import static dev.idempotent4j.runtime.Woven.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.runtime.store.RecordView;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoreOperations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's operations (show, list, release: {@link IdempotencyOperations} over {@link
 * StoreOperations}) against a real store, with engines standing for separate JVMs. Subclasses name
 * the store (Redis, PostgreSQL) and plant garbage with its own tools.
 */
abstract class SharedOperationsContract {

  /** The settings that select the store. */
  abstract Map<String, String> storeSetting();

  /** Puts a value under the record of full key {@code key} that is not a record. */
  abstract void plantGarbage(String key);

  /** The stored value under the record of full key {@code key}, exactly, to compare. */
  abstract Object snapshot(String key);

  final String prefix = "o" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Engine> engines = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void closeEngines() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    engines.forEach(Engine::close);
  }

  Settings settings() {
    Map<String, String> code = new HashMap<>(storeSetting());
    code.put("prefix", prefix);
    code.put("timeout", "5s");
    return Settings.resolve(code, new Properties(), Map.of());
  }

  /** Another "JVM": an engine with its own store connection and local tier. */
  Engine engine() {
    Settings settings = settings();
    SharedStore store = settings.store().orElseThrow().open(settings);
    Engine engine = Engine.builder(settings).store(store).build();
    engines.add(engine);
    return engine;
  }

  static TaskDefinition strings(String name) {
    return Woven.definition(name).returns(ReturnKind.VALUE, null, Codecs.string()).build();
  }

  @Test
  void releaseOfARunningClaimBumpsTheFenceSoTheOldOwnersLateCompleteIsRefused() throws Exception {
    Engine owner = engine();
    Engine other = engine();
    TaskDefinition definition = strings("stuck");
    CountDownLatch finish = new CountDownLatch(1);
    Future<Object> late = holdKey(owner, owner.bind(definition), finish, "late");
    IdempotencyOperations operations = IdempotencyOperations.of(other);

    RecordView running = operations.show("stuck", "k").orElseThrow();
    assertThat(running.key()).isEqualTo(prefix + ":stuck:k");
    assertThat(running.state()).isEqualTo(RecordView.State.RUNNING);
    assertThat(running.attempt()).isEqualTo(1);
    assertThat(running.owner()).isNotEmpty();
    assertThat(running.leaseLeft()).isPositive();
    assertThat(running.stuck()).isFalse();
    assertThat(running.resultSize()).isEqualTo(-1);

    StoreOperations.Released dry = operations.release("stuck", "k", true);
    assertThat(dry.released()).isFalse();
    assertThat(dry.before().state()).isEqualTo(RecordView.State.RUNNING);
    assertThat(dry.fence()).isEqualTo(running.fence());
    assertThat(operations.show("stuck", "k")).isPresent(); // a dry run changes nothing

    StoreOperations.Released released = operations.release("stuck", "k", false);
    assertThat(released.released()).isTrue();
    assertThat(released.fence()).isGreaterThan(running.fence());
    // Redis deletes the record; PostgreSQL keeps a released row to count the next attempt
    assertThat(
            operations.show("stuck", "k").map(RecordView::state).orElse(RecordView.State.RELEASED))
        .isEqualTo(RecordView.State.RELEASED);

    // The key is free: another engine runs it again, as the next attempt, under a higher token.
    BoundTask onOther = other.bind(definition);
    long[] token = new long[1];
    assertThat(
            call(
                other,
                onOther,
                "k",
                () -> {
                  token[0] = IdempotencyContext.current().orElseThrow().fencingToken();
                  return "again";
                }))
        .isEqualTo("again");
    assertThat(token[0]).isGreaterThan(released.fence());

    // The old owner finishes late: its complete is refused, the stored outcome stays "again".
    finish.countDown();
    assertThat(late.get()).isEqualTo("late");
    assertThat(owner.metrics().task("stuck").lostLeases()).isEqualTo(1);
    Engine fresh = engine();
    assertThat(call(fresh, fresh.bind(definition), "k", () -> "x")).isEqualTo("again");
  }

  @Test
  void showAndListTellStateAndSizesButNeverTheResult() throws Exception {
    Engine engine = engine();
    TaskDefinition definition = strings("seen");
    call(engine, engine.bind(definition), "done", () -> "result-1");
    CountDownLatch finish = new CountDownLatch(1);
    Future<Object> running = holdKey(engine, engine.bind(definition), finish, "r");
    IdempotencyOperations operations = IdempotencyOperations.of(engine);
    try {
      RecordView completed = operations.show("seen", "done").orElseThrow();
      assertThat(completed.state()).isEqualTo(RecordView.State.COMPLETED);
      assertThat(completed.resultSize()).isEqualTo("\"result-1\"".length());
      assertThat(completed.leaseLeft()).isNull();
      assertThat(completed.ttlLeft()).isPositive();
      assertThat(completed.toString()).doesNotContain("result-1");
      assertThat(operations.show("seen", "never")).isEmpty();

      StoreOperations.Page runningKeys =
          operations.list("seen", Set.of(RecordView.State.RUNNING), 100, null);
      assertThat(runningKeys.records())
          .extracting(RecordView::key)
          .containsExactly(prefix + ":seen:k");
      assertThat(all(operations, "seen", Set.of(), 100))
          .containsExactlyInAnyOrder(prefix + ":seen:k", prefix + ":seen:done");
      assertThat(all(operations, "other", Set.of(), 100)).isEmpty();
    } finally {
      finish.countDown();
      running.get();
    }
  }

  @Test
  void listPagesThroughEveryKeyOfATask() throws Exception {
    Engine engine = engine();
    BoundTask task = engine.bind(strings("many"));
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 25; i++) {
      call(engine, task, "k" + i, () -> "v");
      expected.add(prefix + ":many:k" + i);
    }
    assertThat(all(IdempotencyOperations.of(engine), "many", Set.of(), 7))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void releaseOfACompletedOutcomeForgetsItInThisJvmAndTheKeyRunsAgain() throws Exception {
    Engine engine = engine();
    BoundTask task = engine.bind(strings("redo"));
    assertThat(call(engine, task, "k", () -> "first")).isEqualTo("first");
    assertThat(engine.remembered(prefix + ":redo:k")).isNotNull();
    StoreOperations.Released released =
        IdempotencyOperations.of(engine).release("redo", "k", false);
    assertThat(released.before().state()).isEqualTo(RecordView.State.COMPLETED);
    assertThat(engine.remembered(prefix + ":redo:k")).isNull();
    assertThat(call(engine, task, "k", () -> "second")).isEqualTo("second");
    assertThat(IdempotencyOperations.of(engine).release("redo", "never", false).before()).isNull();
  }

  @Test
  void aCorruptRecordIsReportedAndLeftUntouched() {
    Engine engine = engine();
    String key = prefix + ":garbage:k";
    plantGarbage(key);
    Object before = snapshot(key);
    IdempotencyOperations operations = IdempotencyOperations.of(engine);
    assertThatThrownBy(() -> operations.show("garbage", "k"))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining(key);
    assertThatThrownBy(() -> operations.release("garbage", "k", false))
        .isInstanceOf(CorruptRecordException.class);
    assertThat(snapshot(key)).isEqualTo(before);
  }

  private static List<String> all(
      IdempotencyOperations operations, String task, Set<RecordView.State> states, int limit) {
    List<String> keys = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      StoreOperations.Page page = operations.list(task, states, limit, cursor);
      page.records().forEach(r -> keys.add(r.key()));
      cursor = page.cursor();
      assertThat(++pages).isLessThan(1000);
    } while (cursor != null);
    return keys;
  }

  private Future<Object> holdKey(
      Engine engine, BoundTask task, CountDownLatch finish, Object result) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Future<Object> running =
        threads.submit(
            () ->
                call(
                    engine,
                    task,
                    "k",
                    () -> {
                      started.countDown();
                      finish.await();
                      return result;
                    }));
    started.await();
    return running;
  }
}
