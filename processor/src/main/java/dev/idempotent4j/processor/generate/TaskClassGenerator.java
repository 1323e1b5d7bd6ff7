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
import dev.idempotent4j.processor.model.TaskModel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Writes, for one class with tasks, the class {@code <Outer_Inner>_Idempotent4j} in the same
 * package: one {@code public static final TaskInvoker} per task (named after the method, {@code
 * $1}, {@code $2} for further overloads), built from a {@code TaskDefinition} whose key deriver and
 * fingerprint function are plain Java methods of the same class, written by {@link
 * KeyDeriverGenerator}. Runs only on clean tasks.
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

  private static final String SUFFIX = "_Idempotent4j";

  private static final ClassName TASK_INVOKER = ClassName.bestGuess(RuntimeNames.TASK_INVOKER);
  private static final ClassName TASK_DEFINITION =
      ClassName.bestGuess(RuntimeNames.TASK_DEFINITION);
  private static final ClassName RETURN_KIND = ClassName.bestGuess(RuntimeNames.RETURN_KIND);
  private static final ClassName ON_IN_PROGRESS =
      ClassName.bestGuess(AnnotationNames.ON_IN_PROGRESS);

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
                """
                The idempotent4j tasks of {@link $L}: key derivers and task definitions,
                generated by idempotent4j-processor. Do not edit; the agent reads the fields.
                """,
                type.getQualifiedName());
    if (elements.getTypeElement("javax.annotation.processing.Generated") != null) {
      spec.addAnnotation(
          AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
              .addMember("value", "$S", generator)
              .build());
    }
    KeyDeriverGenerator derivers = new KeyDeriverGenerator(accessibility);
    List<FieldSpec> escapes = new ArrayList<>();
    List<FieldSpec> invokers = new ArrayList<>();
    List<MethodSpec> methods = new ArrayList<>();
    List<MethodSpec> entryPoints = new ArrayList<>();
    for (Named named : tasks) {
      TaskModel task = named.task();
      KeyDeriverGenerator.Derivers derived = derivers.generate(task, named.field());
      escapes.addAll(derived.escapes());
      methods.addAll(derived.methods());
      entryPoints.add(EntryPointGenerator.entryPoint(task, named.field(), derived));
      invokers.add(
          FieldSpec.builder(
                  TASK_INVOKER, named.field(), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc("{@code $L}\n", task.methodText())
              .initializer(definition(task, generated, derived))
              .build());
    }
    spec.addFields(escapes)
        .addFields(invokers)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethods(entryPoints)
        .addMethods(methods);
    JavaFile.builder(generated.packageName(), spec.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build()
        .writeTo(filer);
  }

  private CodeBlock definition(
      TaskModel task, ClassName generated, KeyDeriverGenerator.Derivers keys) {

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
            .add(".keyDeriver($T::$N)\n", generated, keys.keyMethod())
            .add(
                ".localKeys(args -> $L, $T::$N)\n",
                keys.localKeyOfArgs(),
                generated,
                keys.keyTextMethod());
    if (keys.fingerprintMethod() != null) {
      code.add(".fingerprinter($T::$N)\n", generated, keys.fingerprintMethod());
    }
    code.add(".ttl($L)\n", duration(task.ttl()))
        .add(".lease($L)\n", duration(task.lease()))
        .add(".waitTimeout($L)\n", duration(task.waitTimeout()));
    if (task.maxRunTime() != null) {
      code.add(".maxRunTime($L)\n", duration(task.maxRunTime()));
    }
    code.add(".onInProgress($T.$N)\n", ON_IN_PROGRESS, task.onInProgress());
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
}
