package dev.idempotent4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskNameSyntaxTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Payments.charge",
        "payments-charge_v2",
        "Payments.charge$2",
        "Outer$Inner.run",
        "7"
      })
  void acceptsLettersDigitsDotsUnderscoresDashesAndDollars(String name) {
    assertThat(TaskNameSyntax.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "pay ments", "payments:charge", "Zahlung.überweisen", "a/b"})
  void rejectsEverythingElse(String name) {
    assertThat(TaskNameSyntax.isValid(name)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void rejectsNull() {
    assertThat(TaskNameSyntax.isValid(null)).isFalse();
  }
}
