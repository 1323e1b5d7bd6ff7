package dev.idempotent4j.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.idempotent4j.contract.AnnotationNames;
import dev.idempotent4j.contract.RuntimeNames;
import dev.idempotent4j.processor.lang.Accessibility;
import dev.idempotent4j.processor.model.KeyTemplate;
import dev.idempotent4j.processor.model.ResolvedPath;
import dev.idempotent4j.processor.model.TaskModel;
import dev.idempotent4j.processor.model.ValueForm;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Writes, for one class with tasks, the class {@code <Outer_Inner>_Idempotent4j} in the same
 * package: one {@code public static final TaskInvoker} per task (named after the method, {@code
 * $1}, {@code $2} for further overloads), built from a {@code TaskDefinition} whose key deriver and
 * fingerprint function are plain Java methods of the same class. Runs only on clean tasks.
 *
 * <pre>{@code
 * public final class Payments_Idempotent4j {
 *   public static final TaskInvoker charge = TaskInvoker.of(TaskDefinition.builder("Payments.charge")
 *       .method("com.acme.Payments.charge(Order)").keyTemplate("charge:{order.id}")
 *       .keyDeriver(Payments_Idempotent4j::chargeKey) ... .build());
 *
 *   private static String chargeKey(String head, Object[] args) {
 *     Order order = (Order) args[0];
 *     if (order == null) throw KeyDerivationException.nullOnPath(...);
 *     long order$id = order.id();
 *     return head + "charge:" + KeyBuilder.number(CHARGE_KEY_ESCAPES, order$id);
 *   }
 * }
 * }</pre>
 */
public final class TaskClassGenerator {

  public static final String SUFFIX = "_Idempotent4j";

  private static final ClassName TASK_INVOKER = ClassName.bestGuess(RuntimeNames.TASK_INVOKER);
  private static final ClassName TASK_DEFINITION =
      ClassName.bestGuess(RuntimeNames.TASK_DEFINITION);
  private static final ClassName RETURN_KIND = ClassName.bestGuess(RuntimeNames.RETURN_KIND);
  private static final ClassName KEY_BUILDER = ClassName.bestGuess(RuntimeNames.KEY_BUILDER);
  private static final ClassName ESCAPES = ClassName.bestGuess(RuntimeNames.KEY_BUILDER_ESCAPES);
  private static final ClassName KEY_DERIVATION_EXCEPTION =
      ClassName.bestGuess(RuntimeNames.KEY_DERIVATION_EXCEPTION);
  private static final ClassName ON_IN_PROGRESS =
      ClassName.bestGuess(AnnotationNames.ON_IN_PROGRESS);
  private static final String FINGERPRINT_SEPARATOR = ",";

  /** The derivation methods' parameters: the key's {@code prefix:name:}, the call's arguments. */
  private static final String KEY_HEAD = "head";

  private static final String ARGS = "args";

  private final Elements elements;
  private final Types types;
  private final Filer filer;
  private final String generator;

  /**
   * A generator writing through {@code filer}; {@code generator} names the processor in the
   * generated classes' {@code @Generated}.
   */
  public TaskClassGenerator(Elements elements, Types types, Filer filer, String generator) {
    this.elements = elements;
    this.types = types;
    this.filer = filer;
    this.generator = generator;
  }

  /**
   * A task as generated: the class and the {@code TaskInvoker} field that hold it.
   *
   * @param task the clean task
   * @param generatedClass the generated class
   * @param field the name of the task's field in it
   */
  public record Generated(TaskModel task, ClassName generatedClass, String field) {}

  /** A task and the name of its field in the generated class. */
  private record Named(TaskModel task, String field) {}

