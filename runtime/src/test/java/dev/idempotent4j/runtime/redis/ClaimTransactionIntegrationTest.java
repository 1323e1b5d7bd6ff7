package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.testing.RedisServer;
import dev.idempotent4j.testing.RespClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The claim's {@code MULTI} ({@link ClaimTransaction}) against a real Redis 7.0+: a key never seen
 * costs one transaction and no script; every other case is finished by {@code claim.lua}, told what
 * the transaction wrote, and ends as the script alone would have ended it. The protocol itself is
 * model-checked ({@code model/protocol.pml -DMULTI_CLAIM}); these tests check the store does what
 * the model says, including the cases the model's one record life leaves out.
 */
class ClaimTransactionIntegrationTest {
  @RegisterExtension static final RedisServer redis = RedisServer.start();

  private static final Duration LONG = Duration.ofMinutes(5);
  private static RedisStore store;

  @BeforeAll
  static void connect() {
    store = RedisStore.connect(RedisSettings.redis(redis.uri(), Duration.ofSeconds(5)));
  }

  @AfterAll
  static void disconnect() {
    store.close();
  }

  private static String newKey() {
    return "i4j:Multi.task:" + UUID.randomUUID();
  }

  private static Claim claim(String key, String owner) {
    return store.claim(new ClaimRequest(key, null, owner, LONG, LONG));
  }

  /** Transactions and script runs the server has done, {@code {exec, evalsha}}. */
  private static long[] steps(RespClient raw) {
    return new long[] {raw.commandCalls("exec"), raw.commandCalls("evalsha")};
  }

  private static long[] since(RespClient raw, long[] before) {
    long[] now = steps(raw);
    return new long[] {now[0] - before[0], now[1] - before[1]};
  }

  @Test
  void aKeyNeverSeenIsOneTransactionWritingWhatTheScriptWould() {
    try (RespClient raw = redis.client()) {
      raw.call("SCRIPT", "LOAD", RedisScript.CLAIM.text());
      String key = newKey();
      long before = Instant.now().toEpochMilli() * 1000;
      long[] start = steps(raw);

      Claim claim = claim(key, "worker-1");

      assertThat(since(raw, start)).as("{exec, evalsha}").containsExactly(1, 0);
      Fence fence = ((Claim.Claimed) claim).fence();
      assertThat(fence.attempt()).isEqualTo(1);
      assertThat(fence.token()).as("the client's clock, in µs").isGreaterThanOrEqualTo(before);
      assertThat(((Claim.Claimed) claim).takeover()).isFalse();
      long token = fence.token();
      assertThat(raw.call("GET", RedisKeys.record(key)))
          .isEqualTo("i4j2 running " + token + " 1 " + token / 1_000_000 + " 0\n\nworker-1\n");
      assertThat(raw.call("GET", RedisKeys.fence(key))).isEqualTo("i4j2-fence " + token + " 1 1");
      assertThat((Long) raw.call("PTTL", RedisKeys.record(key)))
          .isPositive()
          .isLessThanOrEqualTo(LONG.toMillis());
      assertThat((Long) raw.call("PTTL", RedisKeys.fence(key)))
          .isGreaterThan(LONG.toMillis() + Duration.ofHours(23).toMillis());
    }
  }

  @Test
  void aClaimAfterAReleaseTakesItsTokenAndAttemptFromTheFence() {
    try (RespClient raw = redis.client()) {
      String key = newKey();
      // a fence far ahead of this clock: the token must come from it, not from the MULTI
      long ahead = Instant.now().toEpochMilli() * 1000 + 3_600_000_000L;
      raw.call("SET", RedisKeys.fence(key), "i4j2-fence " + ahead + " 4 0", "PX", "600000");
      long[] start = steps(raw);

      Claim claim = claim(key, "worker-1");

      assertThat(since(raw, start)).as("{exec, evalsha}").containsExactly(1, 1);
      assertThat(claim).isEqualTo(new Claim.Claimed(new Fence(ahead + 1, 5), false));
      assertThat((String) raw.call("GET", RedisKeys.record(key)))
          .startsWith("i4j2 running " + (ahead + 1) + " 5 ");
      assertThat(raw.call("GET", RedisKeys.fence(key)))
          .isEqualTo("i4j2-fence " + (ahead + 1) + " 5 1");
    }
  }

