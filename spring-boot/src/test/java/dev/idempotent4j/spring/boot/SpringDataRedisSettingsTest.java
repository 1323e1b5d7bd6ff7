package dev.idempotent4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.redis.RedisSettings;
import io.lettuce.core.RedisCredentials;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.ssl.SslBundle;

class SpringDataRedisSettingsTest {

  @Test
  void aStandaloneServerWithCredentialsBecomesOneUriTheRuntimeAccepts() {
    Map<String, String> settings =
        settings(
            new Details("app", "p@ss:w rd") {
              @Override
              public Standalone getStandalone() {
                return Standalone.of("cache", 6380, 2);
              }
            });

    assertThat(settings)
        .containsExactly(Map.entry("redis", "redis://app:p%40ss%3Aw%20rd@cache:6380/2"));
    RedisSettings parsed = RedisSettings.redis(settings.get("redis"), Duration.ofSeconds(1));
    RedisCredentials credentials =
        parsed.uris().get(0).getCredentialsProvider().resolveCredentials().block();
    assertThat(credentials.getPassword()).isEqualTo("p@ss:w rd".toCharArray());
    assertThat(credentials.getUsername()).isEqualTo("app");
  }

  @Test
  void aPasswordWithoutUserAndTls() {
    Map<String, String> settings =
        settings(
            new Details(null, "secret") {
              @Override
              public SslBundle getSslBundle() {
                return SslBundle.systemDefault();
              }
            });

    assertThat(settings).containsEntry("redis", "rediss://:secret@localhost:6379/0");
    RedisSettings.redis(settings.get("redis"), Duration.ofSeconds(1));
  }

  @Test
  void sentinelsBecomeARedisSentinelUri() {
    Map<String, String> settings =
        settings(
            new Details(null, null) {
              @Override
              public Sentinel getSentinel() {
                return sentinel("mymaster", null, new Node("s1", 26379), new Node("s2", 26380));
              }
            });

    assertThat(settings).containsEntry("redis", "redis-sentinel://s1:26379,s2:26380/1#mymaster");
    assertThat(RedisSettings.redis(settings.get("redis"), Duration.ofSeconds(1)).mode())
        .isEqualTo(RedisSettings.Mode.SENTINEL);
  }

  @Test
  void clusterNodesBecomeClusterSeeds() {
    Map<String, String> settings =
        settings(
            new Details(null, "pw") {
              @Override
              public Cluster getCluster() {
                return () -> List.of(new Node("h1", 7000), new Node("h2", 7001));
              }
            });

    assertThat(settings)
        .containsExactly(Map.entry("redis.cluster", "redis://:pw@h1:7000,redis://:pw@h2:7001"));
    assertThat(RedisSettings.cluster(settings.get("redis.cluster"), Duration.ofSeconds(1)).uris())
        .hasSize(2);
  }

  @Test
  void explicitSettingsAreLeftAlone() {
    Map<String, String> settings = new HashMap<>(Map.of("redis.cluster", "redis://own:7000"));
    new SpringDataRedisSettings(new Details(null, null), null).customize(settings);

    assertThat(settings).containsExactly(Map.entry("redis.cluster", "redis://own:7000"));
  }

  @Test
  void whatAUriCannotCarryIsRefusedWithTheFix() {
    assertThatThrownBy(
            () ->
                new SpringDataRedisSettings(new Details(null, null), "corp")
                    .customize(new HashMap<>()))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("spring.data.redis.ssl.bundle = 'corp'")
        .hasMessageContaining("idempotent4j.redis=rediss://");
    assertThatThrownBy(
            () ->
                settings(
                    new Details(null, null) {
                      @Override
                      public Sentinel getSentinel() {
                        return sentinel("m", "sentinel-secret", new Node("s1", 26379));
                      }
                    }))
        .hasMessageContaining("spring.data.redis.sentinel.password");
    assertThatThrownBy(
            () ->
                settings(
                    new Details(null, null) {
                      @Override
                      public MasterReplica getMasterReplica() {
                        return () -> List.of(new Node("r1", 6379));
                      }
                    }))
        .hasMessageContaining("masterreplica");
  }

  private static Map<String, String> settings(DataRedisConnectionDetails details) {
    Map<String, String> settings = new HashMap<>();
    new SpringDataRedisSettings(details, null).customize(settings);
    return settings;
  }

  private static DataRedisConnectionDetails.Sentinel sentinel(
      String master, String password, Node... nodes) {
    return new DataRedisConnectionDetails.Sentinel() {
      @Override
      public int getDatabase() {
        return 1;
      }

      @Override
      public String getMaster() {
        return master;
      }

      @Override
      public List<Node> getNodes() {
        return List.of(nodes);
      }

      @Override
      public String getUsername() {
        return null;
      }

      @Override
      public String getPassword() {
        return password;
      }
    };
  }

  /** Connection details as Boot's properties give them; a test overrides what it sets. */
  private static class Details implements DataRedisConnectionDetails {
    private final String user;
    private final String password;

    Details(String user, String password) {
      this.user = user;
      this.password = password;
    }

    @Override
    public String getUsername() {
      return user;
    }

    @Override
    public String getPassword() {
      return password;
    }

    @Override
    public Standalone getStandalone() {
      return Standalone.of("localhost", 6379);
    }
  }
}
