package dev.idempotent4j.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.idempotent4j.contract.RuntimeNames;
import dev.idempotent4j.processor.lang.Accessibility;
import dev.idempotent4j.processor.model.KeyTemplate;
import dev.idempotent4j.processor.model.ResolvedPath;
import dev.idempotent4j.processor.model.TaskModel;
import dev.idempotent4j.processor.model.ValueForm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Writes the key deriver and the fingerprint function of one task as plain Java: private static
 * methods of the generated class, with the {@code KeyBuilder.Escapes} constants they use.
 *
 * <pre>{@code
 * private static final KeyBuilder.Escapes CHARGE_KEY_ESCAPES = KeyBuilder.Escapes.of(":");
 *
 * private static String chargeKey(String head, Object[] args) {
 *   Order order = (Order) args[0];
 *   if (order == null) throw KeyDerivationException.nullOnPath(...);
 *   long order$id = order.id();
 *   return head + "charge:" + KeyBuilder.number(CHARGE_KEY_ESCAPES, order$id);
 * }
 * }</pre>
 *
 * <p>Casts, a null check per reference step (a null fails with {@code KeyDerivationException}
 * naming the path; in a fingerprint it is written as a null marker), explicit unboxing, and one
 * {@code KeyBuilder} call per value, joined in one string concatenation.
 */
final class KeyDeriverGenerator {

  private static final ClassName KEY_BUILDER = ClassName.bestGuess(RuntimeNames.KEY_BUILDER);
  private static final ClassName ESCAPES = ClassName.bestGuess(RuntimeNames.KEY_BUILDER_ESCAPES);
  private static final ClassName KEY_DERIVATION_EXCEPTION =
      ClassName.bestGuess(RuntimeNames.KEY_DERIVATION_EXCEPTION);
  private static final String FINGERPRINT_SEPARATOR = ",";

  /** The derivation methods' parameters: the key's {@code prefix:name:}, the call's arguments. */
  private static final String KEY_HEAD = "head";

  private static final String ARGS = "args";

  private final Accessibility accessibility;

  /** A generator for tasks of one class; {@code accessibility} is its generated class's. */
  KeyDeriverGenerator(Accessibility accessibility) {
    this.accessibility = accessibility;
  }

  /**
   * What one task's derivation adds to the generated class.
   *
   * @param escapes the escapes constants, key first
   * @param methods the key deriver, then the fingerprint function if there is one
   * @param keyMethod the key deriver's name
   * @param fingerprintMethod the fingerprint function's name, or {@code null} without fingerprint
   */
  record Derivers(
      List<FieldSpec> escapes,
      List<MethodSpec> methods,
      String keyMethod,
      String fingerprintMethod) {}

  /** The derivers of {@code task}, whose invoker field is {@code field}. */
  Derivers generate(TaskModel task, String field) {
    List<FieldSpec> escapes = new ArrayList<>();
    List<MethodSpec> methods = new ArrayList<>();
    String keyMethod = field + "Key";
    String keyEscapes = constant(field) + "_KEY_ESCAPES";
    if (!task.keyPaths().isEmpty()) {
      escapes.add(escapesField(keyEscapes, separators(task.key().literalText())));
    }
    methods.add(keyDeriver(task, keyMethod, keyEscapes));
    String fingerprintMethod = null;
    if (!task.fingerprint().isEmpty()) {
      fingerprintMethod = field + "Fingerprint";
      String fingerprintEscapes = constant(field) + "_FINGERPRINT_ESCAPES";
      escapes.add(escapesField(fingerprintEscapes, FINGERPRINT_SEPARATOR));
      methods.add(fingerprinter(task, fingerprintMethod, fingerprintEscapes));
    }
    return new Derivers(escapes, methods, keyMethod, fingerprintMethod);
  }

  private MethodSpec keyDeriver(TaskModel task, String name, String escapes) {
    MethodSpec.Builder method =
        derivationMethod(name, task)
            .addParameter(String.class, KEY_HEAD)
            .addParameter(Object[].class, ARGS);
    if (task.keyPaths().isEmpty()) {
      return method.addStatement("return $N + $S", KEY_HEAD, task.key().source()).build();
    }
    Set<String> declared = new HashSet<>();
    List<String> values = new ArrayList<>();
    for (ResolvedPath path : task.keyPaths()) {
      values.add(declareKeyPath(method, task, path, declared));
    }
    // One string concatenation: a single exact-size allocation on every call of the task.
    CodeBlock.Builder chain = CodeBlock.builder().add("return $N", KEY_HEAD);
    int next = 0;
    for (KeyTemplate.Part part : task.key().parts()) {
      chain.add("\n+ ");
      if (part instanceof KeyTemplate.Literal literal) {
        chain.add("$S", literal.text());
      } else {
        ResolvedPath path = task.keyPaths().get(next);
        chain.add(
            "$T.$N($N, $L)",
            KEY_BUILDER,
            path.form().form().builderMethod(),
            escapes,
            valueExpression(values.get(next), path.form()));
        next++;
      }
    }
    return method.addStatement("$L", chain.build()).build();
  }