  @Test
  void aClaimAfterALapsedLeaseIsATakeoverThatKeepsTheWaitersOfTheTransactionsRecord() {
    // the script after a MULTI, with the MULTI's running record already counted a waiter by a
    // claim that came between the two (as another worker's Lua claim does)
    try (RespClient raw = redis.client()) {
      String key = newKey();
      String recordKey = RedisKeys.record(key);
      String fenceKey = RedisKeys.fence(key);
      long ahead = Instant.now().toEpochMilli() * 1000 + 3_600_000_000L;
      raw.call("SET", fenceKey, "i4j2-fence " + ahead + " 3 1", "PX", "600000"); // a lapsed claim's
      RedisRecord.Fresh fresh = new RedisRecord.Fresh(50, "", "worker-1");
      raw.call("SET", recordKey, fresh.head() + "2" + fresh.lines(), "PX", "600000");

      List<Object> reply = claimScript(raw, key, fresh);

      String token = Long.toString(ahead + 1);
      assertThat(reply).as("token, attempt, takeover").containsExactly("claimed", token, "4", "1");
      String record = (String) raw.call("GET", recordKey);
      assertThat(record).startsWith("i4j2 running " + token + " 4 ").endsWith(" 2\n\nworker-1\n");
      assertThat(raw.call("GET", fenceKey)).isEqualTo("i4j2-fence " + token + " 4 1");
    }
  }

  @Test
  void aFenceTheTransactionWroteBesideAFinishedRecordIsDeleted() {
    // a completed record whose fence expired (a claim renewed for longer than the fence's day)
    try (RespClient raw = redis.client()) {
      String key = newKey();
      raw.call(
          "SET",
          RedisKeys.record(key),
          "i4j2 completed 7 1 1700000000 0\n\nw\n\"r\"",
          "PX",
          "60000");

      assertThat(claim(key, "worker-2")).isEqualTo(new Claim.Completed("\"r\""));

      assertThat(raw.call("EXISTS", RedisKeys.fence(key)))
          .as("no claim wrote a fence")
          .isEqualTo(0L);
    }
  }

  @Test
  void aFenceTheTransactionWroteBesideALiveClaimIsDeletedAndTheClaimWaits() {
    try (RespClient raw = redis.client()) {
      String key = newKey();
      raw.call("SET", RedisKeys.record(key), "i4j2 running 7 1 1700000000 0\n\nw\n", "PX", "60000");

      assertThat(claim(key, "worker-2")).isInstanceOf(Claim.InProgress.class);

      assertThat(raw.call("EXISTS", RedisKeys.fence(key))).isEqualTo(0L);
      assertThat(raw.call("GET", RedisKeys.record(key)))
          .as("counted a waiter, nothing else")
          .isEqualTo("i4j2 running 7 1 1700000000 1\n\nw\n");
    }
  }

  @Test
  void aTransactionThatWroteBothIsTheClaimWhenTheScriptComesAfterIt() {
    // e.g. the MULTI resent after a reconnect: it ran, and its reply was an error
    try (RespClient raw = redis.client()) {
      String key = newKey();
      RedisRecord.Fresh fresh = new RedisRecord.Fresh(123_456, "fp", "worker-1");
      raw.call("SET", RedisKeys.record(key), fresh.record(), "PX", "600000");
      raw.call("SET", RedisKeys.fence(key), fresh.fence(), "PX", "600000");

      assertThat(claimScript(raw, key, fresh)).containsExactly("claimed", "123456", "1", "0");
      assertThat(raw.call("GET", RedisKeys.record(key))).isEqualTo(fresh.record());
      assertThat(raw.call("GET", RedisKeys.fence(key))).isEqualTo(fresh.fence());
    }
  }

  @Test
  void aRunningRecordOfAnotherClaimWithTheSameHeadIsNotTakenForTheTransactions() {
    try (RespClient raw = redis.client()) {
      String key = newKey();
      RedisRecord.Fresh fresh = new RedisRecord.Fresh(123_456, "", "worker-1");
      // same head, another owner: not the transaction's record
      String other = fresh.head() + "0\n\nworker-9\n";
      raw.call("SET", RedisKeys.record(key), other, "PX", "600000");

      assertThat(claimScript(raw, key, fresh).get(0)).isEqualTo("running");
      assertThat(raw.call("GET", RedisKeys.record(key)))
          .as("counted a waiter")
          .isEqualTo(fresh.head() + "1\n\nworker-9\n");
    }
  }

