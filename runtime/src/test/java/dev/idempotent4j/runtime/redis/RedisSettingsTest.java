package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  void standaloneWithUserPasswordAndDatabase() {
    RedisSettings settings = RedisSettings.redis("redis://app:s3cret@cache:6380/2", TIMEOUT);

    assertThat(settings.mode()).isEqualTo(RedisSettings.Mode.STANDALONE);
    RedisURI uri = settings.uris().get(0);
    assertThat(uri.getHost()).isEqualTo("cache");
    assertThat(uri.getPort()).isEqualTo(6380);
    assertThat(uri.getDatabase()).isEqualTo(2);
    assertThat(settings.timeout()).isEqualTo(TIMEOUT);
    assertThat(settings.toString()).doesNotContain("s3cret");
  }

  @Test
  void tls() {
    RedisURI uri = RedisSettings.redis("rediss://cache:6380", TIMEOUT).uris().get(0);
    assertThat(uri.isSsl()).isTrue();
  }

  @Test
  void sentinel() {
    RedisSettings settings =
        RedisSettings.redis("redis-sentinel://h1:26379,h2:26380/3#mymaster", TIMEOUT);

    assertThat(settings.mode()).isEqualTo(RedisSettings.Mode.SENTINEL);
    RedisURI uri = settings.uris().get(0);
    assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
    assertThat(uri.getSentinels()).hasSize(2);
    assertThat(uri.getDatabase()).isEqualTo(3);
  }

  @Test
  void clusterSeeds() {
    RedisSettings settings = RedisSettings.cluster("redis://h1:7000, redis://h2:7001", TIMEOUT);

    assertThat(settings.mode()).isEqualTo(RedisSettings.Mode.CLUSTER);
    assertThat(settings.uris()).extracting(RedisURI::getPort).containsExactly(7000, 7001);
  }

  @Test
  void neitherSetMeansNoSharedTier() {
    assertThat(RedisSettings.from(null, " ", TIMEOUT)).isEmpty();
    assertThat(RedisSettings.from("redis://h:1", null, TIMEOUT).orElseThrow().mode())
        .isEqualTo(RedisSettings.Mode.STANDALONE);
    assertThat(RedisSettings.from("", "redis://h:1", TIMEOUT).orElseThrow().mode())
        .isEqualTo(RedisSettings.Mode.CLUSTER);
  }

  @Test
  void bothSetIsAnErrorNamingBoth() {
    assertThatThrownBy(() -> RedisSettings.from("redis://a:1", "redis://b:2", TIMEOUT))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("idempotent4j.redis = 'redis://a:1'")
        .hasMessageContaining("idempotent4j.redis.cluster = 'redis://b:2'");
  }

  @Test
  void badUriNamesTheSettingAndHidesThePassword() {
    assertThatThrownBy(() -> RedisSettings.redis("http://user:hunter2@cache:6379", TIMEOUT))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("idempotent4j.redis = 'http://user:***@cache:6379'")
        .hasMessageContaining("redis://[user:password@]host:port[/db]")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisSettings.redis("localhost:6379", TIMEOUT))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("idempotent4j.redis = 'localhost:6379'");
  }

  @Test
  void badClusterEntriesNameTheSetting() {
    assertThatThrownBy(() -> RedisSettings.cluster("redis://h1:7000,,redis://h2:7001", TIMEOUT))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("idempotent4j.redis.cluster")
        .hasMessageContaining("empty entry");
    assertThatThrownBy(() -> RedisSettings.cluster("redis://h1:7000,h2:x", TIMEOUT))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("idempotent4j.redis.cluster = 'h2:x'");
    assertThatThrownBy(() -> RedisSettings.cluster("redis-sentinel://h1:26379#mymaster", TIMEOUT))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("Sentinel");
  }

  @Test
  void timeoutMustBePositive() {
    assertThatThrownBy(() -> RedisSettings.redis("redis://h:1", Duration.ZERO))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("idempotent4j.timeout");
  }
}
