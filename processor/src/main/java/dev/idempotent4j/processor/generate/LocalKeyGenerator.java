package dev.idempotent4j.processor.generate;

import static dev.idempotent4j.processor.generate.KeyDeriverGenerator.KEY_BUILDER;
import static dev.idempotent4j.processor.generate.KeyDeriverGenerator.KEY_DERIVATION_EXCEPTION;
import static dev.idempotent4j.processor.generate.KeyDeriverGenerator.KEY_HEAD;
import static dev.idempotent4j.processor.generate.KeyDeriverGenerator.LOCAL_KEY;
import static dev.idempotent4j.processor.generate.KeyDeriverGenerator.PARTS;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.idempotent4j.processor.lang.Accessibility;
import dev.idempotent4j.processor.model.KeyTemplate;
import dev.idempotent4j.processor.model.ResolvedPath;
import dev.idempotent4j.processor.model.TaskModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeMirror;

/**
 * Writes a task's local key and the key text of a local key (see {@link KeyDeriverGenerator} for
 * what they look like): the local key reads the key's paths from its root parameters, each step
 * null-checked, and holds each value as {@link LocalKeyForm} says; the key text casts the parts
 * back and writes them with {@code KeyBuilder}, in one string concatenation.
 *
 * <pre>{@code
 * LocalKeyGenerator keys = new LocalKeyGenerator(accessibility);
 * MethodSpec localKey = keys.localKey(task, "chargeLocalKey", "CHARGE_KEY_ESCAPES", List.of(0));
 * MethodSpec keyText = keys.keyText(task, "chargeKeyText", "CHARGE_KEY_ESCAPES");
 * }</pre>
 */
final class LocalKeyGenerator {

  private final Accessibility accessibility;

  /** A generator for tasks of one class; {@code accessibility} is its generated class's. */
  LocalKeyGenerator(Accessibility accessibility) {
    this.accessibility = accessibility;
  }

  /** The name of the local key's (and the entry point's) parameter {@code index}. */
  static String argument(int index) {
    return "arg$" + index;
  }

  /**
   * The type of the entry point's and local key's parameter for {@code type}: the primitive itself,
   * else {@code Object} (the woven method's value needs no cast on the hit path, and a parameter
   * type the generated class cannot name is no obstacle).
   */
  static TypeName argumentType(TypeMirror type) {
    return type.getKind().isPrimitive() ? TypeName.get(type) : ClassName.OBJECT;
  }

  MethodSpec localKey(TaskModel task, String name, String escapes, List<Integer> roots) {
    MethodSpec.Builder method =
        KeyDeriverGenerator.derivationMethod(name, task).returns(Object.class);
    for (int index : roots) {
      TypeMirror type = task.method().getParameters().get(index).asType();
      method.addParameter(argumentType(type), argument(index));
    }
    if (task.keyPaths().isEmpty()) {
      // No placeholder: every call of the task has the one key.
      return method.addStatement("return $S", "").build();
    }
    Set<String> declared = new HashSet<>();
    List<CodeBlock> parts = new ArrayList<>();
    for (ResolvedPath path : task.keyPaths()) {
      String value = declareKeyPath(method, task, path, declared);
      parts.add(localValue(path, value, escapes));
    }
    if (parts.size() == 1) {
      return method.addStatement("return $L", parts.get(0)).build();
    }
    return method.addStatement("return $T.of($L)", List.class, CodeBlock.join(parts, ", ")).build();
  }

  /** The local key's part for the value {@code local} at {@code path}. */
  private static CodeBlock localValue(ResolvedPath path, String local, String escapes) {
    return switch (LocalKeyForm.of(path)) {
      case VALUE -> CodeBlock.of("$N", local);
      case TO_STRING -> CodeBlock.of("$N.toString()", local);
      case TEXT ->
          CodeBlock.of(
              "$T.$N($N, $L)",
              KEY_BUILDER,
              path.form().form().builderMethod(),
              escapes,
              KeyDeriverGenerator.valueExpression(local, path.form()));
    };
  }

  MethodSpec keyText(TaskModel task, String name, String escapes) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(String.class)
            .addParameter(String.class, KEY_HEAD)
            .addParameter(Object.class, LOCAL_KEY);
    if (task.keyPaths().isEmpty()) {
      return method.addStatement("return $N + $S", KEY_HEAD, task.key().source()).build();
    }
    boolean several = task.keyPaths().size() > 1;
    if (several) {
      method.addStatement("$T<?> $N = ($T<?>) $N", List.class, PARTS, List.class, LOCAL_KEY);
    }
    // One string concatenation: a single exact-size allocation, on a miss only.
    CodeBlock.Builder chain = CodeBlock.builder().add("return $N", KeyDeriverGenerator.KEY_HEAD);
    int next = 0;
    for (KeyTemplate.Part part : task.key().parts()) {
      chain.add("\n+ ");
      if (part instanceof KeyTemplate.Literal literal) {
        chain.add("$S", literal.text());
        continue;
      }
      ResolvedPath path = task.keyPaths().get(next);
      LocalKeyForm form = LocalKeyForm.of(path);
      CodeBlock value =
          several
              ? CodeBlock.of("$N.get($L)", PARTS, next)
              : CodeBlock.of("$N", KeyDeriverGenerator.LOCAL_KEY);
      if (form == LocalKeyForm.TEXT) {
        chain.add("$L", form.keyText(path, value)); // escaped already
      } else {
        chain.add(
            "$T.$N($N, $L)",
            KEY_BUILDER,
            path.form().form().builderMethod(),
            escapes,
            form.keyText(path, value));
      }
      next++;
    }
    return method.addStatement("$L", chain.build()).build();
  }

  /** Declares the locals of {@code path} not declared yet, each null-checked; returns the last. */
  private String declareKeyPath(
      MethodSpec.Builder method, TaskModel task, ResolvedPath path, Set<String> declared) {
    String receiver = KeyDeriverGenerator.local(path.path().subList(0, 1));
    if (declared.add(receiver)) {
      declareArgument(method, path, receiver);
      if (KeyDeriverGenerator.isReference(path.parameterType())) {
        nullCheck(method, task, receiver, path.prefix(1));
      }
    }
    for (int i = 0; i < path.steps().size(); i++) {
      ResolvedPath.Step step = path.steps().get(i);
      String local = KeyDeriverGenerator.local(path.path().subList(0, i + 2));
      if (declared.add(local)) {
        method.addStatement(
            "$L $N = $N.$L",
            KeyDeriverGenerator.localType(accessibility, step.type()),
            local,
            receiver,
            step.access());
        if (KeyDeriverGenerator.isReference(step.type())) {
          nullCheck(method, task, local, path.prefix(i + 2));
        }
      }
      receiver = local;
    }
    return receiver;
  }

  private void nullCheck(MethodSpec.Builder method, TaskModel task, String local, String path) {
    method
        .beginControlFlow("if ($N == null)", local)
        .addStatement(
            "throw $T.nullOnPath($S, $S, $S)",
            KEY_DERIVATION_EXCEPTION,
            task.name(),
            task.key().source(),
            path)
        .endControlFlow();
  }

  /** Declares {@code local} as the local key's parameter of {@code path}'s root, cast. */
  private static void declareArgument(MethodSpec.Builder method, ResolvedPath path, String local) {
    TypeMirror type = path.parameterType();
    String argument = argument(path.parameterIndex());
    if (type.getKind().isPrimitive()) {
      method.addStatement("$T $N = $N", TypeName.get(type), local, argument);
    } else {
      method.addStatement(
          "$T $N = ($T) $N", TypeName.get(type), local, TypeName.get(type), argument);
    }
  }
}
