package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.agent.testing.ForkedJvm;
import dev.idempotent4j.fixture.Scenarios;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's one-JVM guarantees, each in a fresh JVM started with {@code -javaagent} and the shaded
 * jar, on classes compiled by the real processor ({@code dev.idempotent4j.fixture.Tasks}).
 */
class TaskScenariosIT {

  private static ForkedJvm.Result scenario(String name) {
    ForkedJvm.Result result =
        ForkedJvm.withAgent("prefix=it").mainClass(Scenarios.class).args(name).run();
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.value("done")).as(result.toString()).isEqualTo("true");
    return result;
  }

  @Test
  void sixteenThreadsOnOneKeyShareOneExecutionAndOneResult() {
    ForkedJvm.Result result = scenario("same-key");

    assertThat(result.value("executions")).isEqualTo("1");
    assertThat(result.value("calls")).isEqualTo("16");
    assertThat(result.value("distinct")).isEqualTo("[returned result-k-run1]");
  }

  @Test
  void differentKeysRunInParallel() {
    ForkedJvm.Result result = scenario("different-keys");

    // Each task waits at a barrier for the others: it trips only if all four run at once.
    assertThat(result.value("executions")).isEqualTo("4");
    assertThat(result.value("distinct"))
        .isEqualTo(
            "[returned together-key0, returned together-key1, returned together-key2,"
                + " returned together-key3]");
  }

  @Test
  void anOrdinaryFailureReleasesTheKeySoARetryRunsAgain() {
    ForkedJvm.Result result = scenario("retry-after-failure");

    assertThat(result.value("first"))
        .isEqualTo("threw java.lang.IllegalStateException: transient failure, run 1");
    assertThat(result.value("retry")).isEqualTo("returned ok-run2");
    assertThat(result.value("again")).isEqualTo("returned ok-run2");
    assertThat(result.value("executions")).isEqualTo("2");
  }

  @Test
  void aCachedFailureIsReplayedWithoutRunning() {
    ForkedJvm.Result result = scenario("cached-failure");

    assertThat(result.value("first"))
        .isEqualTo("threw dev.idempotent4j.fixture.PaymentDeclined: card declined, run 1");
    assertThat(result.value("duplicate"))
        .startsWith("threw dev.idempotent4j.fixture.PaymentDeclined")
        .contains("card declined, run 1");
    assertThat(result.value("executions")).isEqualTo("1");
  }

  @Test
  void afterTheTtlTheTaskRunsAgain() {
    ForkedJvm.Result result = scenario("ttl");

    assertThat(result.value("first")).isEqualTo("returned run1");
    assertThat(result.value("duplicate")).isEqualTo("returned run1");
    assertThat(result.value("afterTtl")).isEqualTo("returned run2");
    assertThat(result.value("executions")).isEqualTo("2");
  }

  @Test
  void anotherFingerprintForTheSameKeyIsKeyReuseAndRunsNothing() {
    ForkedJvm.Result result = scenario("fingerprint");

    assertThat(result.value("first")).startsWith("returned Receipt[orderId=o1, amountCents=100");
    assertThat(result.value("same")).isEqualTo(result.value("first"));
    assertThat(result.value("other"))
        .startsWith("threw dev.idempotent4j.runtime.KeyReuseException");
    assertThat(result.value("executions")).isEqualTo("1");
  }

  @Test
  void throwAnswersAtOnceWhileTheFirstCallRuns() {
    ForkedJvm.Result result = scenario("throw-in-progress");

    assertThat(result.value("duplicate"))
        .startsWith("threw dev.idempotent4j.runtime.TaskInProgressException");
    assertThat(result.value("first")).isEqualTo("returned slow-run1");
    assertThat(result.value("executions")).isEqualTo("1");
  }

  @Test
  void waitHandsOverTheFirstResult() {
    ForkedJvm.Result result = scenario("wait-in-progress");

    assertThat(result.value("first")).isEqualTo("returned wait-run1");
    assertThat(result.value("duplicate")).isEqualTo("returned wait-run1");
    assertThat(result.value("executions")).isEqualTo("1");
  }

  @Test
  void anAsyncTaskRunsOnceAndEveryFutureGetsItsValue() {
    ForkedJvm.Result result = scenario("async");

    assertThat(result.value("calls")).isEqualTo("16");
    assertThat(result.value("executions")).isEqualTo("1");
    assertThat(result.value("distinct")).isEqualTo("[async-a-run1]");
  }

  @Test
  void recordsRoundTrip() {
    ForkedJvm.Result result = scenario("records");

    assertThat(result.value("first"))
        .isEqualTo("Receipt[orderId=r1, amountCents=250, lines=[charged 250]]");
    assertThat(result.value("second")).isEqualTo(result.value("first"));
    assertThat(result.value("equal")).isEqualTo("true");
    assertThat(result.value("executions")).isEqualTo("1");
  }

  @Test
  void separatorsInsideValuesNeverCollide() {
    ForkedJvm.Result result = scenario("colliding-keys");

    assertThat(result.value("xy_z")).isEqualTo("returned pair-run1");
    assertThat(result.value("x_yz")).isEqualTo("returned pair-run2");
    assertThat(result.value("xy_z.again")).isEqualTo("returned pair-run1");
    assertThat(result.value("executions")).isEqualTo("2");
  }

  @Test
  void staticPrivateVoidPrimitiveSelfCalledAndBridgedTasksAreWoven() {
    ForkedJvm.Result result = scenario("woven-kinds");

    assertThat(result.value("static")).isEqualTo("returned 1,returned 1");
    assertThat(result.value("private")).isEqualTo("returned 1");
    assertThat(result.value("void")).isEqualTo("returned ran twice");
    assertThat(result.value("boolean")).isEqualTo("returned true");
    assertThat(result.value("generic"))
        .isEqualTo("returned generic-g-run1,returned generic-g-run1");
    assertThat(result.value("executions.generic")).isEqualTo("1");
    assertThat(result.value("executions.static")).isEqualTo("1");
    assertThat(result.value("executions.private")).isEqualTo("1");
    assertThat(result.value("executions.void")).isEqualTo("1");
    assertThat(result.value("executions.boolean")).isEqualTo("1");
  }
}
