package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.CorruptRecordException;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.SharedStore.Completion;
import dev.idempotent4j.runtime.store.SharedStoreContract;
import dev.idempotent4j.runtime.store.StoredFailure;
import dev.idempotent4j.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The record protocol against a real Redis: every subclass runs these tests, and those of {@link
 * SharedStoreContract}, against one deployment (a single server, a Cluster).
 */
abstract class RedisStoreContract extends SharedStoreContract {
  /** The store under test, connected to the deployment. */
  @Override
  protected abstract RedisStore store();

  /** Settings for more stores on the same deployment (as other JVMs would connect). */
  abstract RedisSettings settings();

  /** A raw connection to the node that holds {@code redisKey}. */
  abstract RespClient raw(String redisKey);

  /** {@code SCRIPT FLUSH} on every node. */
  abstract void flushScripts();

  @Test
  void recordIsReadableWithRedisCli() {
    String key = newKey();
    Fence fence = claimed(new ClaimRequest(key, "fp-1", "worker-7", LONG, LONG));
    store().complete(key, fence, "\"done\"", LONG);
    try (RespClient raw = raw(RedisKeys.record(key))) {
      assertThat(raw.call("TYPE", RedisKeys.record(key))).isEqualTo("string");
      String value = (String) raw.call("GET", RedisKeys.record(key));
      assertThat(value)
          .startsWith("i4j2 completed " + fence.token() + " 1 ")
          .endsWith(" 0\nfp-1\nworker-7\n\"done\"");
      assertThat(RedisValues.record(value))
          .containsEntry("v", "2")
          .containsEntry("state", "completed")
          .containsEntry("owner", "worker-7")
          .containsEntry("token", Long.toString(fence.token()))
          .containsEntry("attempt", "1")
          .containsEntry("fp", "fp-1")
          .containsEntry("result", "\"done\"");
      assertThat(raw.call("GET", RedisKeys.fence(key)))
          .isEqualTo("i4j2-fence " + fence.token() + " 0 0");
    }
  }

  @Test
  void ownerAndFingerprintWithNewlinesAndBackslashesStayOneLineEach() {
    String key = newKey();
    String owner = "host\\a\nb";
    Fence fence = claimed(new ClaimRequest(key, "f\np", owner, LONG, LONG));
    try (RespClient raw = raw(RedisKeys.record(key))) {
      assertThat(RedisValues.record(raw, RedisKeys.record(key)))
          .containsEntry("owner", "host\\\\a\\nb")
          .containsEntry("fp", "f\\np");
    }
    assertThat(store().operations().orElseThrow().show(key).orElseThrow().owner()).isEqualTo(owner);
    // the same owner again is an orphan claim, the same fingerprint no reuse
    Fence again = claimed(new ClaimRequest(key, "f\np", owner, LONG, LONG));
    assertThat(again.token()).isGreaterThan(fence.token());
    store().fail(key, again, new StoredFailure("a\nType", "line 1\nline 2"), LONG);
    assertThat(store().claim(new ClaimRequest(key, "f\np", "other", LONG, LONG)))
        .isEqualTo(new Claim.Failed(new StoredFailure("a\nType", "line 1\nline 2")));
    assertThat(store().claim(new ClaimRequest(key, "f\nq", "other", LONG, LONG)))
        .isInstanceOf(Claim.KeyReused.class);
  }

  @Test
  void aClaimThatFindsTheRecordRunningCountsAWaiterThatATakeoverKeeps() {
    String key = newKey();
    Fence first = claimed(request(key, "w1"));
    assertThat(store().claim(request(key, "w2"))).isInstanceOf(Claim.InProgress.class);
    try (RespClient raw = raw(RedisKeys.record(key))) {
      long ttl = (Long) raw.call("PTTL", RedisKeys.record(key));
      assertThat(ttl).as("the lease is the TTL, kept by the waiter's write").isPositive();
      assertThat(RedisValues.record(raw, RedisKeys.record(key))).containsEntry("waiters", "1");
      // the orphan claim of the same owner rewrites the record: the waiter is still counted
      Claim.Claimed again = (Claim.Claimed) store().claim(request(key, "w1"));
      assertThat(again.fence().token()).isGreaterThan(first.token());
      assertThat(RedisValues.record(raw, RedisKeys.record(key))).containsEntry("waiters", "1");
      assertThat(store().claim(request(key, "w3"))).isInstanceOf(Claim.InProgress.class);
      assertThat(RedisValues.record(raw, RedisKeys.record(key))).containsEntry("waiters", "2");
    }
  }

