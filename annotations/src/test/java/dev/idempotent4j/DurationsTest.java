package dev.idempotent4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "5m, PT5M",
    "24h, PT24H",
    "7d, PT168H",
    "PT24H, PT24H",
    "pt1m30s, PT1M30S",
    " 30s , PT30S"
  })
  void parsesShortAndIsoForms(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "30", "s", "30x", "3.5s", "-5s", "0s", "PT0S", "PTX", "1y"})
  void rejectsWithAMessageThatQuotesTheTextAndTheForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "' is not a duration")
        .hasMessageContaining("500ms, 30s, 5m, 24h, 7d");
  }

  @org.junit.jupiter.api.Test
  void aNumberOfDaysPastWhatADurationHoldsIsRejectedNotAnArithmeticException() {
    assertThatThrownBy(() -> Durations.parse("999999999999999d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the number is too large");
  }

  @org.junit.jupiter.api.Test
  void attributesHaveUpperBounds() {
    assertThat(Durations.bounded("ttl", Duration.ofDays(365))).isEqualTo(Duration.ofDays(365));
    assertThat(Durations.bounded("lease", Duration.ofDays(1))).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.bounded("maxRunTime", Duration.ofDays(365)))
        .isEqualTo(Duration.ofDays(365));
    assertThatThrownBy(() -> Durations.bounded("maxRunTime", Duration.ofDays(366)))
        .hasMessageContaining("longest maxRunTime");
    assertThatThrownBy(() -> Durations.bounded("lease", Duration.ofDays(110_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("it is longer than 1d, the longest lease");
    assertThatThrownBy(() -> Durations.bounded("ttl", Duration.ofDays(366)))
        .hasMessageStartingWith("it is longer than 365d, the longest ttl");
    assertThatThrownBy(() -> Durations.bounded("waitTimeout", Duration.ofHours(25)))
        .hasMessageStartingWith("it is longer than 1d, the longest waitTimeout");
  }
}
