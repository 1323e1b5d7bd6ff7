package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.runtime.CorruptRecordException;
import dev.idempotent4j.runtime.store.RecordView;
import dev.idempotent4j.runtime.store.StoreOperations;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@link StoreOperations} on Redis: {@code show} is {@code show.lua} (one GET and PTTL in the
 * server; the result never leaves it, only its size), {@code release} is {@code release-admin.lua},
 * {@code list} is {@code SCAN MATCH {prefix*}} and one {@code show.lua} per key found.
 *
 * <p>Cost of {@code list}: {@code SCAN} walks the whole keyspace of the server (of every master in
 * turn on a Cluster, since a task's keys have one hash tag each and spread over all slots), not
 * only the task's keys, in batches of about the page's limit; each batch is a short command, so
 * other clients are not stalled, but listing a task in a keyspace of millions of keys takes as many
 * batches. It is for operators, not for code paths.
 *
 * <pre>{@code
 * StoreOperations operations = redisStore.operations().orElseThrow();
 * Optional<RecordView> view = operations.show("i4j:Payments.charge:order-42");
 * }</pre>
 */
final class RedisOperations implements StoreOperations {
  static final int MAX_LIMIT = 1000;

  private final RedisStore store;

  RedisOperations(RedisStore store) {
    this.store = store;
  }

  @Override
  public Optional<RecordView> show(String key) {
    List<String> reply =
        store.eval(
            RedisScript.SHOW, key, new String[] {RedisKeys.record(key), RedisKeys.fence(key)});
    if (reply.get(0).equals("absent")) {
      return Optional.empty();
    }
    return Optional.of(view(key, reply, 1));
  }

  @Override
  public Page list(String keyPrefix, Set<RecordView.State> states, int limit, String cursor) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
    }
    List<RedisKeyAsyncCommands<String, String>> nodes = store.scanNodes();
    int node = 0;
    String scan = "0";
    if (cursor != null) {
      int colon = cursor.indexOf(':');
      try {
        node = Integer.parseInt(cursor.substring(0, Math.max(colon, 0)));
        scan = cursor.substring(colon + 1);
        Long.parseUnsignedLong(scan);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + cursor + "' is not a cursor of list", e);
      }
      if (node < 0 || node >= nodes.size()) {
        throw new IllegalArgumentException(
            "'" + cursor + "' is not a cursor of list on " + nodes.size() + " node(s)");
      }
    }
    ScanArgs args = ScanArgs.Builder.matches(pattern(keyPrefix)).limit(Math.max(limit, 10));
    List<RecordView> found = new ArrayList<>();
    while (found.size() < limit) {
      KeyScanCursor<String> batch =
          store.await(nodes.get(node).scan(ScanCursor.of(scan), args), "SCAN", keyPrefix + "*");
      for (String redisKey : batch.getKeys()) {
        String key = RedisKeys.taskKey(redisKey);
        if (!key.startsWith(keyPrefix)) {
          continue;
        }
        Optional<RecordView> view;
        try {
          view = show(key);
        } catch (CorruptRecordException e) {
          continue; // not ours (show names it); list only what it can read
        }
        if (view.isPresent() && (states.isEmpty() || states.contains(view.get().state()))) {
          found.add(view.get());
        }
      }
      if (batch.isFinished()) {
        node++;
        scan = "0";
        if (node == nodes.size()) {
          return new Page(found, null);
        }
      } else {
        scan = batch.getCursor();
      }
    }
    return new Page(found, node + ":" + scan);
  }

  @Override
  public Released release(String key, boolean dryRun) {
    List<String> reply =
        store.eval(
            RedisScript.RELEASE_ADMIN,
            key,
            new String[] {RedisKeys.record(key), RedisKeys.fence(key)},
            Long.toString(RedisStore.fenceMillis(0)),
            dryRun ? "1" : "0");
    long fence = Long.parseLong(reply.get(1));
    return switch (reply.get(0)) {
      case "absent" -> new Released(key, null, false, fence);
      case "dry" -> new Released(key, view(key, reply, 2), false, fence);
      case "released" -> new Released(key, view(key, reply, 2), true, fence);
      default ->
          throw new IllegalStateException(
              "release-admin.lua answered " + reply + " for key '" + key + "': a bug");
    };
  }

  /** record.lua's view() from {@code reply[from]} on. */
  private static RecordView view(String key, List<String> reply, int from) {
    String leaseLeft = reply.get(from + 4);
    long pttl = Long.parseLong(reply.get(from + 5));
    String errorType = reply.get(from + 7);
    return new RecordView(
        key,
        RecordView.State.valueOf(reply.get(from).toUpperCase(Locale.ROOT)),
        // format 2 keeps the owner escaped on one line
        reply.get(from + 8).equals("1")
            ? reply.get(from + 1)
            : RedisRecord.unescape(reply.get(from + 1)),
        Integer.parseInt(reply.get(from + 2)),
        Long.parseLong(reply.get(from + 3)),
        leaseLeft.isEmpty() ? null : Duration.ofMillis(Long.parseLong(leaseLeft)),
        pttl < 0 ? null : Duration.ofMillis(pttl),
        Long.parseLong(reply.get(from + 6)),
        errorType.isEmpty() ? null : errorType);
  }

  /** {@code SCAN}'s glob of the record keys that start with {@code keyPrefix}. */
  static String pattern(String keyPrefix) {
    StringBuilder glob = new StringBuilder("{");
    for (int i = 0; i < keyPrefix.length(); i++) {
      char c = keyPrefix.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        glob.append('\\');
      }
      glob.append(c);
    }
    return glob.append("*}").toString();
  }
}
