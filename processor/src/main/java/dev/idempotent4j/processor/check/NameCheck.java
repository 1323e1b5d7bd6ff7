package dev.idempotent4j.processor.check;

import dev.idempotent4j.contract.TaskNameSyntax;
import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.lang.Methods;
import java.util.Optional;

/**
 * The task name (default {@code SimpleClassName.method}) follows {@link TaskNameSyntax}, the
 * runtime's rule too, and is not taken by another task of this compilation.
 */
final class NameCheck implements TaskCheck {

  private final TaskNames names;

  NameCheck(TaskNames names) {
    this.names = names;
  }

  @Override
  public void check(CheckedTask task, TaskDraft draft) {
    String written = task.annotation().name();
    String name =
        written.isEmpty()
            ? task.declaringType().getSimpleName() + "." + task.method().getSimpleName()
            : written;
    draft.name = name;
    if (!TaskNameSyntax.isValid(name)) {
      task.error(Problem.NAME_SYNTAX, task.annotation().value("name"), name);
      return;
    }
    Optional<String> owner = names.claim(name, Methods.qualified(task.method()));
    if (owner.isPresent()) {
      task.error(Problem.NAME_DUPLICATE, task.annotation().value("name"), name, owner.get());
    }
  }
}
