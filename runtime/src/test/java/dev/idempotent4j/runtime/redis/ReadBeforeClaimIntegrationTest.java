package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.redis.RedisSettings.ReadBeforeClaim;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.StoredFailure;
import dev.idempotent4j.testing.RedisServer;
import dev.idempotent4j.testing.RespClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each {@code redis.read-before-claim} mode against a real Redis, told apart by what the server ran
 * ({@code INFO commandstats}): a duplicate answered by a plain GET runs no script.
 */
class ReadBeforeClaimIntegrationTest {
  @RegisterExtension static final RedisServer redis = RedisServer.start();

  private static final Duration LONG = Duration.ofMinutes(5);

  private static RedisStore connect(ReadBeforeClaim mode) {
    return RedisStore.connect(
        RedisSettings.redis(redis.uri(), Duration.ofSeconds(5)).withReadBeforeClaim(mode));
  }

  private static String finished(RedisStore store, String task) {
    String key = "i4j:" + task + ":" + UUID.randomUUID();
    Fence fence =
        ((Claim.Claimed) store.claim(new ClaimRequest(key, "fp", "w", LONG, LONG))).fence();
    store.complete(key, fence, "\"r\"", LONG);
    return key;
  }

  /** Script runs (EVALSHA) and GETs a claim of {@code key} cost the server. */
  private static long[] cost(RedisStore store, RespClient raw, String key, Claim expected) {
    long scripts = raw.commandCalls("evalsha");
    long gets = raw.commandCalls("get");
    assertThat(store.claim(new ClaimRequest(key, "fp", "other", LONG, LONG))).isEqualTo(expected);
    return new long[] {raw.commandCalls("evalsha") - scripts, raw.commandCalls("get") - gets};
  }

  @Test
  void alwaysAnswersAFinishedRecordFromOneGetAndTheRestFromTheScript() {
    try (RedisStore store = connect(ReadBeforeClaim.ALWAYS);
        RespClient raw = redis.client()) {
      String done = finished(store, "Always.task");
      assertThat(cost(store, raw, done, new Claim.Completed("\"r\""))).containsExactly(0, 1);

      String failed = "i4j:Always.task:" + UUID.randomUUID();
      Fence fence =
          ((Claim.Claimed) store.claim(new ClaimRequest(failed, null, "w", LONG, LONG))).fence();
      store.fail(failed, fence, new StoredFailure("E", "m"), LONG);
      assertThat(cost(store, raw, failed, new Claim.Failed(new StoredFailure("E", "m"))))
          .containsExactly(0, 1);

      // a fresh key: the GET finds nothing, the script claims it (and runs its own GETs)
      long scripts = raw.commandCalls("evalsha");
      String fresh = "i4j:Always.task:" + UUID.randomUUID();
      assertThat(store.claim(new ClaimRequest(fresh, null, "w", LONG, LONG)))
          .isInstanceOf(Claim.Claimed.class);
      assertThat(raw.commandCalls("evalsha") - scripts).isEqualTo(1);
      // a format-1 hash answers WRONGTYPE to GET: the script reads it
      String old = "i4j:Always.task:" + UUID.randomUUID();
      raw.call(
          "HSET",
          "{" + old + "}",
          "v",
          "1",
          "state",
          "completed",
          "token",
          "5",
          "attempt",
          "1",
          "result",
          "\"v1\"");
      assertThat(cost(store, raw, old, new Claim.Completed("\"v1\""))[0]).isEqualTo(1);
    }
  }

  @Test
  void neverRunsTheScriptForEveryClaim() {
    try (RedisStore store = connect(ReadBeforeClaim.NEVER);
        RespClient raw = redis.client()) {
      for (int i = 0; i < 50; i++) {
        String done = finished(store, "Never.task");
        // the script's own GET only
        assertThat(cost(store, raw, done, new Claim.Completed("\"r\""))).containsExactly(1, 1);
      }
    }
  }

  @Test
  void autoSwitchesATaskToGetFirstOnceItsClaimsMostlyFindFinishedRecords() {
    try (RedisStore store = connect(ReadBeforeClaim.AUTO);
        RespClient raw = redis.client()) {
      String done = finished(store, "Auto.duplicates");
      assertThat(cost(store, raw, done, new Claim.Completed("\"r\"")))
          .as("a new task starts on the script")
          .containsExactly(1, 1);
      int claims = 1;
      while (cost(store, raw, done, new Claim.Completed("\"r\""))[0] == 1) {
        claims++;
        assertThat(claims).as("claims until GET first").isLessThan(100);
      }
      assertThat(cost(store, raw, done, new Claim.Completed("\"r\""))).containsExactly(0, 1);
      // another task with first executions only stays on the script
      for (int i = 0; i < 100; i++) {
        long scripts = raw.commandCalls("evalsha");
        long gets = raw.commandCalls("get");
        String fresh = "i4j:Auto.firsts:" + i + UUID.randomUUID();
        store.claim(new ClaimRequest(fresh, null, "w", LONG, LONG));
        assertThat(raw.commandCalls("evalsha") - scripts).isEqualTo(1);
        assertThat(raw.commandCalls("get") - gets)
            .as("the script's GETs of record and fence")
            .isEqualTo(2);
      }
    }
  }
}
