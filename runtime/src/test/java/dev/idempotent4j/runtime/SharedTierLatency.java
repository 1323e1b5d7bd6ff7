package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.redis.RedisSettings;
import dev.idempotent4j.runtime.redis.RedisStore;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * A quick measurement for the notes, not a test and not a benchmark (JMH lives in {@code
 * benchmarks/}): round trips and median latency of a first execution and of a duplicate hit with a
 * cold local tier, through the engine, against the plain Lettuce commands that do the least
 * equivalent work ({@code SET NX PX} + {@code SET}; {@code GET}), on one fixture redis-server.
 *
 * <pre>{@code
 * mvn -o -q test-compile -pl runtime -am
 * java -cp runtime/target/test-classes:runtime/target/classes:$(cat cp.txt) \
 *     dev.idempotent4j.runtime.SharedTierLatency
 * }</pre>
 */
public final class SharedTierLatency {
  private static final int N = 5_000;

  private SharedTierLatency() {}

  public static void main(String[] args) throws Exception {
    try (RedisServer redis = RedisServer.start()) {
      Settings settings =
          Settings.resolve(
              Map.of("redis", redis.uri(), "prefix", "lat"), new Properties(), Map.of());
      RedisSettings connection = RedisSettings.redis(redis.uri(), settings.timeout());
      RedisClient client = RedisClient.create(redis.uri());
      try (Engine first = Engine.builder(settings).store(RedisStore.connect(connection)).build();
          StatefulRedisConnection<String, String> plain = client.connect()) {
        RedisCommands<String, String> sync = plain.sync();
        BoundTask onFirst =
            first.bind(
                Woven.definition("lat").returns(ReturnKind.VALUE, null, Codecs.string()).build());
        for (int round = 0; round < 2; round++) { // the first round warms up the JIT
          String tag = "r" + round + "-";
          Engine second = Engine.builder(settings).store(RedisStore.connect(connection)).build();
          BoundTask onSecond =
              second.bind(
                  Woven.definition("lat").returns(ReturnKind.VALUE, null, Codecs.string()).build());
          long[] execution = new long[N];
          long[] duplicate = new long[N];
          long[] setNxSet = new long[N];
          long[] get = new long[N];
          long[] storeAlone = new long[N];
          long[] storeDuplicate = new long[N];
          long calls0 = evalshaCalls(redis);
          for (int i = 0; i < N; i++) {
            String key = tag + i;
            long t0 = System.nanoTime();
            Woven.call(first, onFirst, key, () -> "\"value\"");
            execution[i] = System.nanoTime() - t0;
          }
          long calls1 = evalshaCalls(redis);
          for (int i = 0; i < N; i++) {
            String key = tag + i;
            long t0 = System.nanoTime();
            Woven.call(second, onSecond, key, () -> "never");
            duplicate[i] = System.nanoTime() - t0;
          }
          long calls2 = evalshaCalls(redis);
          for (int i = 0; i < N; i++) {
            String key = "plain:" + tag + i;
            long t0 = System.nanoTime();
            sync.set(key, "running", SetArgs.Builder.nx().px(30_000));
            sync.set(key, "\"value\"", SetArgs.Builder.px(86_400_000));
            setNxSet[i] = System.nanoTime() - t0;
          }
          for (int i = 0; i < N; i++) {
            String key = "plain:" + tag + i;
            long t0 = System.nanoTime();
            sync.get(key);
            get[i] = System.nanoTime() - t0;
          }
          try (RedisStore store = RedisStore.connect(connection)) {
            Duration ttl = Duration.ofHours(1);
            for (int i = 0; i < N; i++) {
              String key = "store:" + tag + i;
              long t0 = System.nanoTime();
              Claim claim =
                  store.claim(new ClaimRequest(key, null, "w", Duration.ofSeconds(30), ttl));
              store.complete(key, ((Claim.Claimed) claim).fence(), "\"value\"", ttl);
              storeAlone[i] = System.nanoTime() - t0;
            }
            for (int i = 0; i < N; i++) {
              String key = "store:" + tag + i;
              long t0 = System.nanoTime();
              store.claim(new ClaimRequest(key, null, "w2", Duration.ofSeconds(30), ttl));
              storeDuplicate[i] = System.nanoTime() - t0;
            }
          }
          second.close();
          if (round == 1) {
            System.out.printf(
                "store alone: claim + complete %d us, duplicate claim %d us%n",
                median(storeAlone), median(storeDuplicate));
            System.out.printf(
                "first execution: %.1f round trips, median %d us (plain SET NX + SET: %d us)%n",
                (calls1 - calls0) / (double) N, median(execution), median(setNxSet));
            System.out.printf(
                "duplicate, cold local tier: %.1f round trips, median %d us (plain GET: %d us)%n",
                (calls2 - calls1) / (double) N, median(duplicate), median(get));
          }
        }
      } finally {
        client.shutdown();
      }
    }
  }

  private static long evalshaCalls(RedisServer redis) {
    return redis.client().commandCalls("evalsha");
  }

  private static long median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1_000;
  }
}
