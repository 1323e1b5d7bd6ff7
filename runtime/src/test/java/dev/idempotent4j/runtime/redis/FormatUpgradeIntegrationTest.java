package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.RecordView;
import dev.idempotent4j.runtime.store.SharedStore.Completion;
import dev.idempotent4j.runtime.store.StoredFailure;
import dev.idempotent4j.testing.RedisServer;
import dev.idempotent4j.testing.RespClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rolling upgrade from record format 1 (hashes) to format 2 (strings), against one real {@code
 * redis-server}: this version reads what the old one wrote, and the old one's scripts (kept as test
 * resources {@code v1/*.lua}, as released at commit a9d4265) report what this version writes as
 * corrupt and leave it byte for byte as it was.
 */
class FormatUpgradeIntegrationTest {
  @RegisterExtension static final RedisServer redis = RedisServer.start();

  private static final Duration LONG = Duration.ofMinutes(5);
  private static final String LONG_MS = Long.toString(LONG.toMillis());
  private static final String FENCE_MS = Long.toString(RedisStore.fenceMillis(LONG.toMillis()));

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
    return "i4j:Upgrade.task:" + UUID.randomUUID();
  }

  /** Runs the old version's {@code step} (its record.lua in front, as it shipped). */
  private static Object v1(RespClient raw, String step, List<String> keys, String... args) {
    List<String> command = new ArrayList<>();
    command.add("EVAL");
    command.add(resource("record.lua") + "\n" + resource(step + ".lua"));
    command.add(Integer.toString(keys.size()));
    command.addAll(keys);
    command.addAll(List.of(args));
    return raw.call(command.toArray(String[]::new));
  }

  private static List<String> both(String key) {
    return List.of(RedisKeys.record(key), RedisKeys.fence(key));
  }

  /** A claim by the old version: its token. */
  private static String v1Claim(RespClient raw, String key, String owner, String fp, String lease) {
    List<?> reply = (List<?>) v1(raw, "claim", both(key), owner, fp, lease, FENCE_MS);
    assertThat(reply.get(0)).isEqualTo("claimed");
    return (String) reply.get(1);
  }

  private static String resource(String name) {
    try (InputStream in = FormatUpgradeIntegrationTest.class.getResourceAsStream("v1/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void finishedFormat1RecordsAreReplayed() {
    try (RespClient raw = redis.client()) {
      String done = newKey();
      String token = v1Claim(raw, done, "old-jvm", "fp-1", LONG_MS);
      v1(raw, "complete", both(done), token, "{\"id\":1}", LONG_MS, "ch", FENCE_MS);
      assertThat(raw.call("TYPE", RedisKeys.record(done))).isEqualTo("hash");

      assertThat(store.claim(new ClaimRequest(done, "fp-1", "new-jvm", LONG, LONG)))
          .isEqualTo(new Claim.Completed("{\"id\":1}"));
      assertThat(store.claim(new ClaimRequest(done, "fp-2", "new-jvm", LONG, LONG)))
          .isInstanceOf(Claim.KeyReused.class);

      String failed = newKey();
      token = v1Claim(raw, failed, "old-jvm", "", LONG_MS);
      v1(
          raw,
          "fail",
          both(failed),
          token,
          "java.io.IOException",
          "disk full",
          LONG_MS,
          "c",
          FENCE_MS);
      assertThat(store.claim(new ClaimRequest(failed, null, "new-jvm", LONG, LONG)))
          .isEqualTo(new Claim.Failed(new StoredFailure("java.io.IOException", "disk full")));

      // an operator reads and releases either format
      RecordView view = store.operations().orElseThrow().show(done).orElseThrow();
      assertThat(view.state()).isEqualTo(RecordView.State.COMPLETED);
      assertThat(view.owner()).isEqualTo("old-jvm");
      assertThat(store.operations().orElseThrow().release(done, false).released()).isTrue();
      Claim.Claimed again =
          (Claim.Claimed) store.claim(new ClaimRequest(done, null, "n", LONG, LONG));
      assertThat(again.fence().token()).isGreaterThan(Long.parseLong(token));
      assertThat(raw.call("TYPE", RedisKeys.record(done))).isEqualTo("string");
    }
  }

  @Test
  void aLiveFormat1ClaimIsWaitedForAndItsCompleteWakesTheNewVersion() {
    try (RespClient raw = redis.client()) {
      String key = newKey();
      String token = v1Claim(raw, key, "old-jvm", "", LONG_MS);
      assertThat(store.claim(new ClaimRequest(key, null, "new-jvm", LONG, LONG)))
          .isInstanceOf(Claim.InProgress.class);
      // the waiter is counted the old way, so the old version's complete publishes
      assertThat(raw.call("HGET", RedisKeys.record(key), "waiters")).isEqualTo("1");
      long published = raw.commandCalls("publish");
      v1(raw, "complete", both(key), token, "\"ok\"", LONG_MS, RedisKeys.channel(key), FENCE_MS);
      assertThat(raw.commandCalls("publish")).isEqualTo(published + 1);
      assertThat(store.claim(new ClaimRequest(key, null, "new-jvm", LONG, LONG)))
          .isEqualTo(new Claim.Completed("\"ok\""));
    }
  }

  @Test
  void aLapsedFormat1ClaimIsTakenOverAndRewrittenAsFormat2() {
    try (RespClient raw = redis.client()) {
      // lease_until in the past, the record not yet expired: the old version's takeover case
      String key = newKey();
      String token = v1Claim(raw, key, "old-jvm", "", LONG_MS);
      raw.call("HSET", RedisKeys.record(key), "lease_until", "1", "waiters", "1");
      Claim.Claimed taken =
          (Claim.Claimed) store.claim(new ClaimRequest(key, null, "new-jvm", LONG, LONG));
      assertThat(taken.takeover()).isTrue();
      assertThat(taken.fence().token()).isGreaterThan(Long.parseLong(token));
      assertThat(taken.fence().attempt()).isEqualTo(2);
      assertThat(raw.call("TYPE", RedisKeys.record(key))).isEqualTo("string");
      assertThat(RedisValues.record(raw, RedisKeys.record(key)))
          .containsEntry("state", "running")
          .containsEntry("owner", "new-jvm")
          .containsEntry("waiters", "1"); // whoever waited for the old claim waits for this one
      assertThat(RedisValues.fence(raw, RedisKeys.fence(key)))
          .containsEntry("token", Long.toString(taken.fence().token()))
          .containsEntry("held", "1");
      // the old version's late complete is refused: it reports the new record as corrupt
      Object late = v1(raw, "complete", both(key), token, "\"late\"", LONG_MS, "c", FENCE_MS);
      assertThat(((List<?>) late).get(0)).isEqualTo("corrupt");
      assertThat(store.complete(key, taken.fence(), "\"new\"", LONG))
          .isEqualTo(Completion.ACCEPTED);
      assertThat(store.claim(new ClaimRequest(key, null, "x", LONG, LONG)))
          .isEqualTo(new Claim.Completed("\"new\""));

      // the lease ran out and Redis deleted the record: the old fence hash says held, a takeover
      String expired = newKey();
      v1Claim(raw, expired, "old-jvm", "", LONG_MS);
      raw.call("DEL", RedisKeys.record(expired));
      Claim.Claimed after =
          (Claim.Claimed) store.claim(new ClaimRequest(expired, null, "new-jvm", LONG, LONG));
      assertThat(after.takeover()).isTrue();
      assertThat(after.fence().attempt()).isEqualTo(2);
    }
  }

  @Test
  void aFormat1FenceKeepsTokensMonotonic() {
    try (RespClient raw = redis.client()) {
      String key = newKey();
      long ahead = System.currentTimeMillis() * 1000 + 3_600_000_000L; // an hour ahead
      raw.call(
          "HSET", RedisKeys.fence(key), "token", Long.toString(ahead), "attempt", "3", "held", "0");
      Claim.Claimed claim =
          (Claim.Claimed) store.claim(new ClaimRequest(key, null, "new-jvm", LONG, LONG));
      assertThat(claim.fence().token()).isEqualTo(ahead + 1);
      assertThat(claim.fence().attempt()).isEqualTo(4);
      assertThat(claim.takeover()).isFalse();
      assertThat(raw.call("GET", RedisKeys.fence(key)))
          .isEqualTo("i4j2-fence " + (ahead + 1) + " 4 1");
    }
  }

  @Test
  void theOldVersionReportsFormat2RecordsAndFencesAsCorruptAndLeavesThemAsTheyWere() {
    try (RespClient raw = redis.client()) {
      String running = newKey();
      Fence fence =
          ((Claim.Claimed) store.claim(new ClaimRequest(running, null, "n", LONG, LONG))).fence();
      String done = newKey();
      Fence doneFence =
          ((Claim.Claimed) store.claim(new ClaimRequest(done, null, "n", LONG, LONG))).fence();
      store.complete(done, doneFence, "\"r\"", LONG);
      String failed = newKey();
      Fence failedFence =
          ((Claim.Claimed) store.claim(new ClaimRequest(failed, null, "n", LONG, LONG))).fence();
      store.fail(failed, failedFence, new StoredFailure("E", "m"), LONG);
      String fenceOnly = newKey();
      Fence released =
          ((Claim.Claimed) store.claim(new ClaimRequest(fenceOnly, null, "n", LONG, LONG))).fence();
      store.release(fenceOnly, released);
      assertThat(raw.call("EXISTS", RedisKeys.record(fenceOnly))).isEqualTo(0L);

      for (String key : List.of(running, done, failed, fenceOnly)) {
        String token = Long.toString(key.equals(running) ? fence.token() : 1);
        byte[] record = raw.callBytes("DUMP", RedisKeys.record(key));
        byte[] fenceValue = raw.callBytes("DUMP", RedisKeys.fence(key));
        List<Object> replies = new ArrayList<>();
        replies.add(v1(raw, "claim", both(key), "old-jvm", "", LONG_MS, FENCE_MS));
        replies.add(v1(raw, "show", both(key)));
        replies.add(v1(raw, "release-admin", both(key), "c", FENCE_MS, "0"));
        if (!key.equals(fenceOnly)) {
          replies.add(v1(raw, "complete", both(key), token, "\"x\"", LONG_MS, "c", FENCE_MS));
          replies.add(v1(raw, "fail", both(key), token, "E", "m", LONG_MS, "c", FENCE_MS));
          replies.add(v1(raw, "release", both(key), token, "c"));
          assertThat(v1(raw, "renew", List.of(RedisKeys.record(key)), LONG_MS, token))
              .as("old renew of %s", key)
              .isEqualTo(List.of("1"));
        }
        for (Object reply : replies) {
          assertThat(((List<?>) reply).get(0))
              .as("old script on %s: %s", key, reply)
              .isEqualTo("corrupt");
          assertThat((String) ((List<?>) reply).get(2)).contains("a Redis string");
        }
        assertThat(raw.callBytes("DUMP", RedisKeys.record(key))).as("record").isEqualTo(record);
        assertThat(raw.callBytes("DUMP", RedisKeys.fence(key))).as("fence").isEqualTo(fenceValue);
      }
      // and the new version still owns them
      assertThat(store.complete(running, fence, "\"mine\"", LONG)).isEqualTo(Completion.ACCEPTED);
    }
  }
}
