package dev.idempotent4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.redis.RedisSettings;
import dev.idempotent4j.runtime.redis.RedisStore;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.SharedStore.Completion;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixture itself: it must start, break and restart the servers it promises to. */
class RedisFixtureIntegrationTest {

  @Test
  void embeddedRedisBinaryIsAWorkingFallback() {
    // the binary used when no redis-server is on PATH (Redis 6.2): the store's scripts must run
    try (RedisServer redis = RedisServer.start(RedisBinary.embedded());
        RedisStore store =
            RedisStore.connect(RedisSettings.redis(redis.uri(), Duration.ofSeconds(5)))) {
      assertThat((String) redis.call("INFO", "server")).contains("redis_version:6.2");
      Duration lease = Duration.ofMinutes(1);
      Claim claim =
          store.claim(new ClaimRequest("i4j:Fixture.embedded:1", null, "w", lease, lease));
      assertThat(claim).isInstanceOf(Claim.Claimed.class);
      assertThat(
              store.complete("i4j:Fixture.embedded:1", ((Claim.Claimed) claim).fence(), "1", lease))
          .isEqualTo(Completion.ACCEPTED);
      assertThat(store.claim(new ClaimRequest("i4j:Fixture.embedded:1", null, "v", lease, lease)))
          .isEqualTo(new Claim.Completed("1"));
    }
  }

  @Test
  void embeddedRedisBinaryFormsACluster() {
    try (RedisCluster cluster = RedisCluster.start(RedisBinary.embedded(), 3)) {
      assertThat((String) cluster.nodes().get(2).call("CLUSTER", "INFO"))
          .contains("cluster_state:ok");
    }
  }

  @Test
  void runsTheBinaryThePropertyNames() {
    // CI runs the Redis suites again with -Didempotent4j.test.redis-server naming Valkey
    // (README.md): that run proves something only if the servers really are that binary, so the
    // expected path comes from the property itself, not from the lookup under test
    String forced = System.getProperty(RedisBinary.PROPERTY, "");
    Path expected = (forced.isBlank() ? RedisBinary.find() : Path.of(forced)).toAbsolutePath();
    try (RedisServer redis = RedisServer.start()) {
      assertThat((String) redis.call("INFO", "server")).contains("executable:" + expected + "\r\n");
    }
  }

  @Test
  void serverRunsWithoutPersistenceOnLoopback() {
    try (RedisServer redis = RedisServer.start()) {
      assertThat(redis.call("CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
      assertThat(redis.call("CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "no"));
      assertThat(redis.call("CONFIG", "GET", "bind")).isEqualTo(List.of("bind", "127.0.0.1"));
    }
  }

  @Test
  void killAndRestartOnTheSamePortWithEmptyData() {
    try (RedisServer redis = RedisServer.start()) {
      int port = redis.port();
      redis.call("SET", "k", "v");

      redis.kill();
      assertThat(redis.isAlive()).isFalse();
      assertThatThrownBy(() -> redis.call("PING")).isInstanceOf(UncheckedIOException.class);

      redis.restart();
      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.call("PING")).isEqualTo("PONG");
      assertThat(redis.call("EXISTS", "k")).isEqualTo(0L);
    }
  }

  @Test
  void pauseStopsAnswersAndResumeBringsThemBack() {
    try (RedisServer redis = RedisServer.start()) {
      redis.pause();
      try (RespClient slow = new RespClient(redis.port(), 300)) {
        assertThatThrownBy(() -> slow.call("PING")).isInstanceOf(UncheckedIOException.class);
      } finally {
        redis.resume();
      }
      assertThat(redis.call("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void closeKillsTheProcessAndFreesThePort() throws Exception {
    RedisServer redis = RedisServer.start();
    redis.pause(); // even a stopped server must go away
    redis.close();

    assertThat(redis.isAlive()).isFalse();
    try (ServerSocket again = new ServerSocket(redis.port())) {
      assertThat(again.getLocalPort()).isEqualTo(redis.port());
    }
    redis.close(); // twice is fine
  }

  @Test
  void clusterRoutesEverySlot() {
    try (RedisCluster cluster = RedisCluster.start(3)) {
      for (RedisServer node : cluster.nodes()) {
        assertThat((String) node.call("CLUSTER", "INFO"))
            .contains("cluster_state:ok")
            .contains("cluster_slots_assigned:16384")
            .contains("cluster_known_nodes:3");
      }
      RedisServer owner = cluster.nodeFor("some-key");
      assertThat(owner.call("SET", "some-key", "v")).isEqualTo("OK");
    }
  }
}
