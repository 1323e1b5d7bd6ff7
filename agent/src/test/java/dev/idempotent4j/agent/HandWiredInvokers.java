package dev.idempotent4j.agent;

import dev.idempotent4j.runtime.TaskInvoker;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;

/**
 * Invoker constants in the shape the processor generates ({@code public static final TaskInvoker}),
 * written by hand for {@link AdviceTarget}, whose methods carry no annotation.
 */
public final class HandWiredInvokers {

  public static final TaskInvoker touch = invoker("touch", ReturnKind.VOID, null);
  public static final TaskInvoker number = invoker("number", ReturnKind.VALUE, 0);
  public static final TaskInvoker big = invoker("big", ReturnKind.VALUE, 0L);
  public static final TaskInvoker flag = invoker("flag", ReturnKind.VALUE, false);
  public static final TaskInvoker ratio = invoker("ratio", ReturnKind.VALUE, 0.0d);
  public static final TaskInvoker text = invoker("text", ReturnKind.VALUE, null);
  public static final TaskInvoker failing = invoker("failing", ReturnKind.VALUE, null);
  public static final TaskInvoker staticText = invoker("staticText", ReturnKind.VALUE, null);
  public static final TaskInvoker secret = invoker("secret", ReturnKind.VALUE, null);

  private HandWiredInvokers() {}

  private static TaskInvoker invoker(String method, ReturnKind kind, Object skipValue) {
    return TaskInvoker.of(
        TaskDefinition.builder("AdviceTarget." + method)
            .method(AdviceTarget.class.getName() + "." + method + "(String)")
            .keyTemplate("{key}")
            .keyDeriver((head, args) -> head + method + ":" + args[0])
            .returns(kind, skipValue, null)
            .build());
  }
}
