package dev.idempotent4j.agent;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * The agent's advice classes, described from their class files rather than loaded: their signatures
 * mention runtime types ({@code TaskInvoker}, {@code Replay}) that only the application's class
 * loader may see.
 *
 * <pre>{@code
 * AdviceTypes advice = new AdviceTypes();
 * builder.visit(advice.unprocessed().on(isAnnotatedWith(named(ANNOTATION))));
 * }</pre>
 */
final class AdviceTypes {

  private final ClassFileLocator agentClasses;
  private final TypeDescription task;
  private final TypeDescription unprocessed;
  private final TypeDescription refused;

  AdviceTypes() {
    ClassLoader agentLoader = AdviceTypes.class.getClassLoader();
    agentClasses =
        agentLoader == null
            ? ClassFileLocator.ForClassLoader.ofBootLoader()
            : ClassFileLocator.ForClassLoader.of(agentLoader);
    TypePool pool = TypePool.Default.of(agentClasses);
    task = pool.describe(TaskAdvice.class.getName()).resolve();
    unprocessed = pool.describe(UnprocessedAdvice.class.getName()).resolve();
    refused = pool.describe(RefusedAdvice.class.getName()).resolve();
  }

  /** The task advice, calling the invoker held by {@code mapping}'s bound constant. */
  Advice task(Advice.WithCustomMapping mapping) {
    return mapping.to(task, agentClasses);
  }

  Advice unprocessed() {
    return Advice.to(unprocessed, agentClasses);
  }

  Advice refused(String failure) {
    return Advice.withCustomMapping()
        .bind(RefusedAdvice.Failure.class, failure)
        .to(refused, agentClasses);
  }
}
