package dev.idempotent4j.agent;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;

/**
 * What happens to a class with tasks that failed to weave: its {@code @IdempotentTask} methods are
 * rewritten to throw {@code IdempotencyConfigurationException} with the cause, because a task that
 * runs without deduplication fails in silence. If even that rewrite fails, the class is given an
 * empty class file, so that defining it fails: it never runs bare.
 *
 * <pre>{@code
 * byte[] refused = refusal.refuse("com.acme.Payments", loader, classFile, cause);
 * }</pre>
 */
final class Refusal {

  private final AdviceTypes advice;

  Refusal(AdviceTypes advice) {
    this.advice = advice;
  }

  static String message(String className, Throwable cause) {
    // Byte Buddy wraps the error in "Failed transformation of ..."; the reason is the root cause.
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "idempotent4j could not weave "
        + className
        + " ("
        + root
        + "), so its @IdempotentTask methods refuse to run instead of running without"
        + " deduplication. Fix the cause and restart.";
  }

  byte[] refuse(String className, ClassLoader loader, byte[] classFile, Throwable cause) {
    String message = message(className, cause);
    try {
      ClassFileLocator locator =
          new ClassFileLocator.Compound(
              ClassFileLocator.Simple.of(className, classFile),
              ClassFileLocator.ForClassLoader.of(loader));
      TypeDescription type = TypePool.Default.of(locator).describe(className).resolve();
      return new ByteBuddy()
          .with(TypeValidation.DISABLED)
          .with(Implementation.Context.Disabled.Factory.INSTANCE)
          .decorate(type, locator)
          .visit(
              advice
                  .refused(message)
                  .on(isAnnotatedWith(named(ClassFileScan.ANNOTATION)).and(not(isAbstract()))))
          .make()
          .getBytes();
    } catch (RuntimeException | LinkageError e) {
      AgentLog.error(
          message + " Rewriting its tasks to refuse failed too, so the class will not load.", e);
      return new byte[0];
    }
  }
}
