package dev.idempotent4j.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskIndexFormatTest {

  private static final List<String> CHARGE =
      List.of(
          "com.acme.Payments",
          "charge",
          "(Lcom/acme/Order;)Lcom/acme/Receipt;",
          "com.acme.Payments_Idempotent4j",
          "charge");

  @Test
  void aWrittenLineReadsBackAsItsFields() {
    String line =
        TaskIndexFormat.line(
            CHARGE.get(0), CHARGE.get(1), CHARGE.get(2), CHARGE.get(3), CHARGE.get(4));

    assertThat(line)
        .isEqualTo(
            "com.acme.Payments charge (Lcom/acme/Order;)Lcom/acme/Receipt;"
                + " com.acme.Payments_Idempotent4j charge");
    assertThat(TaskIndexFormat.fields(line)).isEqualTo(CHARGE);
  }

  @Test
  void commentsAndSurroundingWhiteSpaceAreNotContent() {
    String line = "  " + String.join(" ", CHARGE) + "   # trailing comment";

    assertThat(TaskIndexFormat.fields(line)).isEqualTo(CHARGE);
    assertThat(TaskIndexFormat.fields("# a comment")).isEmpty();
    assertThat(TaskIndexFormat.fields("   ")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com.acme.Broken run",
        "a b (J)V c d e",
        "a b J c d",
        "a  b (J)V c d",
      })
  void aLineOfAnotherShapeIsRefusedNamingTheShape(String line) {
    assertThatThrownBy(() -> TaskIndexFormat.fields(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TaskIndexFormat.LINE_SHAPE);
  }
}