  @Test
  void completeFailAndReleasePublishNothingWhenNoClaimWaited() {
    for (BiConsumer<String, Fence> change : settlingSteps()) {
      String key = newKey();
      Fence fence = claimed(request(key, "w1"));
      try (RespClient raw = raw(RedisKeys.record(key))) {
        long before = raw.commandCalls("publish");
        change.accept(key, fence);
        assertThat(raw.commandCalls("publish"))
            .as("PUBLISH calls on the node of %s", key)
            .isEqualTo(before);
      }
    }
  }

  @Test
  void garbageUnderTheKeyIsReportedAndLeftUntouched() {
    assertCorrupt((raw, k) -> raw.call("SET", k, "not a record"), "a Redis string");
    assertCorrupt((raw, k) -> raw.call("RPUSH", k, "a", "b"), "a Redis list");
    assertCorrupt((raw, k) -> raw.call("PSETEX", k, "600000", "\u0000\u00ff"), "a Redis string");
    assertCorrupt(
        (raw, k) -> raw.call("HSET", k, "v", "3", "state", "running"), "format version 3, newer");
    assertCorrupt(
        (raw, k) -> raw.call("HSET", k, "v", "2", "state", "running"), "hash of format version 2");
    assertCorrupt((raw, k) -> raw.call("HSET", k, "state", "completed"), "field v");
    assertCorrupt((raw, k) -> raw.call("HSET", k, "v", "one"), "not a number");
    assertCorrupt(
        (raw, k) ->
            raw.call("HSET", k, "v", "1", "state", "completed", "token", "5", "attempt", "1"),
        "without a field result");
    assertCorrupt(
        (raw, k) -> raw.call("HSET", k, "v", "1", "state", "paused", "token", "5", "attempt", "1"),
        "state 'paused'");
    assertCorrupt(
        (raw, k) -> raw.call("HSET", k, "v", "1", "state", "running", "token", "x", "attempt", "1"),
        "field token");
    // format 2: a newer format, a broken header, an unknown state
    assertCorrupt(
        (raw, k) -> raw.call("SET", k, "i4j3 running 5 1 1 0\n\nw\n"), "format version 3, newer");
    assertCorrupt((raw, k) -> raw.call("SET", k, "i4j2 running 5 1\n\nw\n"), "a Redis string");
    assertCorrupt((raw, k) -> raw.call("SET", k, "i4j2 completed 5 1 1 0\nfp"), "fp and owner");
    assertCorrupt((raw, k) -> raw.call("SET", k, "i4j2 paused 5 1 1 0\n\nw\n"), "state 'paused'");
    assertCorrupt(
        (raw, k) -> raw.call("PSETEX", k, "600000", "i4j2 running 5 1 1 0\n\nw\nextra"), "payload");
    assertCorrupt((raw, k) -> raw.call("SET", k, "i4j2 failed 5 1 1 0\n\nw\nE"), "error type");
  }

  @Test
  void aRunningRecordWithoutATtlIsCorruptForAClaim() {
    String key = newKey();
    String recordKey = RedisKeys.record(key);
    try (RespClient raw = raw(recordKey)) {
      raw.call("SET", recordKey, "i4j2 running 5 1 1 0\n\nw\n"); // its lease would never end
      byte[] before = raw.callBytes("DUMP", recordKey);
      assertThatThrownBy(() -> store().claim(request(key, "w1")))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining("without a TTL");
      assertThat(raw.callBytes("DUMP", recordKey)).isEqualTo(before);
    }
  }

  @Test
  void garbageUnderTheFenceKeyIsReportedAndLeftUntouched() {
    String key = newKey();
    String fenceKey = RedisKeys.fence(key);
    try (RespClient raw = raw(fenceKey)) {
      raw.call("SET", fenceKey, "7");
      byte[] before = raw.callBytes("DUMP", fenceKey);

      assertThatThrownBy(() -> store().claim(request(key, "w1")))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining(fenceKey)
          .hasMessageContaining("a Redis string");

      assertThat(raw.callBytes("DUMP", fenceKey)).isEqualTo(before);
      assertThat(raw.call("EXISTS", RedisKeys.record(key))).isEqualTo(0L);
    }
  }

