package dev.idempotent4j.benchmarks.report;

import dev.idempotent4j.benchmarks.KeyPool;
import dev.idempotent4j.benchmarks.Receipts;
import dev.idempotent4j.benchmarks.diagnosis.CommandStats;
import dev.idempotent4j.benchmarks.flows.HandWrittenRedisFlow;
import dev.idempotent4j.runtime.redis.RedisSettings;
import dev.idempotent4j.runtime.redis.RedisStore;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Redis server time per first execution and per step (claim of a fresh key, complete), ours ({@link
 * RedisStore}'s scripts) against the hand-written five-command flow ({@link
 * HandWrittenRedisFlow#claim}: GET, SET NX PX, GET; {@link HandWrittenRedisFlow#complete}: SET EX,
 * EVALSHA), from {@code INFO commandstats} deltas, in rounds with the two flows alternating, in two
 * modes: back to back, and with an idle gap of 2-5 ms between calls (an idle Redis runs a script
 * 2-3x slower than a warm one, and a server behind one client is idle most of the time).
 *
 * <p>And the floor of any script: {@link #FLOOR_CLAIM} and {@link #FLOOR_COMPLETE} send exactly the
 * commands of format 2's claim of a fresh key and complete, with values of the same size, and check
 * nothing. What they cost over the hand-written flow's commands is the script mechanism itself (Lua
 * state, each {@code redis.call}'s argument and reply conversion), which no Lua step can go below;
 * what ours costs over them is our checks.
 *
 * <p>Besides, the server's CPU per first execution ({@code INFO cpu}, user + system, over both
 * steps): it includes the network work of each round trip, which server time leaves out.
 *
 * <p>What counts: for ours, every script call ({@code EVALSHA}/{@code EVAL}, which include the
 * commands the script runs), so a change of the record format or of the scripts' inner commands
 * needs no change here; for the hand-written flow, the commands it sends, {@code GET} and {@code
 * SET}, plus its release script (whose inner {@code GET}/{@code DEL} are inside the script's time,
 * and so not counted again).
 *
 * <pre>{@code
 * ServerTime server = ServerTime.measure("redis://127.0.0.1:6390", 3, 3000, 400);
 * Ratios idle = server.firstExecutionRatio(ServerTime.IDLE);
 * }</pre>
 */
final class ServerTime {

  static final String BACK_TO_BACK = "back to back";
  static final String IDLE = "idle gaps 2-5 ms";

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration TTL = Duration.ofHours(24);
  private static final Set<String> HAND_WRITTEN_CLAIM = Set.of("get", "set");

  /** Format 2's claim of a fresh key without its checks: GET, GET, TIME, SET PX, SET PX. */
  static final String FLOOR_CLAIM =
      "redis.call('GET', KEYS[1]) redis.call('GET', KEYS[2]) redis.call('TIME')"
          + " redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])"
          + " redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4]) return {'claimed', '1', '1', '0'}";

  /** Format 2's complete without its checks: MGET, SET PX, SET PX. */
  static final String FLOOR_COMPLETE =
      "redis.call('MGET', KEYS[1], KEYS[2]) redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])"
          + " redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4]) return {'ok'}";

  /** Microseconds per call, by mode and by "ours claim", "ours complete", "hw claim", ... */
  private final Map<String, Map<String, List<Double>>> steps = new TreeMap<>();

  private ServerTime() {}

