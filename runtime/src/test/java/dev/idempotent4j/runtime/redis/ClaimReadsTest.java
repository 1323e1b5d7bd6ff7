package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.redis.RedisSettings.ReadBeforeClaim;
import org.junit.jupiter.api.Test;

/** The read-before-claim decision, fed outcomes directly: no Redis, no clock. */
class ClaimReadsTest {
  private static final String PAYMENTS = "i4j:Payments.charge:";
  private static final String ORDERS = "i4j:Orders.place:";

  @Test
  void alwaysAndNeverDoNotLearn() {
    ClaimReads always = new ClaimReads(ReadBeforeClaim.ALWAYS);
    ClaimReads never = new ClaimReads(ReadBeforeClaim.NEVER);
    for (int i = 0; i < 100; i++) {
      always.found(always.task(PAYMENTS + i), false);
      never.found(never.task(PAYMENTS + i), true);
    }
    assertThat(always.getFirst(always.task(PAYMENTS + "x"))).isTrue();
    assertThat(never.getFirst(never.task(PAYMENTS + "x"))).isFalse();
  }

  @Test
  void autoStartsWithTheScriptAndSwitchesOnceDuplicatesDominate() {
    ClaimReads reads = new ClaimReads(ReadBeforeClaim.AUTO);
    int task = reads.task(PAYMENTS + "order-1");
    assertThat(reads.getFirst(task)).as("a new task: first executions expected").isFalse();
    int claims = 0;
    while (!reads.getFirst(task)) {
      reads.found(task, true);
      claims++;
    }
    assertThat(claims).as("duplicates until GET first").isBetween(10, 40);
    // the key body does not matter, the task does
    assertThat(reads.getFirst(reads.task(PAYMENTS + "order-2"))).isTrue();
    assertThat(reads.task(PAYMENTS + "a:b:c")).isEqualTo(task);
  }

  @Test
  void hysteresisKeepsTheDecisionWhileTheShareStaysBetweenTheThresholds() {
    ClaimReads reads = new ClaimReads(ReadBeforeClaim.AUTO);
    int task = reads.task(PAYMENTS);
    for (int i = 0; i < 200; i++) {
      reads.found(task, true);
    }
    assertThat(reads.getFirst(task)).isTrue();
    // about 2 duplicates in 3 claims: between 50 % and 75 %, so it stays on GET first
    for (int i = 0; i < 600; i++) {
      reads.found(task, i % 3 != 0);
      assertThat(reads.getFirst(task)).as("claim %d", i).isTrue();
    }
    // mostly first executions: back to the script, and it stays there at 2 in 3 too
    for (int i = 0; i < 200; i++) {
      reads.found(task, false);
    }
    assertThat(reads.getFirst(task)).isFalse();
    for (int i = 0; i < 600; i++) {
      reads.found(task, i % 3 != 0);
      assertThat(reads.getFirst(task)).as("claim %d", i).isFalse();
    }
    // and it re-learns when duplicates dominate again
    for (int i = 0; i < 200; i++) {
      reads.found(task, true);
    }
    assertThat(reads.getFirst(task)).isTrue();
  }

  @Test
  void tasksLearnApart() {
    ClaimReads reads = new ClaimReads(ReadBeforeClaim.AUTO);
    int payments = reads.task(PAYMENTS + "1");
    int orders = reads.task(ORDERS + "1");
    assertThat(payments).isNotEqualTo(orders);
    for (int i = 0; i < 100; i++) {
      reads.found(payments, true);
      reads.found(orders, false);
    }
    assertThat(reads.getFirst(payments)).isTrue();
    assertThat(reads.getFirst(orders)).isFalse();
  }
}