  @Test
  void aCorruptWaitersCountOnAnotherWorkersLiveClaimIsCorruptNotUnavailable() {
    // a failed count would fail the script, and a store failure lets fail-mode=open run beside
    // the claim
    for (String waiters : List.of("abc", "9223372036854775807", "007")) {
      String key = newKey();
      String recordKey = RedisKeys.record(key);
      claimed(request(key, "w1"));
      try (RespClient raw = raw(recordKey)) {
        String value = (String) raw.call("GET", recordKey);
        raw.call("SET", recordKey, RedisValues.withWaiters(value, waiters), "KEEPTTL");
        byte[] before = raw.callBytes("DUMP", recordKey);

        assertThatThrownBy(() -> store().claim(request(key, "w2")))
            .as("waiters = %s", waiters)
            .isInstanceOf(CorruptRecordException.class)
            .hasMessageContaining(recordKey);

        assertThat(raw.callBytes("DUMP", recordKey)).isEqualTo(before);
      }
    }
  }

  @Test
  void outOfRangeNumbersInARecordAreCorruptAndLeftUntouched() {
    String far = "1" + "0".repeat(30); // a 31-digit lease_until
    assertCorrupt(
        (raw, k) ->
            raw.call(
                "HSET",
                k,
                "v",
                "1",
                "state",
                "running",
                "token",
                "5",
                "attempt",
                "1",
                "lease_until",
                far),
        "lease_until");
    assertCorrupt(
        (raw, k) ->
            raw.call(
                "HSET",
                k,
                "v",
                "1",
                "state",
                "running",
                "token",
                "5",
                "attempt",
                "2147483647",
                "lease_until",
                "1"),
        "attempt");
    assertCorrupt(
        (raw, k) ->
            raw.call(
                "HSET",
                k,
                "v",
                "1",
                "state",
                "running",
                "token",
                "99999999999999999999",
                "attempt",
                "1",
                "lease_until",
                "1"),
        "token");
    assertCorrupt(
        (raw, k) -> raw.call("HSET", k, "v", "99999999999999999999", "state", "running"),
        "not a number");
  }

  @Test
  void outOfRangeNumbersInAFormat2RecordAreCorruptAndLeftUntouched() {
    for (String header :
        List.of(
            "i4j2 running 99999999999999999999 1 1 0",
            "i4j2 running 9007199254740991 1 1 0",
            "i4j2 running 05 1 1 0",
            "i4j2 running 5 2147483647 1 0",
            "i4j2 running 5 1 1 99999999999999999999",
            "i4j2 completed 99999999999999999999 1 1 0",
            "i4j2 completed 5 01 1 0",
            "i4j2 failed 5 1 1 9007199254740992")) {
      String state = header.split(" ")[1];
      String payload = state.equals("running") ? "" : state.equals("failed") ? "E\nm" : "1";
      assertCorrupt(
          (raw, k) -> raw.call("PSETEX", k, "600000", header + "\n\nw\n" + payload), "has");
    }
  }

  @Test
  void outOfRangeNumbersInAFenceAreCorruptAndLeftUntouched() {
    for (List<String> fields :
        List.of(
            List.of("token", "99999999999999999999", "attempt", "1", "held", "0"),
            List.of("token", "9007199254740993", "attempt", "1", "held", "0"),
            List.of("token", "5", "attempt", "2147483647", "held", "0"),
            List.of("i4j2-fence 99999999999999999999 1 0"),
            List.of("i4j2-fence 9007199254740993 1 0"),
            List.of("i4j2-fence 5 2147483647 0"),
            List.of("i4j2-fence 05 1 0"),
            List.of("i4j2-fence 5 1 2"),
            List.of("i4j3-fence 5 1 0"))) {
      String key = newKey();
      String fenceKey = RedisKeys.fence(key);
      try (RespClient raw = raw(fenceKey)) {
        List<String> command = new ArrayList<>(List.of("HSET", fenceKey));
        command.addAll(fields);
        if (fields.size() == 1) {
          command = List.of("SET", fenceKey, fields.get(0)); // format 2
        }
        raw.call(command.toArray(String[]::new));
        byte[] before = raw.callBytes("DUMP", fenceKey);

        assertThatThrownBy(() -> store().claim(request(key, "w1")))
            .as("fence %s", fields)
            .isInstanceOf(CorruptRecordException.class)
            .hasMessageContaining(fenceKey);

        assertThat(raw.callBytes("DUMP", fenceKey)).isEqualTo(before);
        assertThat(raw.call("PTTL", fenceKey)).isEqualTo(-1L);
        assertThat(raw.call("EXISTS", RedisKeys.record(key))).isEqualTo(0L);
      }
    }
  }

