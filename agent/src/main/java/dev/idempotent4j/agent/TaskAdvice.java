package dev.idempotent4j.agent;

import dev.idempotent4j.runtime.spi.Replay;
import dev.idempotent4j.runtime.spi.TaskInvoker;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The code woven around a task method: a stub that hands every decision to the runtime. Byte Buddy
 * inlines both methods into the task method; the invoker is the processor's generated constant,
 * read with one {@code GETSTATIC}.
 *
 * <pre>{@code
 * Object entered = Payments_Idempotent4j.charge.enter(args);   // may throw: in progress, reuse...
 * if (entered instanceof Replay) skip the body;
 * returned = TaskInvoker.exit(entered, returned, thrown);      // a thrown exception stays thrown
 * }</pre>
 */
final class TaskAdvice {

  private TaskAdvice() {}

  /** Marks the advice parameter bound to the task's generated {@code TaskInvoker} constant. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Invoker {}

  @Advice.OnMethodEnter(skipOn = Replay.class)
  static Object enter(@Invoker TaskInvoker invoker, @Advice.AllArguments Object[] args) {
    return invoker.enter(args);
  }

  // No suppress: an exception of the runtime must reach the caller, never become a silent run.
  @Advice.OnMethodExit(onThrowable = Throwable.class)
  static void exit(
      @Advice.Enter Object entered,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    returned = TaskInvoker.exit(entered, returned, thrown);
  }
}
