package dev.idempotent4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyKeyHeaderTest {

  @Test
  void bareAndStructuredFieldStringsGiveTheSameKey() {
    assertThat(IdempotencyKeyHeader.parse("8e03978e-40d5")).isEqualTo("8e03978e-40d5");
    assertThat(IdempotencyKeyHeader.parse("\"8e03978e-40d5\"")).isEqualTo("8e03978e-40d5");
    assertThat(IdempotencyKeyHeader.parse("\"a\\\"b\\\\c\"")).isEqualTo("a\"b\\c");
    assertThat(IdempotencyKeyHeader.parse("  padded ")).isEqualTo("padded");
  }

  @Test
  void lengthIsOneTo255() {
    assertThat(IdempotencyKeyHeader.parse("k".repeat(255))).hasSize(255);
    assertThat(IdempotencyKeyHeader.parse("k".repeat(256))).isNull();
    assertThat(IdempotencyKeyHeader.parse("")).isNull();
    assertThat(IdempotencyKeyHeader.parse("\"\"")).isNull();
    assertThat(IdempotencyKeyHeader.parse("\"" + "k".repeat(256) + "\"")).isNull();
  }

  @Test
  void rejectsWhatIsNotPrintableAsciiOrNotAWellFormedString() {
    assertThat(IdempotencyKeyHeader.parse("ключ")).isNull();
    assertThat(IdempotencyKeyHeader.parse("a\tb")).isNull();
    assertThat(IdempotencyKeyHeader.parse("\"open")).isNull();
    assertThat(IdempotencyKeyHeader.parse("\"bad\\n\"")).isNull();
    assertThat(IdempotencyKeyHeader.parse("\"a\";param=1")).isNull();
  }
}