  /**
   * complete checks the caller's own claim inline (complete.lua): the fence exact, the record's
   * header by its token and attempt. A record edited after our token is not ours to settle: it
   * takes the general path, which reports it, and nothing is written.
   */
  @Test
  void aHeldClaimWhoseRecordWasEditedAfterItsTokenIsCorruptForCompleteAndLeftUntouched() {
    for (String tail :
        List.of(
            "1 01\n\nw1\n", // waiters with a leading zero
            "1 0\n\nw1\npayload", // running with a payload
            "1 0\n\nw1")) { // the owner line unterminated
      String key = newKey();
      String recordKey = RedisKeys.record(key);
      Fence fence = claimed(request(key, "w1"));
      try (RespClient raw = raw(recordKey)) {
        String edited = "i4j2 running " + fence.token() + " " + fence.attempt() + " " + tail;
        raw.call("SET", recordKey, edited, "KEEPTTL");
        byte[] record = raw.callBytes("DUMP", recordKey);
        byte[] fenceValue = raw.callBytes("DUMP", RedisKeys.fence(key));

        assertThatThrownBy(() -> store().complete(key, fence, "1", LONG))
            .as("tail %s", tail)
            .isInstanceOf(CorruptRecordException.class)
            .hasMessageContaining(recordKey);

        assertThat(raw.callBytes("DUMP", recordKey)).as("record after").isEqualTo(record);
        assertThat(raw.callBytes("DUMP", RedisKeys.fence(key))).isEqualTo(fenceValue);
      }
    }
  }

  @Test
  void aCorruptFenceUnderALiveClaimStopsCompleteFailAndReleaseBeforeAnyWrite() {
    List<BiConsumer<RespClient, String>> plants =
        List.of(
            (raw, fenceKey) -> raw.call("SET", fenceKey, "7"),
            (raw, fenceKey) ->
                raw.call("HSET", fenceKey, "token", "99999999999999999999", "attempt", "1"));
    for (BiConsumer<RespClient, String> plant : plants) {
      for (BiConsumer<String, Fence> step : settlingSteps()) {
        String key = newKey();
        String recordKey = RedisKeys.record(key);
        String fenceKey = RedisKeys.fence(key);
        Fence fence = claimed(request(key, "w1"));
        try (RespClient raw = raw(recordKey)) {
          raw.call("DEL", fenceKey);
          plant.accept(raw, fenceKey);
          byte[] record = raw.callBytes("DUMP", recordKey);
          byte[] fenceValue = raw.callBytes("DUMP", fenceKey);

          assertThatThrownBy(() -> step.accept(key, fence))
              .isInstanceOf(CorruptRecordException.class)
              .hasMessageContaining(fenceKey);

          assertThat(raw.callBytes("DUMP", recordKey)).as("record after").isEqualTo(record);
          assertThat(raw.callBytes("DUMP", fenceKey)).as("fence after").isEqualTo(fenceValue);
        }
      }
    }
  }

