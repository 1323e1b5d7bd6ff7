package dev.idempotent4j.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.Idempotency;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the HTTP sample as the README does and checks its story: one charge, replays, a 422. */
class PaymentsHttpSampleTest {

  @AfterEach
  void reset() {
    Idempotency.reset();
  }

  @Test
  void chargesOnceThroughTimeoutsAndRetries() throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Idempotency.reset();
      PaymentsHttpSample.main(new String[0]);
    } finally {
      System.setOut(out);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    out.print(text);
    assertThat(text)
        .contains("-> 201 Location=/charges/ch_1 Idempotent-Replayed=true Set-Cookie=-")
        .contains("-> 422")
        .endsWith("1 card charge for 3 requests and their retries" + System.lineSeparator());
  }
}