  /** Declares the locals of {@code path} not declared yet, each null-checked; returns the last. */
  private String declareKeyPath(
      MethodSpec.Builder method, TaskModel task, ResolvedPath path, Set<String> declared) {
    String receiver = local(path.path().subList(0, 1));
    if (declared.add(receiver)) {
      declareParameter(method, path, receiver);
      if (isReference(path.parameterType())) {
        nullCheck(method, task, receiver, path.prefix(1));
      }
    }
    for (int i = 0; i < path.steps().size(); i++) {
      ResolvedPath.Step step = path.steps().get(i);
      String local = local(path.path().subList(0, i + 2));
      if (declared.add(local)) {
        method.addStatement(
            "$L $N = $N.$L", localType(step.type()), local, receiver, step.access());
        if (isReference(step.type())) {
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

  private MethodSpec fingerprinter(TaskModel task, String name, String escapes) {
    MethodSpec.Builder method = derivationMethod(name, task).addParameter(Object[].class, ARGS);
    method.addStatement("$T fingerprint = new $T($N)", KEY_BUILDER, KEY_BUILDER, escapes);
    Set<String> parameters = new LinkedHashSet<>();
    for (ResolvedPath path : task.fingerprint()) {
      String local = local(path.path().subList(0, 1));
      if (parameters.add(local)) {
        declareParameter(method, path, local);
      }
    }
    boolean first = true;
    for (ResolvedPath path : task.fingerprint()) {
      if (!first) {
        method.addStatement("fingerprint.literal($S)", FINGERPRINT_SEPARATOR);
      }
      first = false;
      method.addComment("$L", path.dotted());
      CodeBlock.Builder part = CodeBlock.builder();
      fingerprintPart(part, path, 0, local(path.path().subList(0, 1)), path.parameterType());
      method.addCode(part.build());
    }
    return method.addStatement("return fingerprint.build()").build();
  }

  /** Appends the value at {@code path} from step {@code index} on; a null anywhere is written. */
  private void fingerprintPart(
      CodeBlock.Builder code,
      ResolvedPath path,
      int index,
      String receiver,
      TypeMirror receiverType) {
    boolean nullable = isReference(receiverType);
    if (nullable) {
      code.beginControlFlow("if ($N == null)", receiver)
          .addStatement("fingerprint.nullValue()")
          .nextControlFlow("else");
    }
    if (index == path.steps().size()) {
      code.addStatement(
          "fingerprint.$N($L)",
          path.form().form().builderMethod(),
          valueExpression(receiver, path.form()));
    } else {
      ResolvedPath.Step step = path.steps().get(index);
      String local = local(path.path().subList(0, index + 2));
      code.addStatement("$L $N = $N.$L", localType(step.type()), local, receiver, step.access());
      fingerprintPart(code, path, index + 1, local, step.type());
    }
    if (nullable) {
      code.endControlFlow();
    }
  }

  private MethodSpec.Builder derivationMethod(String name, TaskModel task) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(String.class);
    boolean generic = false;
    for (ResolvedPath path : task.keyPaths()) {
      generic |= isParameterized(path.parameterType());
    }
    for (ResolvedPath path : task.fingerprint()) {
      generic |= isParameterized(path.parameterType());
    }
    if (generic) {
      method.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class)
              .addMember("value", "$S", "unchecked")
              .build());
    }
    return method;
  }

  private void declareParameter(MethodSpec.Builder method, ResolvedPath path, String local) {
    TypeMirror type = path.parameterType();
    TypeName name = TypeName.get(type);
    TypeName cast = type.getKind().isPrimitive() ? name.box() : name;
    method.addStatement("$T $N = ($T) $N[$L]", name, local, cast, ARGS, path.parameterIndex());
  }

  private static CodeBlock valueExpression(String local, ValueForm form) {
    return form.unbox() == null
        ? CodeBlock.of("$N", local)
        : CodeBlock.of("$N.$N()", local, form.unbox());
  }

  /** The declared type of a local: the type itself when the generated code can name it. */
  private CodeBlock localType(TypeMirror type) {
    if (type.getKind().isPrimitive()
        || (nameable(type) && accessibility.typeProblem(type).isEmpty())) {
      return CodeBlock.of("$T", TypeName.get(type));
    }
    return CodeBlock.of("var");
  }

  private static boolean nameable(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return nameable(((ArrayType) type).getComponentType());
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return type.getKind().isPrimitive();
    }
    for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
      if (!nameable(argument)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isParameterized(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && !((DeclaredType) type).getTypeArguments().isEmpty();
  }

  private static boolean isReference(TypeMirror type) {
    return !type.getKind().isPrimitive();
  }

  /** The local holding the value at {@code path}: names joined by {@code $}. */
  private static String local(List<String> path) {
    String name = String.join("$", path);
    boolean taken = name.equals(ARGS) || name.equals(KEY_HEAD) || name.equals("fingerprint");
    return taken ? name + "$" : name;
  }

  private static FieldSpec escapesField(String name, String separators) {
    return FieldSpec.builder(ESCAPES, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$T.of($S)", ESCAPES, separators)
        .build();
  }

  /** The distinct characters of the literal text that are not letters or digits. */
  public static String separators(String literalText) {
    StringBuilder separators = new StringBuilder();
    literalText
        .codePoints()
        .filter(c -> !Character.isLetterOrDigit(c))
        .distinct()
        .forEach(separators::appendCodePoint);
    return separators.toString();
  }

  private static String constant(String field) {
    StringBuilder constant = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        constant.append('_');
      }
      constant.append(Character.toUpperCase(c));
    }
    return constant.toString();
  }
}
