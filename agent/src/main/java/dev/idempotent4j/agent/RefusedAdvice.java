package dev.idempotent4j.agent;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;

/**
 * Woven into the tasks of a class that could not be woven properly (a missing generated class, a
 * stale index, a Byte Buddy error): the tasks refuse to run rather than run without deduplication.
 *
 * <pre>{@code
 * throw new IdempotencyConfigurationException("idempotent4j could not weave ...");
 * }</pre>
 */
final class RefusedAdvice {

  private RefusedAdvice() {}

  /** Marks the advice parameter bound to the constant text of the weaving failure. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Failure {}

  @Advice.OnMethodEnter
  static void enter(@Failure String failure) {
    // The test keeps a normal path through the advice, so its code after the throw stays valid.
    if (failure != null) {
      throw new IdempotencyConfigurationException(failure);
    }
  }
}
