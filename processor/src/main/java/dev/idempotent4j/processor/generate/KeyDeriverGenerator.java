package dev.idempotent4j.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.idempotent4j.contract.RuntimeNames;
import dev.idempotent4j.processor.lang.Accessibility;
import dev.idempotent4j.processor.model.ResolvedPath;
import dev.idempotent4j.processor.model.TaskModel;
import dev.idempotent4j.processor.model.ValueForm;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Writes the key deriver, local keys and fingerprint function of one task as plain Java: private
 * static methods of the generated class, with the {@code KeyBuilder.Escapes} constants they use.
 *
 * <pre>{@code
 * private static final KeyBuilder.Escapes CHARGE_KEY_ESCAPES = KeyBuilder.Escapes.of(":");
 *
 * private static Object chargeLocalKey(Object arg$0) {       // the placeholders' values
 *   Order order = (Order) arg$0;
 *   if (order == null) throw KeyDerivationException.nullOnPath(...);
 *   long order$id = order.id();
 *   return order$id;
 * }
 *
 * private static String chargeKeyText(String head, Object localKey) {
 *   return head + "charge:" + KeyBuilder.number(CHARGE_KEY_ESCAPES, ((Number) localKey).longValue());
 * }
 *
 * private static String chargeKey(String head, Object[] args) {
 *   return chargeKeyText(head, chargeLocalKey(args[0]));
 * }
 * }</pre>
 *
 * <p>The local key holds each placeholder's value as {@link LocalKeyForm} says (the value, or its
 * escaped text where its {@code equals} may disagree with the text), a {@code List} of them for
 * several; its parameters are the key's root parameters, references as {@code Object}, so that the
 * task's entry point, whose parameters are the same, calls it without an arguments array. The key
 * text is written from the local key, so every getter on the key's path runs once per call.
 *
 * <p>Casts, a null check per reference step (a null fails with {@code KeyDerivationException}
 * naming the path; in a fingerprint it is written as a null marker), explicit unboxing, and one
 * {@code KeyBuilder} call per value, joined in one string concatenation.
 */
final class KeyDeriverGenerator {

  static final ClassName KEY_BUILDER = ClassName.bestGuess(RuntimeNames.KEY_BUILDER);
  private static final ClassName ESCAPES = ClassName.bestGuess(RuntimeNames.KEY_BUILDER_ESCAPES);
  static final ClassName KEY_DERIVATION_EXCEPTION =
      ClassName.bestGuess(RuntimeNames.KEY_DERIVATION_EXCEPTION);
  private static final String FINGERPRINT_SEPARATOR = ",";

  /** The derivation methods' parameters: the key's {@code prefix:name:}, the call's arguments. */
  static final String KEY_HEAD = "head";

  private static final String ARGS = "args";
  static final String LOCAL_KEY = "localKey";
  static final String PARTS = "parts";

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
   * @param localKeyMethod the local key's name; its parameters are {@code localKeyParameters}
   * @param keyTextMethod the name of the key text of a local key
   * @param localKeyParameters the indexes of the method parameters the local key takes
   * @param localKeyOfArgs the call of the local key with {@code args}' elements
   * @param fingerprintMethod the fingerprint function's name, or {@code null} without fingerprint
   */
  record Derivers(
      List<FieldSpec> escapes,
      List<MethodSpec> methods,
      String keyMethod,
      String localKeyMethod,
      String keyTextMethod,
      List<Integer> localKeyParameters,
      CodeBlock localKeyOfArgs,
      String fingerprintMethod) {

    /** {@code chargeLocalKey(arg$0, ...)} of {@code arguments}: one expression per parameter. */
    CodeBlock callLocalKey(List<CodeBlock> arguments) {
      return callLocalKey(localKeyMethod, arguments);
    }

    static CodeBlock callLocalKey(String localKeyMethod, List<CodeBlock> arguments) {
      return CodeBlock.of("$N($L)", localKeyMethod, CodeBlock.join(arguments, ", "));
    }
  }

