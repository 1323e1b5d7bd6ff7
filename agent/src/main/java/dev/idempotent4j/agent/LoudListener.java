package dev.idempotent4j.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Prints every weaving error and hands it to {@link TaskClassFileTransformer} on the same thread,
 * which then makes the class's tasks refuse to run. Byte Buddy itself would load the class
 * unchanged.
 *
 * <pre>{@code
 * listener.takeFailure();   // the error of the transformation that just ran on this thread
 * }</pre>
 */
final class LoudListener extends AgentBuilder.Listener.Adapter {

  private final ThreadLocal<Throwable> failure = new ThreadLocal<>();

  @Override
  public void onTransformation(
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      boolean loaded,
      DynamicType dynamicType) {
    AgentLog.info("wove " + type.getName() + (loaded ? " (retransformed)" : ""));
  }

  @Override
  public void onError(
      String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    // Byte Buddy reports the cause and then its own wrapper of it; print the first only.
    if (failure.get() == null) {
      AgentLog.error("could not weave " + typeName + ": " + error, error);
      failure.set(error);
    }
  }

  /** Clears this thread's recorded failure before a transformation. */
  void clear() {
    failure.remove();
  }

  /** The failure recorded on this thread since {@link #clear()}, or {@code null}. */
  Throwable takeFailure() {
    Throwable error = failure.get();
    failure.remove();
    return error;
  }
}
