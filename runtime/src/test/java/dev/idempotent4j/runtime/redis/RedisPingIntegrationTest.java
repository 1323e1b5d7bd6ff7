package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisPingIntegrationTest {

  @RegisterExtension static final RedisServer redis = RedisServer.start();

  @Test
  void answersWhileRedisRunsFailsWhileItIsDownAndReconnects() {
    try (RedisPing ping = RedisPing.to(RedisSettings.redis(redis.uri(), Duration.ofMillis(500)))) {
      assertThat(ping.ping()).isPositive();
      assertThat(ping.target()).contains(String.valueOf(redis.port()));

      redis.kill();
      assertThatThrownBy(ping::ping).isInstanceOf(StoreUnavailableException.class);

      redis.restart();
      assertThat(ping.ping()).isPositive();
      assertThat(redis.call("DBSIZE")).isEqualTo(0L); // a ping writes nothing
    }
  }

  @Test
  void failsWhenNothingListens() {
    String nowhere = "redis://127.0.0.1:" + RedisServer.freePort();
    try (RedisPing ping = RedisPing.to(RedisSettings.redis(nowhere, Duration.ofMillis(300)))) {
      assertThatThrownBy(ping::ping)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("127.0.0.1");
    }
  }
}
