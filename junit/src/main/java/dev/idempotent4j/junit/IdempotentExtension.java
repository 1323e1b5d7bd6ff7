package dev.idempotent4j.junit;

import dev.idempotent4j.agent.IdempotencyAgent;
import dev.idempotent4j.runtime.WeavingCheck;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes the {@code @IdempotentTask} methods a test calls deduplicate as they do in production:
 * before the test class's first test it attaches the idempotent4j agent to the test JVM (unless
 * {@code -javaagent} or an earlier test did), which weaves task classes loaded before and after,
 * and then checks that every task the test's class path lists is woven. If the agent cannot attach,
 * or a task stays bare, the test class fails with the reason instead of testing code that runs
 * without deduplication.
 *
 * <pre>{@code
 * @ExtendWith(IdempotentExtension.class)
 * class PaymentsTest {
 *   @Test
 *   void chargesOnce() {
 *     payments.charge(order);
 *     payments.charge(order);   // a duplicate: replayed, not run
 *   }
 * }
 * }</pre>
 *
 * <p>Self-attach needs a JDK (the {@code jdk.attach} module); on JDK 21 and later start the test
 * JVM with {@code -XX:+EnableDynamicAgentLoading} (surefire's {@code argLine}) to avoid the JVM's
 * warning. Classes woven at build time ({@code idempotent4j-maven-plugin}, goal {@code
 * weave-tests}) need no agent; the agent leaves them as they are.
 */
public final class IdempotentExtension implements BeforeAllCallback {

  /** Created by JUnit ({@code @ExtendWith}). */
  public IdempotentExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    try {
      IdempotencyAgent.install();
    } catch (IllegalStateException | LinkageError cannotAttach) {
      throw new ExtensionConfigurationException(
          "idempotent4j could not attach its agent to the test JVM, so the @IdempotentTask"
              + " methods under test would run without deduplication: "
              + cannotAttach.getMessage()
              + " Run the tests on a JDK with -javaagent:idempotent4j-agent.jar (surefire"
              + " argLine), or weave the test classes at build time (idempotent4j-maven-plugin,"
              + " goal weave-tests).",
          cannotAttach);
    }
    requireWoven(WeavingCheck.unwovenTasks(context.getRequiredTestClass().getClassLoader()));
  }

  /** Fails the test class when a listed task is still not woven after the agent attached. */
  static void requireWoven(List<String> unwoven) {
    if (!unwoven.isEmpty()) {
      throw new ExtensionConfigurationException(
          "idempotent4j: these @IdempotentTask methods are not woven although the agent is"
              + " attached, so they would run without deduplication: "
              + String.join(", ", unwoven)
              + ". The agent printed why on standard error ([idempotent4j] ERROR ...).");
    }
  }
}
