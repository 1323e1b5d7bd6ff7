package dev.idempotent4j.runtime;

import static dev.idempotent4j.runtime.Woven.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.store.StoredFailure;
import dev.idempotent4j.testing.CapturedLog;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code max-result-size} is the engine's setting: checked at start-up with or without a store,
 * counted in bytes of UTF-8. What a shared store does with a result past it is in {@code
 * SharedEngineContract} (Redis, Redis Cluster, PostgreSQL).
 */
class ResultSizeLimitTest {

  @Test
  void theLimitCountsBytesOfUtf8NotChars() {
    ResultSizeLimit limit = new ResultSizeLimit(100);
    assertThat(limit.refusal("\"" + "é".repeat(49) + "\"")).isNull(); // 100 bytes, 51 chars
    assertThat(limit.refusal("\"" + "😀".repeat(24) + "\"")).isNull(); // 98 bytes, 50 chars
    StoredFailure refused = limit.refusal("\"" + "é".repeat(50) + "\""); // 102 bytes
    assertThat(refused.type()).isEqualTo("dev.idempotent4j.ResultTooLarge");
    assertThat(refused.message())
        .contains("102 bytes of JSON")
        .contains("idempotent4j.max-result-size (100 bytes)")
        .contains("does not run again");
    // a lone surrogate is 3 bytes (the replacement's length), a pair 4, as the stored JSON has them
    assertThat(new ResultSizeLimit(11).refusal("é€\ud83d\ude00\ud800").message())
        .contains("12 bytes of JSON");
    assertThat(new ResultSizeLimit(12).refusal("é€\ud83d\ude00\ud800")).isNull();
    assertThat(ResultSizeLimit.warning("i4j:T:k", refused))
        .startsWith("idempotent4j: key 'i4j:T:k': the task ran")
        .endsWith("instead of the result.");
  }

  @Test
  void theLocalOnlyEngineChecksTheSettingAndKeepsALargeResultInItsLocalTier() throws Exception {
    assertThatThrownBy(() -> settings("1MB"))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("'max-result-size' = '1MB'")
        .hasMessageContaining("it is not a whole number. Write a number of bytes");
    assertThatThrownBy(() -> settings("0"))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("it is not between 1 and 536870912");
    assertThat(Settings.defaults().maxResultSize()).isEqualTo(1 << 20);

    // Nothing leaves the JVM without a shared store, so nothing is refused: the local tier keeps
    // the value, as it does for the caller's own duplicates when a store refused it.
    CapturedLog.clear();
    try (Engine engine = Engine.builder(settings("10")).build()) {
      BoundTask task =
          engine.bind(
              Woven.definition("Local.big")
                  .returns(ReturnKind.VALUE, null, Codecs.string())
                  .build());
      AtomicInteger runs = new AtomicInteger();
      String big = "x".repeat(1_000);
      assertThat(call(engine, task, "k", () -> big + runs.incrementAndGet())).isEqualTo(big + 1);
      assertThat(call(engine, task, "k", () -> "ran " + runs.incrementAndGet())).isEqualTo(big + 1);
      assertThat(runs).hasValue(1);
    }
    assertThat(CapturedLog.warnings()).noneMatch(m -> m.contains("max-result-size"));
  }

  private static Settings settings(String maxResultSize) {
    return Settings.resolve(Map.of("max-result-size", maxResultSize), new Properties(), Map.of());
  }
}
