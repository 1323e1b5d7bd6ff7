package dev.idempotent4j.agent;

import dev.idempotent4j.runtime.spi.TaskInvoker;
import net.bytebuddy.asm.Advice;

/**
 * Woven into an {@code @IdempotentTask} method whose class the processor did not see: there is no
 * key deriver, so the call fails with a message that says to enable the processor.
 *
 * <pre>{@code
 * TaskInvoker.unprocessed("com.acme.Payments", "charge");   // always throws
 * }</pre>
 */
final class UnprocessedAdvice {

  private UnprocessedAdvice() {}

  @Advice.OnMethodEnter
  static void enter(@Advice.Origin("#t") String type, @Advice.Origin("#m") String method) {
    TaskInvoker.unprocessed(type, method);
  }
}
