package dev.idempotent4j.processor.generate;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.idempotent4j.contract.RuntimeNames;
import dev.idempotent4j.processor.model.TaskModel;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;

/**
 * Writes a task's entry point, the static method the woven method calls before its body, with its
 * own arguments (references as {@code Object}, primitives as they are):
 *
 * <pre>{@code
 * public static Object charge$enter(Object arg$0) {
 *   Object localKey;
 *   try {
 *     localKey = chargeLocalKey(arg$0);
 *   } catch (RuntimeException e) {
 *     throw charge.keyDerivationFailed(e);
 *   }
 *   Object hit = charge.localHit(localKey);
 *   return hit != null ? hit : charge.enter(localKey, new Object[] {arg$0});
 * }
 * }</pre>
 *
 * <p>Why a method per task rather than one {@code invoker.enter(args)} call in the stub: a local
 * duplicate hit then needs neither the arguments array nor the key text, and the JIT sees one small
 * monomorphic method per task that it inlines into the woven method. The array is built only for a
 * miss. A task with a fingerprint skips {@code localHit}: its fingerprint, computed from the array,
 * is compared on every call.
 */
final class EntryPointGenerator {

  private EntryPointGenerator() {}

  /** The entry point of {@code task}, whose invoker field is {@code field}. */
  static MethodSpec entryPoint(TaskModel task, String field, KeyDeriverGenerator.Derivers keys) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(field + RuntimeNames.ENTRY_POINT_SUFFIX)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(Object.class)
            .addJavadoc("{@code $L}: the woven method's first call.\n", task.methodText());
    List<CodeBlock> all = new ArrayList<>();
    List<? extends VariableElement> parameters = task.method().getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      String argument = LocalKeyGenerator.argument(i);
      method.addParameter(LocalKeyGenerator.argumentType(parameters.get(i).asType()), argument);
      all.add(CodeBlock.of("$N", argument));
    }
    List<CodeBlock> keyed = new ArrayList<>();
    for (int index : keys.localKeyParameters()) {
      keyed.add(CodeBlock.of("$N", LocalKeyGenerator.argument(index)));
    }
    CodeBlock args = CodeBlock.of("new $T[] {$L}", Object.class, CodeBlock.join(all, ", "));
    method
        .addStatement("$T localKey", Object.class)
        .beginControlFlow("try")
        .addStatement("localKey = $L", keys.callLocalKey(keyed))
        .nextControlFlow("catch ($T e)", RuntimeException.class)
        // Reported as the runtime reports a failed key deriver: the same exception, lastCall reset.
        .addStatement("throw $N.keyDerivationFailed(e)", field)
        .endControlFlow();
    if (!task.fingerprint().isEmpty()) {
      return method.addStatement("return $N.enter(localKey, $L)", field, args).build();
    }
    return method
        .addStatement("$T hit = $N.localHit(localKey)", Object.class, field)
        .addStatement("return hit != null ? hit : $N.enter(localKey, $L)", field, args)
        .build();
  }
}
