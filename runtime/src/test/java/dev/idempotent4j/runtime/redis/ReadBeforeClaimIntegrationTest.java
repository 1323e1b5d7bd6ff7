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
 * ({@code INFO commandstats}): a duplicate answered by a plain GET runs no claim step, neither the
 * claim's {@code MULTI} (on Redis 7.0+, {@link ClaimTransaction}) nor its script.
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

  /** Claim steps (the claim's MULTI, EXEC, and its script, EVALSHA) a server has run. */
  private static long claimSteps(RespClient raw) {
    return raw.commandCalls("exec") + raw.commandCalls("evalsha");
  }

  /** Claim steps and GETs a claim of {@code key} cost the server. */
  private static long[] cost(RedisStore store, RespClient raw, String key, Claim expected) {
    long steps = claimSteps(raw);
    long gets = raw.commandCalls("get");
    assertThat(store.claim(new ClaimRequest(key, "fp", "other", LONG, LONG))).isEqualTo(expected);
    return new long[] {claimSteps(raw) - steps, raw.commandCalls("get") - gets};
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

      // a fresh key: the GET finds nothing, the MULTI claims it
      long steps = claimSteps(raw);
      String fresh = "i4j:Always.task:" + UUID.randomUUID();
      assertThat(store.claim(new ClaimRequest(fresh, null, "w", LONG, LONG)))
          .isInstanceOf(Claim.Claimed.class);
      assertThat(claimSteps(raw) - steps).isEqualTo(1);
      // a format-1 hash answers WRONGTYPE to GET and to the MULTI's SET: the script reads it
      // (loaded first: no claim of this store ran it yet, and NOSCRIPT would count a second run)
      raw.call("SCRIPT", "LOAD", RedisScript.CLAIM.text());
      long scripts = raw.commandCalls("evalsha");
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
      assertThat(store.claim(new ClaimRequest(old, "fp", "other", LONG, LONG)))
          .isEqualTo(new Claim.Completed("\"v1\""));
      assertThat(raw.commandCalls("evalsha") - scripts).isEqualTo(1);
    }
  }

  @Test
  void neverRunsTheScriptForEveryClaim() {
    try (RedisStore store = connect(ReadBeforeClaim.NEVER);
        RespClient raw = redis.client()) {
      for (int i = 0; i < 50; i++) {
        String done = finished(store, "Never.task");
        // the MULTI alone, its SET NX GET answering the record
        assertThat(cost(store, raw, done, new Claim.Completed("\"r\""))).containsExactly(1, 0);
      }
    }
  }

  @Test
  void autoSwitchesATaskToGetFirstOnceItsClaimsMostlyFindFinishedRecords() {
    try (RedisStore store = connect(ReadBeforeClaim.AUTO);
        RespClient raw = redis.client()) {
      String done = finished(store, "Auto.duplicates");
      assertThat(cost(store, raw, done, new Claim.Completed("\"r\"")))
          .as("a new task starts on the claim step")
          .containsExactly(1, 0);
      int claims = 1;
      while (cost(store, raw, done, new Claim.Completed("\"r\""))[0] == 1) {
        claims++;
        assertThat(claims).as("claims until GET first").isLessThan(100);
      }
      assertThat(cost(store, raw, done, new Claim.Completed("\"r\""))).containsExactly(0, 1);
      // another task with first executions only stays on the claim step, the MULTI alone
      for (int i = 0; i < 100; i++) {
        long steps = claimSteps(raw);
        long scripts = raw.commandCalls("evalsha");
        long gets = raw.commandCalls("get");
        String fresh = "i4j:Auto.firsts:" + i + UUID.randomUUID();
        store.claim(new ClaimRequest(fresh, null, "w", LONG, LONG));
        assertThat(claimSteps(raw) - steps).isEqualTo(1);
        assertThat(raw.commandCalls("evalsha") - scripts).as("no script").isZero();
        assertThat(raw.commandCalls("get") - gets).as("no GET").isZero();
      }
    }
  }
}
