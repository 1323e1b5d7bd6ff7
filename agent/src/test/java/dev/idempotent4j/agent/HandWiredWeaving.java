package dev.idempotent4j.agent;

import dev.idempotent4j.contract.TaskIndexFormat;
import java.lang.reflect.Method;
import java.util.List;
import org.objectweb.asm.Type;

/**
 * {@link AdviceTarget} woven by {@link TaskWeaver} with index lines written by hand, each method
 * bound to its constant in {@link HandWiredInvokers}.
 *
 * <pre>{@code
 * byte[] woven = HandWiredWeaving.weave("number", "text");
 * }</pre>
 */
final class HandWiredWeaving {

  private HandWiredWeaving() {}

  static byte[] weave(String... methods) {
    StringBuilder index = new StringBuilder(TaskIndexFormat.HEADER).append('\n');
    for (String method : methods) {
      index
          .append(AdviceTarget.class.getName())
          .append(' ')
          .append(method)
          .append(' ')
          .append(descriptor(method))
          .append(' ')
          .append(HandWiredInvokers.class.getName())
          .append(' ')
          .append(method)
          .append('\n');
    }
    List<TaskIndex.Entry> entries =
        TaskIndex.parse(index.toString(), "test").entries(AdviceTarget.class.getName());
    return TaskWeaver.weave(
        AdviceTarget.class.getName(),
        WovenClasses.classFileOf(AdviceTarget.class),
        entries,
        HandWiredWeaving.class.getClassLoader());
  }

  private static String descriptor(String method) {
    for (Method candidate : AdviceTarget.class.getDeclaredMethods()) {
      if (candidate.getName().equals(method)) {
        return Type.getMethodDescriptor(candidate);
      }
    }
    throw new AssertionError("AdviceTarget has no method " + method);
  }
}