  static ServerTime measure(String uri, int rounds, int backToBackCalls, int idleCalls) {
    ServerTime server = new ServerTime();
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect();
        RedisStore store = RedisStore.connect(RedisSettings.redis(uri, Duration.ofSeconds(5)));
        HandWrittenRedisFlow handWritten = new HandWrittenRedisFlow(uri)) {
      RedisCommands<String, String> info = connection.sync();
      // Warm-up: scripts loaded, connections and both JIT paths warm; not recorded.
      server.round(info, store, handWritten, backToBackCalls, 0, null, true);
      for (int round = 0; round < rounds; round++) {
        boolean oursFirst = round % 2 == 0;
        server.round(info, store, handWritten, backToBackCalls, 0, BACK_TO_BACK, oursFirst);
        server.round(info, store, handWritten, idleCalls, 2, IDLE, oursFirst);
        System.out.printf(
            "  server time, round %d/%d: %s%n", round + 1, rounds, server.lastRound());
      }
    } finally {
      client.shutdown();
    }
    return server;
  }

  /** Ours / hand-written, server time per first execution (claim + complete), per round. */
  Ratios firstExecutionRatio(String mode) {
    List<Double> ours = perExecution(mode, "ours");
    List<Double> theirs = perExecution(mode, "hand-written");
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
      ratios.add(ours.get(i) / theirs.get(i));
    }
    return Ratios.of(ratios);
  }

  /** Floor (a bare script with format 2's commands) / hand-written, per first execution. */
  Ratios floorRatio(String mode) {
    List<Double> floor = perExecution(mode, "floor");
    List<Double> theirs = perExecution(mode, "hand-written");
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(floor.size(), theirs.size()); i++) {
      ratios.add(floor.get(i) / theirs.get(i));
    }
    return Ratios.of(ratios);
  }

  /** Microseconds per first execution of {@code flow} ("ours", "hand-written"), over rounds. */
  Ratios firstExecution(String mode, String flow) {
    return Ratios.of(perExecution(mode, flow));
  }

  /**
   * Ours / hand-written, server CPU per first execution ({@code INFO cpu}, user + system: the
   * commands and the network work of their round trips), per round.
   */
  Ratios cpuRatio(String mode) {
    List<Double> ours = values(mode, "ours cpu");
    List<Double> theirs = values(mode, "hand-written cpu");
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
      ratios.add(ours.get(i) / theirs.get(i));
    }
    return Ratios.of(ratios);
  }

  private List<Double> values(String mode, String step) {
    return steps.getOrDefault(mode, Map.of()).getOrDefault(step, List.of());
  }

  /** Microseconds per call of one step, e.g. ("idle gaps 2-5 ms", "ours claim"), over rounds. */
  Ratios step(String mode, String step) {
    return Ratios.of(steps.getOrDefault(mode, Map.of()).getOrDefault(step, List.of()));
  }

  private List<Double> perExecution(String mode, String flow) {
    Map<String, List<Double>> m = steps.getOrDefault(mode, Map.of());
    List<Double> claim = m.getOrDefault(flow + " claim", List.of());
    List<Double> complete = m.getOrDefault(flow + " complete", List.of());
    List<Double> sum = new ArrayList<>();
    for (int i = 0; i < Math.min(claim.size(), complete.size()); i++) {
      sum.add(claim.get(i) + complete.get(i));
    }
    return sum;
  }

  private String lastRound() {
    StringBuilder line = new StringBuilder();
    steps.forEach(
        (mode, byStep) -> {
          line.append(mode).append(':');
          byStep.forEach(
              (step, values) ->
                  line.append(String.format(" %s %.1f", step, values.get(values.size() - 1))));
          line.append(" µs; ");
        });
    return line.toString();
  }

  private void round(
      RedisCommands<String, String> info,
      RedisStore store,
      HandWrittenRedisFlow handWritten,
      int calls,
      int gapMillis,
      String mode,
      boolean oursFirst) {
    for (int side = 0; side < 2; side++) {
      if ((side == 0) == oursFirst) {
        ours(info, store, calls, gapMillis, mode);
      } else {
        handWritten(info, handWritten, calls, gapMillis, mode);
      }
    }
    floor(info, calls, gapMillis, mode);
  }

  private void floor(RedisCommands<String, String> info, int calls, int gap, String mode) {
    KeyPool keys = new KeyPool(calls);
    String claimSha = info.scriptLoad(FLOOR_CLAIM);
    String completeSha = info.scriptLoad(FLOOR_COMPLETE);
    String running = "i4j2 running 1733212345678901 1 1733212345 0\n\nbench\n";
    String completed = "i4j2 completed 1733212345678901 1 1733212345 0\n\nbench\n";
    String result = completed + "\"" + Receipts.confirm(keys.id(0)) + "\"";
    String fence = "i4j2-fence 1733212345678901 1 1";
    String lease = Long.toString(LEASE.toMillis());
    String ttl = Long.toString(TTL.toMillis());
    CommandStats before = CommandStats.parse(info.info("commandstats"));
    for (int i = 0; i < calls; i++) {
      pause(gap, i);
      String record = "{fl:" + keys.id(i) + "}";
      info.evalsha(
          claimSha,
          io.lettuce.core.ScriptOutputType.MULTI,
          new String[] {record, record + ":fence"},
          running,
          fence,
          lease,
          ttl);
    }
    CommandStats middle = CommandStats.parse(info.info("commandstats"));
    for (int i = 0; i < calls; i++) {
      pause(gap, i);
      String record = "{fl:" + keys.id(i) + "}";
      info.evalsha(
          completeSha,
          io.lettuce.core.ScriptOutputType.MULTI,
          new String[] {record, record + ":fence"},
          result,
          fence,
          ttl,
          ttl);
    }
    CommandStats after = CommandStats.parse(info.info("commandstats"));
    record(mode, "floor claim", middle.minus(before).usec(CommandStats.SCRIPTS) / calls);
    record(mode, "floor complete", after.minus(middle).usec(CommandStats.SCRIPTS) / calls);
  }

  private void ours(
      RedisCommands<String, String> info, RedisStore store, int calls, int gap, String mode) {
    KeyPool keys = new KeyPool(calls);
    Fence[] fences = new Fence[calls];
    String result = "\"" + Receipts.confirm(keys.id(0)) + "\"";
    double cpu = CommandStats.cpuSeconds(info.info("cpu"));
    CommandStats before = CommandStats.parse(info.info("commandstats"));
    for (int i = 0; i < calls; i++) {
      pause(gap, i);
      Claim claim = store.claim(new ClaimRequest("st:" + keys.id(i), null, "bench", LEASE, TTL));
      fences[i] = ((Claim.Claimed) claim).fence();
    }
    CommandStats middle = CommandStats.parse(info.info("commandstats"));
    for (int i = 0; i < calls; i++) {
      pause(gap, i);
      store.complete("st:" + keys.id(i), fences[i], result, TTL);
    }
    CommandStats after = CommandStats.parse(info.info("commandstats"));
    record(mode, "ours cpu", (CommandStats.cpuSeconds(info.info("cpu")) - cpu) * 1e6 / calls);
    record(mode, "ours claim", middle.minus(before).usec(CommandStats.SCRIPTS) / calls);
    record(mode, "ours complete", after.minus(middle).usec(CommandStats.SCRIPTS) / calls);
  }

  private void handWritten(
      RedisCommands<String, String> info,
      HandWrittenRedisFlow flow,
      int calls,
      int gap,
      String mode) {
    KeyPool ids = new KeyPool(calls);
    String[] tokens = new String[calls];
    double cpu = CommandStats.cpuSeconds(info.info("cpu"));
    CommandStats before = CommandStats.parse(info.info("commandstats"));
    for (int i = 0; i < calls; i++) {
      pause(gap, i);
      tokens[i] = flow.claim(ids.id(i));
    }
    CommandStats middle = CommandStats.parse(info.info("commandstats"));
    for (int i = 0; i < calls; i++) {
      pause(gap, i);
      flow.complete(ids.id(i), tokens[i], Receipts.confirm(ids.id(i)));
    }
    CommandStats after = CommandStats.parse(info.info("commandstats"));
    record(
        mode, "hand-written cpu", (CommandStats.cpuSeconds(info.info("cpu")) - cpu) * 1e6 / calls);
    record(mode, "hand-written claim", middle.minus(before).usec(HAND_WRITTEN_CLAIM) / calls);
    // SET EX, and the release script with the GET and DEL it runs inside.
    CommandStats complete = after.minus(middle);
    record(
        mode,
        "hand-written complete",
        (complete.usec(Set.of("set")) + complete.usec(CommandStats.SCRIPTS)) / calls);
  }

  private void record(String mode, String step, double usPerCall) {
    if (mode != null) {
      steps
          .computeIfAbsent(mode, m -> new TreeMap<>())
          .computeIfAbsent(step, s -> new ArrayList<>())
          .add(usPerCall);
    }
  }

  private static void pause(int gapMillis, int i) {
    if (gapMillis == 0) {
      return;
    }
    try {
      Thread.sleep(gapMillis + i % 4L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
