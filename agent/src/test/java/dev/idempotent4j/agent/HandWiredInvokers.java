package dev.idempotent4j.agent;

import dev.idempotent4j.runtime.TaskInvoker;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;

/**
 * Invoker constants and entry points in the shape the processor generates ({@code public static
 * final TaskInvoker}, {@code public static Object <field>$enter(Object)}), written by hand for
 * {@link AdviceTarget}, whose methods carry no annotation. The entry points take the plain path,
 * without local keys, as a {@code Task} built in code does.
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

  public static Object touch$enter(Object key) {
    return touch.enter(new Object[] {key});
  }

  public static Object number$enter(Object key) {
    return number.enter(new Object[] {key});
  }

  public static Object big$enter(Object key) {
    return big.enter(new Object[] {key});
  }

  public static Object flag$enter(Object key) {
    return flag.enter(new Object[] {key});
  }

  public static Object ratio$enter(Object key) {
    return ratio.enter(new Object[] {key});
  }

  public static Object text$enter(Object key) {
    return text.enter(new Object[] {key});
  }

  public static Object failing$enter(Object key) {
    return failing.enter(new Object[] {key});
  }

  public static Object staticText$enter(Object key) {
    return staticText.enter(new Object[] {key});
  }

  public static Object secret$enter(Object key) {
    return secret.enter(new Object[] {key});
  }

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