  @Test
  void invalidUtf8InAStoredResultOrMessageIsCorruptNotReplayedAsReplacementCharacters() {
    byte[][] bad = {
      {'"', (byte) 0xFF, '"'}, // never valid in UTF-8
      {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // a lone surrogate, CESU-8 style
      {'"', (byte) 0xC3, '"'} // a truncated sequence
    };
    for (byte[] value : bad) {
      for (String field : List.of("result", "error_message")) {
        String key = newKey();
        String recordKey = RedisKeys.record(key);
        Fence fence = claimed(request(key, "w1"));
        if (field.equals("result")) {
          store().complete(key, fence, "\"ok\"", LONG);
        } else {
          store().fail(key, fence, new StoredFailure("E", "m"), LONG);
        }
        try (RespClient raw = raw(recordKey)) {
          // the text up to the payload (result) or into it (after the error type's line)
          String stored = (String) raw.call("GET", recordKey);
          int cut = stored.indexOf('\n', stored.indexOf('\n', stored.indexOf('\n') + 1) + 1) + 1;
          if (field.equals("error_message")) {
            cut = stored.indexOf('\n', cut) + 1;
          }
          byte[] head = stored.substring(0, cut).getBytes(StandardCharsets.UTF_8);
          byte[] planted = java.util.Arrays.copyOf(head, head.length + value.length);
          System.arraycopy(value, 0, planted, head.length, value.length);
          raw.callRaw(
              "SET".getBytes(StandardCharsets.US_ASCII),
              recordKey.getBytes(StandardCharsets.UTF_8),
              planted);
          byte[] before = raw.callBytes("DUMP", recordKey);

          assertThatThrownBy(() -> store().claim(request(key, "w2")))
              .as("%s = %s", field, java.util.Arrays.toString(value))
              .isInstanceOf(CorruptRecordException.class)
              .hasMessageContaining(recordKey)
              .hasMessageContaining("UTF-8");

          assertThat(raw.callBytes("DUMP", recordKey)).isEqualTo(before);
        }
      }
    }
    // U+FFFD itself is valid text, and replayed as it is
    String key = newKey();
    store().complete(key, claimed(request(key, "w1")), "\"\ufffd\"", LONG);
    assertThat(store().claim(request(key, "w2"))).isEqualTo(new Claim.Completed("\"\ufffd\""));
  }

  @Test
  void scriptsAreReloadedAfterScriptFlush() {
    String key = newKey();
    flushScripts();
    Fence fence = claimed(request(key, "w1"));
    flushScripts();
    assertThat(store().complete(key, fence, "1", LONG)).isEqualTo(Completion.ACCEPTED);
    flushScripts();
    assertThat(store().renew(List.of(new Lease(key, fence)), LONG)).hasSize(1);
    flushScripts();
    assertThat(store().claim(request(key, "w2"))).isEqualTo(new Claim.Completed("1"));
  }

  private interface Plant {
    Object into(RespClient raw, String redisKey);
  }

  private void assertCorrupt(Plant plant, String what) {
    String key = newKey();
    String recordKey = RedisKeys.record(key);
    try (RespClient raw = raw(recordKey)) {
      plant.into(raw, recordKey);
      byte[] before = raw.callBytes("DUMP", recordKey);
      Object ttlBefore = raw.call("PTTL", recordKey);

      assertThatThrownBy(() -> store().claim(request(key, "w1")))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining(recordKey)
          .hasMessageContaining(what)
          .extracting(e -> ((CorruptRecordException) e).key())
          .isEqualTo(key);
      assertThatThrownBy(() -> store().complete(key, new Fence(1, 1), "1", LONG))
          .isInstanceOf(CorruptRecordException.class);
      assertThatThrownBy(
              () -> store().fail(key, new Fence(1, 1), new StoredFailure("E", "m"), LONG))
          .isInstanceOf(CorruptRecordException.class);
      assertThatThrownBy(() -> store().release(key, new Fence(1, 1)))
          .isInstanceOf(CorruptRecordException.class);
      assertThat(store().renew(List.of(new Lease(key, new Fence(1, 1))), LONG)).hasSize(1);

      assertThat(raw.callBytes("DUMP", recordKey)).as("value after").isEqualTo(before);
      Object ttlAfter = raw.call("PTTL", recordKey);
      if (ttlBefore.equals(-1L)) {
        assertThat(ttlAfter).isEqualTo(-1L);
      } else {
        assertThat((Long) ttlAfter).isPositive().isLessThanOrEqualTo((Long) ttlBefore);
      }
      assertThat(raw.call("EXISTS", RedisKeys.fence(key))).isEqualTo(0L);
    }
  }

  @Override
  protected SharedStore openAnother() {
    return RedisStore.connect(settings());
  }

  @Override
  protected boolean leaseRanOut(String key) {
    return !exists(RedisKeys.record(key));
  }

  @Override
  protected void forgetFence(String key) {
    try (RespClient raw = raw(RedisKeys.fence(key))) {
      raw.call("DEL", RedisKeys.fence(key)); // server time still moves on
    }
  }

  boolean exists(String redisKey) {
    try (RespClient raw = raw(redisKey)) {
      return (Long) raw.call("EXISTS", redisKey) == 1L;
    }
  }
}
