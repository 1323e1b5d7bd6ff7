package dev.idempotent4j.runtime;

import static dev.idempotent4j.runtime.Woven.callByLocalKey;
import static dev.idempotent4j.runtime.Woven.definition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.spi.Replay;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hot path of a duplicate, {@code Engine.localHit}: answered by local key alone exactly where
 * the whole decision would replay, and otherwise left to it (no outcome, a fingerprint, an
 * execution running on the thread), with the same counters and {@code IdempotencyContext}.
 */
class LocalHitTest {

  private final FakeClock clock = new FakeClock();
  private final Engine engine = Engine.builder(Settings.defaults()).clock(clock).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aDuplicateIsAnsweredByItsLocalKeyWithTheContextOfTheExecution() throws Exception {
    BoundTask task = engine.bind(definition("confirm").build());
    assertThat(engine.localHit(task, "order-1")).as("nothing ran yet").isNull();
    assertThat(callByLocalKey(engine, task, "order-1", () -> "receipt")).isEqualTo("receipt");

    Object hit = engine.localHit(task, "order-1");

    assertThat(hit).isInstanceOf(Replay.class);
    assertThat(((Replay) hit).value()).isEqualTo("receipt");
    IdempotencyContext last = Frames.lastCall();
    assertThat(last.replayed()).isTrue();
    assertThat(last.key()).isEqualTo("i4j:confirm:order-1");
    assertThat(engine.metrics().task("confirm").localHits()).isEqualTo(1);
    assertThat(engine.localHit(task, "order-2")).isNull();
  }

  @Test
  void twoTasksKeyedOnTheSameValueRunOnceEach() throws Exception {
    BoundTask confirm = engine.bind(definition("confirm").build());
    BoundTask ship = engine.bind(definition("ship").build());
    AtomicInteger runs = new AtomicInteger();

    callByLocalKey(engine, confirm, "order-1", runs::incrementAndGet);
    callByLocalKey(engine, ship, "order-1", runs::incrementAndGet);
    callByLocalKey(engine, confirm, "order-1", runs::incrementAndGet);
    callByLocalKey(engine, ship, "order-1", runs::incrementAndGet);

    assertThat(runs).hasValue(2);
  }

  @Test
  void aTaskWithAFingerprintComparesItOnTheWholePath() throws Exception {
    BoundTask task = engine.bind(Woven.withFingerprint("charge").build());
    Woven.call(engine, task, new Object[] {"order-1", "100"}, () -> "receipt");

    assertThat(engine.localHit(task, "order-1")).isNull();
    assertThatThrownBy(() -> engine.enter(task, "order-1", new Object[] {"order-1", "200"}))
        .isInstanceOf(KeyReuseException.class);
  }

  @Test
  void insideARunningExecutionTheWholePathTellsAReentrantCall() throws Exception {
    BoundTask task = engine.bind(definition("confirm").build());
    callByLocalKey(engine, task, "order-2", () -> "other");
    Object entered = engine.enter(task, "order-1", new Object[] {"order-1", null});
    try {
      assertThat(engine.localHit(task, "order-2")).as("left to the whole path").isNull();
      assertThat(engine.enter(task, "order-2", new Object[] {"order-2", null}))
          .isInstanceOf(Replay.class);
      assertThatThrownBy(() -> engine.enter(task, "order-1", new Object[] {"order-1", null}))
          .isInstanceOf(TaskInProgressException.class);
    } finally {
      Engine.exit(entered, "receipt", null);
    }
  }

  @Test
  void aLongLocalKeyIsReplacedByItsBoundedTextAndStillDedups() throws Exception {
    BoundTask task = engine.bind(definition("confirm").build());
    String id = "x".repeat(KeyDerivation.LOCAL_MAX_CHARS + 1);
    AtomicInteger runs = new AtomicInteger();

    callByLocalKey(engine, task, id, runs::incrementAndGet);
    callByLocalKey(engine, task, new String(id), runs::incrementAndGet);

    assertThat(runs).hasValue(1);
    assertThat(engine.localHit(task, id)).as("too long for the hot path").isNull();
    assertThat(KeyDerivation.compact(List.of(id))).isFalse();
    assertThat(KeyDerivation.compact(List.of("a", 1L))).isTrue();
  }

  @Test
  void theLocalTierForgetsAnOutcomeByItsKeyText() throws Exception {
    BoundTask task = engine.bind(definition("confirm").build());
    AtomicInteger runs = new AtomicInteger();
    callByLocalKey(engine, task, "order-1", runs::incrementAndGet);

    engine.forget("i4j:confirm:order-1");
    callByLocalKey(engine, task, "order-1", runs::incrementAndGet);

    assertThat(runs).hasValue(2);
  }

  @Test
  void aFailingLocalKeyIsReportedAsAFailingKeyDeriver() {
    BoundTask nullOnPath =
        engine.bind(
            definition("charge")
                .localKeys(
                    args -> {
                      throw KeyDerivationException.nullOnPath("charge", "{order.id}", "order.id");
                    },
                    (head, localKey) -> head + localKey)
                .build());
    assertThatThrownBy(() -> Woven.call(engine, nullOnPath, "x", () -> "ran"))
        .isInstanceOf(KeyDerivationException.class)
        .hasMessageContaining("'order.id' is null");

    BoundTask buggy =
        engine.bind(
            definition("buggy")
                .localKeys(
                    args -> {
                      throw new ClassCastException("generated code bug");
                    },
                    (head, localKey) -> head + localKey)
                .build());
    assertThatThrownBy(() -> Woven.call(engine, buggy, "x", () -> "ran"))
        .isInstanceOf(KeyDerivationException.class)
        .hasMessageContaining("key deriver failed")
        .hasCauseInstanceOf(ClassCastException.class);
  }
}