  /** The derivers of {@code task}, whose invoker field is {@code field}. */
  Derivers generate(TaskModel task, String field) {
    List<FieldSpec> escapes = new ArrayList<>();
    List<MethodSpec> methods = new ArrayList<>();
    String keyMethod = field + "Key";
    String keyEscapes = constant(field) + "_KEY_ESCAPES";
    if (!task.keyPaths().isEmpty()) {
      escapes.add(escapesField(keyEscapes, separators(task.key().literalText())));
    }
    String localKeyMethod = field + "LocalKey";
    String keyTextMethod = field + "KeyText";
    List<Integer> roots = keyRoots(task);
    LocalKeyGenerator local = new LocalKeyGenerator(accessibility);
    methods.add(local.localKey(task, localKeyMethod, keyEscapes, roots));
    methods.add(local.keyText(task, keyTextMethod, keyEscapes));
    List<CodeBlock> fromArgs = new ArrayList<>();
    for (int index : roots) {
      fromArgs.add(fromArgs(task, index));
    }
    CodeBlock localKeyOfArgs = Derivers.callLocalKey(localKeyMethod, fromArgs);
    methods.add(keyDeriver(keyMethod, localKeyOfArgs, keyTextMethod));
    String fingerprintMethod = null;
    if (!task.fingerprint().isEmpty()) {
      fingerprintMethod = field + "Fingerprint";
      String fingerprintEscapes = constant(field) + "_FINGERPRINT_ESCAPES";
      escapes.add(escapesField(fingerprintEscapes, FINGERPRINT_SEPARATOR));
      methods.add(fingerprinter(task, fingerprintMethod, fingerprintEscapes));
    }
    return new Derivers(
        escapes,
        methods,
        keyMethod,
        localKeyMethod,
        keyTextMethod,
        roots,
        localKeyOfArgs,
        fingerprintMethod);
  }

  /** The key text of a call: the text of its local key, so that its getters run once. */
  private static MethodSpec keyDeriver(String name, CodeBlock localKey, String keyTextMethod) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(String.class)
        .addParameter(String.class, KEY_HEAD)
        .addParameter(Object[].class, ARGS)
        .addStatement("return $N($N, $L)", keyTextMethod, KEY_HEAD, localKey)
        .build();
  }

  /** The indexes of the parameters the key's paths start at, in declaration order. */
  private static List<Integer> keyRoots(TaskModel task) {
    Set<Integer> roots = new java.util.TreeSet<>();
    for (ResolvedPath path : task.keyPaths()) {
      roots.add(path.parameterIndex());
    }
    return List.copyOf(roots);
  }

  /** {@code args[i]} as the local key's parameter takes it: unboxed for a primitive. */
  private static CodeBlock fromArgs(TaskModel task, int index) {
    TypeMirror type = task.method().getParameters().get(index).asType();
    return type.getKind().isPrimitive()
        ? CodeBlock.of("($T) $N[$L]", TypeName.get(type), ARGS, index)
        : CodeBlock.of("$N[$L]", ARGS, index);
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
      code.addStatement(
          "$L $N = $N.$L", localType(accessibility, step.type()), local, receiver, step.access());
      fingerprintPart(code, path, index + 1, local, step.type());
    }
    if (nullable) {
      code.endControlFlow();
    }
  }

  static MethodSpec.Builder derivationMethod(String name, TaskModel task) {
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

  static CodeBlock valueExpression(String local, ValueForm form) {
    return form.unbox() == null
        ? CodeBlock.of("$N", local)
        : CodeBlock.of("$N.$N()", local, form.unbox());
  }

  /** The declared type of a local: the type itself when the generated code can name it. */
  static CodeBlock localType(Accessibility accessibility, TypeMirror type) {
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

  static boolean isReference(TypeMirror type) {
    return !type.getKind().isPrimitive();
  }

  /** The local holding the value at {@code path}: names joined by {@code $}. */
  static String local(List<String> path) {
    String name = String.join("$", path);
    boolean taken =
        name.equals(ARGS)
            || name.equals(KEY_HEAD)
            || name.equals("fingerprint")
            || name.equals(LOCAL_KEY)
            || name.equals(PARTS);
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