  @Test
  void manyThreadsClaimingThroughTheOneTransactionConnectionEachGetTheirOwnReply()
      throws Exception {
    int threads = 16;
    int keysPerThread = 200;
    List<String> shared = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      shared.add(newKey());
    }
    Map<String, Long> claimedShared = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (RespClient raw = redis.client()) {
      List<Future<Map<String, Fence>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String owner = "worker-" + t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  Map<String, Fence> mine = new HashMap<>();
                  for (int i = 0; i < keysPerThread; i++) {
                    String key = newKey();
                    mine.put(key, ((Claim.Claimed) claim(key, owner)).fence());
                    if (i >= shared.size()) {
                      continue; // an owner claims a key once (a second claim is its orphan's)
                    }
                    String contended = shared.get(i);
                    if (claim(contended, owner) instanceof Claim.Claimed c
                        && claimedShared.putIfAbsent(contended, c.fence().token()) != null) {
                      throw new AssertionError("claimed twice: " + contended);
                    }
                  }
                  return mine;
                }));
      }
      start.countDown();
      java.util.Set<Long> tokens = new java.util.HashSet<>();
      for (Future<Map<String, Fence>> result : results) {
        for (Map.Entry<String, Fence> claimed : result.get(2, TimeUnit.MINUTES).entrySet()) {
          long token = claimed.getValue().token();
          assertThat(tokens.add(token)).as("token %d handed out once", token).isTrue();
          assertThat((String) raw.call("GET", RedisKeys.record(claimed.getKey())))
              .as("the record of the reply's own key")
              .startsWith("i4j2 running " + token + " 1 ");
        }
      }
      assertThat(tokens).hasSize(threads * keysPerThread);
      assertThat(claimedShared)
          .as("each contended key claimed exactly once")
          .hasSize(shared.size());
      for (Map.Entry<String, Long> claimed : claimedShared.entrySet()) {
        assertThat((String) raw.call("GET", RedisKeys.record(claimed.getKey())))
            .startsWith("i4j2 running " + claimed.getValue() + " 1 ");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aUserWithoutMultiClaimsThroughTheScriptAndStopsSendingTheTransaction() {
    String user = "nomulti" + UUID.randomUUID().toString().substring(0, 8);
    redis.call("ACL", "SETUSER", user, "on", ">secret", "~*", "&*", "+@all", "-multi", "-exec");
    String uri = redis.uri().replace("redis://", "redis://" + user + ":secret@");
    try (RedisStore limited = RedisStore.connect(RedisSettings.redis(uri, Duration.ofSeconds(5)));
        RespClient raw = redis.client()) {
      String first = newKey();
      String second = newKey();

      Claim a = limited.claim(new ClaimRequest(first, null, "worker-1", LONG, LONG));
      long refusedAfterFirst = refusedMulti(raw);
      Claim b = limited.claim(new ClaimRequest(second, null, "worker-1", LONG, LONG));

      assertThat(a).isInstanceOf(Claim.Claimed.class);
      assertThat(b).isInstanceOf(Claim.Claimed.class);
      assertThat(refusedAfterFirst).as("the first claim tried the MULTI").isPositive();
      assertThat(refusedMulti(raw)).as("the second did not").isEqualTo(refusedAfterFirst);
      long token = ((Claim.Claimed) a).fence().token();
      assertThat((String) raw.call("GET", RedisKeys.record(first)))
          .startsWith("i4j2 running " + token + " 1 ");
      assertThat(raw.call("GET", RedisKeys.fence(first))).isEqualTo("i4j2-fence " + token + " 1 1");
    } finally {
      redis.call("ACL", "DELUSER", user);
    }
  }

  /** {@code MULTI}s the server refused (ACL), from {@code INFO commandstats}. */
  private static long refusedMulti(RespClient raw) {
    for (String line : ((String) raw.call("INFO", "commandstats")).split("\r?\n")) {
      if (line.startsWith("cmdstat_multi:")) {
        for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
          if (field.startsWith("rejected_calls=")) {
            return Long.parseLong(field.substring("rejected_calls=".length()));
          }
        }
      }
    }
    return 0;
  }

  /** {@code claim.lua} as the store sends it after a MULTI that tried to write {@code fresh}. */
  @SuppressWarnings("unchecked") // an array reply: RespClient answers List<Object>
  private static List<Object> claimScript(RespClient raw, String key, RedisRecord.Fresh fresh) {
    return (List<Object>)
        raw.call(
            "EVAL",
            RedisScript.CLAIM.text(),
            "2",
            RedisKeys.record(key),
            RedisKeys.fence(key),
            "worker-1",
            fresh.lines().split("\n", -1)[1],
            "600000",
            "90000000",
            fresh.head(),
            fresh.lines(),
            fresh.fence());
  }
}
