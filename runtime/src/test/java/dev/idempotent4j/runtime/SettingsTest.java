package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.SharedStoreFactory;
import dev.idempotent4j.runtime.store.StoreSettings;
import dev.idempotent4j.testing.CapturedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  private static Properties properties(String... namesAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
    }
    return properties;
  }

  private static Settings resolve(
      Map<String, String> code, Properties props, Map<String, String> env) {
    return Settings.resolve(code, props, env);
  }

  @Test
  void defaults() {
    Settings settings = Settings.defaults();
    assertThat(settings.prefix()).isEqualTo("i4j");
    assertThat(settings.failMode()).isEqualTo(Settings.FailMode.CLOSED);
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.localMaxSize()).isEqualTo(10_000);
    assertThat(settings.maxRunTime()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.value("redis")).isEmpty();
    assertThat(settings.value("redis.cluster")).isEmpty();
    assertThat(settings.store()).isEmpty();
    assertThat(settings.sourceOf("prefix")).isEqualTo("default");
  }

  @Test
  void codeBeatsSystemPropertiesWhichBeatTheEnvironment() {
    Map<String, String> env =
        Map.of(
            "IDEMPOTENT4J_PREFIX", "from-env",
            "IDEMPOTENT4J_TIMEOUT", "9s",
            "IDEMPOTENT4J_LOCAL_MAX_SIZE", "7",
            "IDEMPOTENT4J_FAIL_MODE", "open");
    Properties props = properties("idempotent4j.prefix", "from-prop", "idempotent4j.timeout", "5s");
    Settings settings = resolve(Map.of("prefix", "from-code"), props, env);
    assertThat(settings.prefix()).isEqualTo("from-code");
    assertThat(settings.sourceOf("prefix")).isEqualTo("Idempotency.configure(...)");
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.sourceOf("timeout")).startsWith("system property idempotent4j.timeout");
    assertThat(settings.localMaxSize()).isEqualTo(7);
    assertThat(settings.sourceOf("local.max-size"))
        .isEqualTo("environment variable IDEMPOTENT4J_LOCAL_MAX_SIZE");
    assertThat(settings.failMode()).isEqualTo(Settings.FailMode.OPEN);
  }

  @Test
  void environmentVariableNamesUseUnderscoresForDotsAndDashes() {
    assertThat(Settings.environmentVariable("redis.cluster"))
        .isEqualTo("IDEMPOTENT4J_REDIS_CLUSTER");
    assertThat(Settings.environmentVariable("fail-mode")).isEqualTo("IDEMPOTENT4J_FAIL_MODE");
    assertThat(
            resolve(
                    Map.of(),
                    new Properties(),
                    Map.of("IDEMPOTENT4J_REDIS_CLUSTER", "redis://h:7000"))
                .value("redis.cluster"))
        .contains("redis://h:7000");
  }

  @Test
  void validRedisForms() {
    for (String uri :
        List.of(
            "redis://localhost",
            "redis://localhost:6379",
            "redis://localhost:6379/0",
            "redis://user:s3cret@cache.internal:6380/2",
            "redis://:s3cret@10.0.0.1:6379",
            "rediss://cache.example.com:6380",
            "redis://[::1]:6379",
            "redis://localhost:6379?timeout=10s",
            "redis-sentinel://h1:26379,h2:26379/0#mymaster",
            "redis-sentinel://pw@h1,h2#mymaster",
            "redis-socket:///var/run/redis.sock")) {
      Settings settings = resolve(Map.of("redis", uri), new Properties(), Map.of());
      assertThat(settings.value("redis")).contains(uri);
      assertThat(settings.store().orElseThrow().name()).isEqualTo("redis");
    }
    Settings cluster =
        resolve(
            Map.of("redis.cluster", "redis://h1:7000, redis://h2:7001,h3:7002"),
            new Properties(),
            Map.of());
    assertThat(cluster.value("redis.cluster")).contains("redis://h1:7000, redis://h2:7001,h3:7002");
    assertThat(cluster.store().orElseThrow().name()).isEqualTo("redis");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "fail-mode      | sometimes        | it is neither 'closed' nor 'open'. Use 'closed'",
        "timeout        | 2 seconds        | it is not a duration. Write a number and a unit",
        "timeout        | 0s               | it is not a duration",
        "max-run-time   | forever          | it is not a duration. Write a number and a unit",
        "local.max-size | lots             | it is not a whole number. Write a number of entries",
        "local.max-size | 0                | it must be at least 1",
        "prefix         | my app           | it contains a character that is not allowed. Use 1 to 64",
        "prefix         | a{b}             | it contains a character that is not allowed",
        "redis          | localhost:6379   | it has no scheme (such as redis://). Use redis://",
        "redis          | http://h:6379    | scheme 'http' is not one of redis, rediss, redis-sentinel, redis-socket",
        "redis          | redis-socket://sock | a redis-socket URI needs an absolute socket path",
        "redis          | redis://:6379    | it has no host",
        "redis          | redis://h:99999  | port '99999' of host 'h' is not a number from 1 to 65535",
        "redis          | redis://h:port   | port 'port' of host 'h' is not a number",
        "redis          | redis://h:6379/x | '/x' is not a database number",
        "redis          | redis://h1,h2    | it lists several hosts",
        "redis          | redis-sentinel://h1:26379 | a Sentinel URI needs the master id after '#'",
        "redis          | redis://h#master | is only meaningful in a redis-sentinel:// URI",
        "redis.cluster  | redis://h1:7000,,redis://h2 | it has an empty seed",
        "redis.cluster  | h1:7000          | seed 'h1:7000' has no scheme",
        "redis.cluster  | redis-sentinel://h:1#m | scheme 'redis-sentinel' is not one of redis, rediss",
      })
  void everyBadValueIsReportedWithSettingValueSourceAndAcceptedForms(
      String name, String value, String why) {
    assertThatThrownBy(() -> resolve(Map.of(name, value), new Properties(), Map.of()))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageStartingWith(
            "idempotent4j setting '"
                + name
                + "' = '"
                + value
                + "' (from Idempotency.configure(...))"
                + " is not valid: ")
        .hasMessageContaining(why);
    assertThatThrownBy(() -> resolve(Map.of(), properties("idempotent4j." + name, value), Map.of()))
        .hasMessageContaining("(from system property idempotent4j." + name);
    assertThatThrownBy(
            () ->
                resolve(
                    Map.of(), new Properties(), Map.of(Settings.environmentVariable(name), value)))
        .hasMessageContaining("(from environment variable " + Settings.environmentVariable(name));
  }

  @Test
  void passwordsAreMaskedInMessagesAndDescriptions() {
    assertThatThrownBy(
            () -> resolve(Map.of("redis", "redis://u:hunter2@h:99999"), new Properties(), Map.of()))
        .hasMessageContaining("redis://u:***@h:99999")
        .hasMessageNotContaining("hunter2");
    Settings settings =
        resolve(Map.of("redis", "redis://u:hunter2@h:6379"), new Properties(), Map.of());
    assertThat(settings.toString()).contains("redis://u:***@h:6379").doesNotContain("hunter2");
  }

  @Test
  void unknownNamesInCodeOrSystemPropertiesFailWithASuggestion() {
    assertThatThrownBy(() -> resolve(Map.of("prefx", "x"), new Properties(), Map.of()))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("'prefx' given to Idempotency.configure(...)")
        .hasMessageContaining("Did you mean 'prefix'?");
    assertThatThrownBy(
            () -> resolve(Map.of(), properties("idempotent4j.failmode", "open"), Map.of()))
        .hasMessageContaining("'idempotent4j.failmode'")
        .hasMessageContaining("Did you mean 'fail-mode'?");
    // The agent's and test fixtures' namespaces, and unknown environment variables are not errors.
    resolve(
        Map.of(),
        properties(
            "idempotent4j.agent.verbose", "true", "idempotent4j.test.agent-jar", "/tmp/a.jar"),
        Map.of("IDEMPOTENT4J_HOME", "/opt"));
    assertThat(CapturedLog.warnings())
        .anyMatch(m -> m.contains("Ignoring environment variable IDEMPOTENT4J_HOME"));
  }

  @Test
  void propertiesThatAModuleDeclaresItsOwnAreNotSettings() {
    // runtime/src/test/resources/META-INF/idempotent4j/settings declares these two
    resolve(
        Map.of(),
        properties(
            "idempotent4j.example-module.switch", "on",
            "idempotent4j.example-namespace.anything", "x"),
        Map.of());

    assertThatThrownBy(
            () ->
                resolve(Map.of(), properties("idempotent4j.example-module.swich", "on"), Map.of()))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("'idempotent4j.example-module.swich'");
    assertThat(SettingNames.read(SettingsTest.class.getClassLoader()))
        .containsExactly("idempotent4j.example-module.switch", "idempotent4j.example-namespace.");
    assertThat(
            SettingNames.declared(
                "idempotent4j.example-namespace", List.of("idempotent4j.example-namespace.")))
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "redis.wait-replicas | two   | it is not a whole number. Write how many replicas",
        "redis.wait-replicas | -1    | it is not between 0 and 1000",
        "redis.wait-timeout  | soon  | it is not a duration. Write a number and a unit",
        "max-result-size     | 1MB   | it is not a whole number. Write a number of bytes",
        "max-result-size     | 0     | it is not between 1 and 536870912",
        "redis.read-before-claim | sometimes | it is not auto, always or never. Write auto",
      })
  void redisDurabilityAndSizeSettingsAreCheckedAtStartUp(String name, String value, String why) {
    assertThatThrownBy(
            () ->
                resolve(Map.of("redis", "redis://h:6379", name, value), new Properties(), Map.of()))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageStartingWith(
            "idempotent4j setting '" + name + "' = '" + value + "' (from Idempotency.configure")
        .hasMessageContaining(why);
  }

  @Test
  void aReplicaWaitLongerThanTheTimeoutFailsAtStartUp() {
    assertThatThrownBy(
            () ->
                resolve(
                    Map.of(
                        "redis",
                        "redis://h:6379",
                        "redis.wait-replicas",
                        "1",
                        "redis.wait-timeout",
                        "5s",
                        "timeout",
                        "2s"),
                    new Properties(),
                    Map.of()))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining(
            "idempotent4j.redis.wait-timeout = 'PT5S' must be positive and at most");
    resolve(
        Map.of("redis", "redis://h:6379", "redis.wait-replicas", "1", "max-result-size", "65536"),
        new Properties(),
        Map.of());
    resolve(
        Map.of("redis", "redis://h:6379", "redis.read-before-claim", "Never"),
        new Properties(),
        Map.of());
  }

  @Test
  void aTypoInReadBeforeClaimsNameFailsAtStartUp() {
    assertThatThrownBy(
            () ->
                resolve(
                    Map.of("redis", "redis://h:6379", "redis.read-before-clam", "always"),
                    new Properties(),
                    Map.of()))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("redis.read-before-clam");
  }

  @Test
  void redisAndRedisClusterTogetherAreAmbiguous() {
    assertThatThrownBy(
            () ->
                resolve(
                    Map.of("redis", "redis://a:1"),
                    properties("idempotent4j.redis.cluster", "redis://b:2"),
                    Map.of()))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("'redis' (Idempotency.configure(...)) and 'redis.cluster' (system")
        .hasMessageContaining("not both");
  }

  /** A second store, as a module of its own would register it. */
  private static final class OtherStoreFactory implements SharedStoreFactory {
    @Override
    public String name() {
      return "other";
    }

    @Override
    public List<String> settingNames() {
      return List.of("other", "other.password");
    }

    @Override
    public boolean isSelected(StoreSettings settings) {
      return settings.value("other").isPresent();
    }

    @Override
    public void validate(StoreSettings settings) {
      if (!settings.value("other").orElseThrow().startsWith("other:")) {
        throw settings.invalid("other", "it has no scheme", "Use other:NAME.");
      }
    }

    @Override
    public SharedStore open(StoreSettings settings) {
      throw new UnsupportedOperationException("not opened in these tests");
    }
  }

  private static Settings resolveWithOtherStore(Map<String, String> code) {
    List<SharedStoreFactory> factories = new ArrayList<>(StoreFactories.installed());
    factories.add(new OtherStoreFactory());
    return Settings.resolve(code, new Properties(), Map.of(), factories);
  }

  @Test
  void aStoreModuleBringsItsOwnSettingsAndIsSelectedByThem() {
    Settings settings = resolveWithOtherStore(Map.of("other", "other:x", "other.password", "pw"));
    assertThat(settings.store().orElseThrow().name()).isEqualTo("other");
    assertThat(settings.value("other.password")).contains("pw");
    assertThat(settings.toString()).contains("other.password = ***").doesNotContain("pw ");
    assertThatThrownBy(() -> resolveWithOtherStore(Map.of("other", "x")))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessage(
            "idempotent4j setting 'other' = 'x' (from Idempotency.configure(...)) is not valid: it"
                + " has no scheme. Use other:NAME.");
    assertThatThrownBy(() -> resolveWithOtherStore(Map.of("other.pasword", "pw")))
        .hasMessageContaining("Did you mean 'other.password'?");
  }

  @Test
  void settingsThatSelectTwoStoresAreAConfigurationError() {
    assertThatThrownBy(
            () -> resolveWithOtherStore(Map.of("other", "other:x", "redis", "redis://h:6379")))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("select 2 shared stores")
        .hasMessageContaining("other by 'other' (Idempotency.configure(...))")
        .hasMessageContaining("redis by 'redis' (Idempotency.configure(...))")
        .hasMessageContaining("Set the settings of one store only.");
  }

  @Test
  void aStoreSettingWithoutItsModuleNamesTheMissingDependency() {
    assertThatThrownBy(
            () -> resolve(Map.of("jdbc", "jdbc:postgresql://db/app"), new Properties(), Map.of()))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("add the dependency dev.idempotent4j:idempotent4j-jdbc");
  }
}