  /** The generated class's name for {@code type}: {@code com.acme.Outer_Inner_Idempotent4j}. */
  static ClassName generatedName(TypeElement type, Elements elements) {
    List<String> names = new ArrayList<>();
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      names.add(0, e.getSimpleName().toString());
    }
    return ClassName.get(
        elements.getPackageOf(type).getQualifiedName().toString(),
        String.join("_", names) + SUFFIX);
  }

  /** Field names in declaration order: the method name, then {@code $1}, {@code $2}. */
  private static List<Named> name(List<TaskModel> tasks) {
    Map<String, Integer> seen = new HashMap<>();
    List<Named> named = new ArrayList<>();
    for (TaskModel task : tasks) {
      String method = task.method().getSimpleName().toString();
      int count = seen.merge(method, 1, Integer::sum);
      named.add(new Named(task, count == 1 ? method : method + "$" + (count - 1)));
    }
    return named;
  }

  /** Writes the generated class holding the clean {@code tasks} of {@code type}. */
  public List<Generated> generate(TypeElement type, List<TaskModel> tasks) throws IOException {
    List<Named> named = name(tasks);
    write(type, named);
    ClassName generated = generatedName(type, elements);
    List<Generated> result = new ArrayList<>();
    for (Named task : named) {
      result.add(new Generated(task.task(), generated, task.field()));
    }
    return result;
  }

  private void write(TypeElement type, List<Named> tasks) throws IOException {
    ClassName generated = generatedName(type, elements);
    Accessibility accessibility = new Accessibility(elements, elements.getPackageOf(type));
    TypeSpec.Builder spec =
        TypeSpec.classBuilder(generated)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addOriginatingElement(type)
            .addJavadoc(
                "The idempotent4j tasks of {@link $L}: key derivers and task definitions,\n"
                    + "generated by idempotent4j-processor. Do not edit; the agent reads the fields.\n",
                type.getQualifiedName());
    if (elements.getTypeElement("javax.annotation.processing.Generated") != null) {
      spec.addAnnotation(
          AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
              .addMember("value", "$S", generator)
              .build());
    }
    List<FieldSpec> escapes = new ArrayList<>();
    List<FieldSpec> invokers = new ArrayList<>();
    List<MethodSpec> methods = new ArrayList<>();
    for (Named named : tasks) {
      TaskModel task = named.task();
      String field = named.field();
      String keyMethod = field + "Key";
      String escapesName = constant(field) + "_KEY_ESCAPES";
      if (!task.keyPaths().isEmpty()) {
        escapes.add(escapesField(escapesName, separators(task.key().literalText())));
      }
      methods.add(keyDeriver(task, keyMethod, escapesName, accessibility));
      String fingerprintMethod = null;
      if (!task.fingerprint().isEmpty()) {
        fingerprintMethod = field + "Fingerprint";
        String fingerprintEscapes = constant(field) + "_FINGERPRINT_ESCAPES";
        escapes.add(escapesField(fingerprintEscapes, FINGERPRINT_SEPARATOR));
        methods.add(fingerprinter(task, fingerprintMethod, fingerprintEscapes, accessibility));
      }
      invokers.add(
          FieldSpec.builder(TASK_INVOKER, field, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc("{@code $L}\n", task.methodText())
              .initializer(definition(task, generated, keyMethod, fingerprintMethod))
              .build());
    }
    spec.addFields(escapes)
        .addFields(invokers)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethods(methods);
    JavaFile.builder(generated.packageName(), spec.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build()
        .writeTo(filer);
  }

  private CodeBlock definition(
      TaskModel task, ClassName generated, String keyMethod, String fingerprintMethod) {
    CodeBlock.Builder code =
        CodeBlock.builder()
            .add("$T.of(\n", TASK_INVOKER)
            .indent()
            .indent()
            .add("$T.builder($S)\n", TASK_DEFINITION, task.name())
            .indent()
            .indent()
            .add(".method($S)\n", task.methodText())
            .add(".keyTemplate($S)\n", task.key().source())
            .add(".keyDeriver($T::$N)\n", generated, keyMethod);
    if (fingerprintMethod != null) {
      code.add(".fingerprinter($T::$N)\n", generated, fingerprintMethod);
    }
    code.add(".ttl($L)\n", duration(task.ttl()))
        .add(".lease($L)\n", duration(task.lease()))
        .add(".waitTimeout($L)\n", duration(task.waitTimeout()))
        .add(".onInProgress($T.$N)\n", ON_IN_PROGRESS, task.onInProgress());
    if (!task.cacheFailures().isEmpty()) {
      CodeBlock.Builder classes = CodeBlock.builder();
      for (int i = 0; i < task.cacheFailures().size(); i++) {
        classes.add(
            i == 0 ? "$T.class" : ", $T.class",
            TypeName.get(types.erasure(task.cacheFailures().get(i))));
      }
      code.add(".cacheFailures($T.of($L))\n", List.class, classes.build());
    }
    code.add(
            ".returns($T.$N, $L, $L)\n",
            RETURN_KIND,
            task.returnKind(),
            task.skipValue(),
            task.codec())
        .add(".build())")
        .unindent()
        .unindent()
        .unindent()
        .unindent();
    return code.build();
  }

  private static CodeBlock duration(Duration duration) {
    return CodeBlock.of("$T.parse($S)", Duration.class, duration.toString());
  }

  private MethodSpec keyDeriver(
      TaskModel task, String name, String escapes, Accessibility accessibility) {
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
      values.add(declareKeyPath(method, task, path, declared, accessibility));
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
      MethodSpec.Builder method,
      TaskModel task,
      ResolvedPath path,
      Set<String> declared,
      Accessibility accessibility) {
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
            "$L $N = $N.$L", localType(step.type(), accessibility), local, receiver, step.access());
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

  private MethodSpec fingerprinter(
      TaskModel task, String name, String escapes, Accessibility accessibility) {
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
      fingerprintPart(
          part, path, 0, local(path.path().subList(0, 1)), path.parameterType(), accessibility);
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
      TypeMirror receiverType,
      Accessibility accessibility) {
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
          "$L $N = $N.$L", localType(step.type(), accessibility), local, receiver, step.access());
      fingerprintPart(code, path, index + 1, local, step.type(), accessibility);
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
  private static CodeBlock localType(TypeMirror type, Accessibility accessibility) {
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
