package dev.idempotent4j.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs the sample as README.md does: a fresh JVM with the packaged agent attached. */
class PaymentConsumerIT {

  private static final Pattern LINE =
      Pattern.compile("delivery (\\d)  (PAY-\\d{3})\\s+(charged|duplicate)\\s+-> (worker-R\\d) .*");

  @Test
  void chargesEachPaymentOnceAndHandsDuplicatesTheFirstReceipt() throws Exception {
    String agentJar = System.getProperty("idempotent4j.test.agent-jar");
    assertThat(agentJar).as("failsafe passes the agent jar's path").isNotBlank();
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agentJar,
                "-cp",
                System.getProperty("java.class.path"),
                PaymentConsumer.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    List<String> lines = output.lines().collect(Collectors.toList());
    assertThat(lines).last().isEqualTo("3 payments charged, 3 duplicates skipped");
    List<Matcher> deliveries =
        lines.stream().map(LINE::matcher).filter(Matcher::matches).collect(Collectors.toList());
    assertThat(deliveries).hasSize(6);
    Map<String, List<String>> receiptsByPayment =
        deliveries.stream()
            .collect(
                Collectors.groupingBy(
                    m -> m.group(2), Collectors.mapping(m -> m.group(4), Collectors.toList())));
    assertThat(receiptsByPayment).containsOnlyKeys("PAY-001", "PAY-002", "PAY-003");
    receiptsByPayment.forEach(
        (payment, receipts) -> assertThat(receipts).as(payment).containsOnly(receipts.get(0)));
    assertThat(deliveries.stream().filter(m -> m.group(3).equals("charged"))).hasSize(3);
  }
}
