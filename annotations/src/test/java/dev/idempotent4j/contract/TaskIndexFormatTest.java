package dev.idempotent4j.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The writer's side; the agent's TaskIndexTest reads lines of this shape back. */
class TaskIndexFormatTest {

  @Test
  void aLineIsTheFiveFieldsSeparatedBySingleSpaces() {
    String line =
        TaskIndexFormat.line(
            "com.acme.Payments",
            "charge",
            "(Lcom/acme/Order;)Lcom/acme/Receipt;",
            "com.acme.Payments_Idempotent4j",
            "charge");

    assertThat(line)
        .isEqualTo(
            "com.acme.Payments charge (Lcom/acme/Order;)Lcom/acme/Receipt;"
                + " com.acme.Payments_Idempotent4j charge");
    String[] fields = line.split(TaskIndexFormat.SEPARATOR, -1);
    assertThat(fields).hasSize(TaskIndexFormat.FIELDS);
    assertThat(fields[TaskIndexFormat.DESCRIPTOR_FIELD])
        .startsWith(TaskIndexFormat.DESCRIPTOR_START);
  }

  @Test
  void theHeaderIsACommentAndTheShapeNamesEveryField() {
    assertThat(TaskIndexFormat.HEADER).startsWith(String.valueOf(TaskIndexFormat.COMMENT));
    assertThat(TaskIndexFormat.LINE_SHAPE.split(" <")).hasSize(TaskIndexFormat.FIELDS);
  }
}
