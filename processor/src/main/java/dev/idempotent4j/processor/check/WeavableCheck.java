package dev.idempotent4j.processor.check;

import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.lang.Methods;
import java.util.Set;
import javax.lang.model.element.Modifier;

/** The agent weaves a method's bytecode: an abstract or native method has none. */
final class WeavableCheck implements TaskCheck {

  @Override
  public void check(CheckedTask task, TaskDraft draft) {
    Set<Modifier> modifiers = task.method().getModifiers();
    if (modifiers.contains(Modifier.ABSTRACT)) {
      boolean inInterface = task.declaringType().getKind().isInterface();
      task.error(
          Problem.METHOD_ABSTRACT,
          null,
          Methods.display(task.method()),
          inInterface ? "it is an interface method without a default body" : "it is abstract");
    }
    if (modifiers.contains(Modifier.NATIVE)) {
      task.error(Problem.METHOD_NATIVE, null, Methods.display(task.method()));
    }
  }
}
