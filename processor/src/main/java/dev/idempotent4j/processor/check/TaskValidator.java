package dev.idempotent4j.processor.check;

import com.palantir.javapoet.CodeBlock;
import dev.idempotent4j.Durations;
import dev.idempotent4j.contract.RuntimeNames;
import dev.idempotent4j.contract.TaskNameSyntax;
import dev.idempotent4j.processor.check.KeyTemplateParser.KeyTemplateException;
import dev.idempotent4j.processor.codec.CodecGenerator;
import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.lang.Accessibility;
import dev.idempotent4j.processor.lang.Methods;
import dev.idempotent4j.processor.model.KeyTemplate;
import dev.idempotent4j.processor.model.ResolvedPath;
import dev.idempotent4j.processor.model.TaskAnnotation;
import dev.idempotent4j.processor.model.TaskModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one {@code @IdempotentTask} method and reports every problem it finds at the exact
 * attribute. Returns the {@link TaskModel} only when the method is clean, so the generator never
 * sees a half-valid task.
 *
 * <pre>{@code
 * TaskValidator.Report report = validator.validate(method, mirror);
 * if (report.task() != null) generator.add(report.task());
 * }</pre>
 */
public final class TaskValidator {

  /** The outcome for one method: the task if clean, and how many errors were reported. */
  public record Report(TaskModel task, int errors) {}

  private static final Set<String> TOO_BROAD_FAILURES =
      Set.of(
          "java.lang.Throwable",
          "java.lang.Exception",
          "java.lang.RuntimeException",
          "java.lang.Error");

  /** Value types that are handles or lazy views, never data: checked before the codec. */
  private static final List<Map.Entry<String, String>> UNSTORABLE =
      List.of(
          Map.entry("java.util.stream.BaseStream", "a stream"),
          Map.entry("java.util.Iterator", "an iterator"),
          Map.entry("java.util.Spliterator", "a spliterator"),
          Map.entry("java.io.InputStream", "an I/O stream"),
          Map.entry("java.io.OutputStream", "an I/O stream"),
          Map.entry("java.io.Reader", "a reader"),
          Map.entry("java.io.Writer", "a writer"),
          Map.entry("java.nio.channels.Channel", "a channel"),
          Map.entry("java.net.Socket", "a socket"),
          Map.entry("java.net.ServerSocket", "a socket"),
          Map.entry("java.sql.Connection", "a JDBC connection"),
          Map.entry("java.sql.Statement", "a JDBC statement"),
          Map.entry("java.sql.ResultSet", "a JDBC result set"),
          Map.entry("java.lang.AutoCloseable", "a resource (AutoCloseable)"));

  private final Elements elements;
  private final Types types;
  private final Messager messager;
  private final CodecGenerator codecs;
  private final TaskNames names;

  public TaskValidator(ProcessingEnvironment env, CodecGenerator codecs, TaskNames names) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.messager = env.getMessager();
    this.codecs = codecs;
    this.names = names;
  }

  public Report validate(ExecutableElement method, TaskAnnotation task) {
    Reporter reporter = new Reporter(method, task);
    TypeElement declaringType = (TypeElement) method.getEnclosingElement();
    Optional<TypeElement> unnameable = localOrAnonymous(declaringType);
    if (unnameable.isPresent()) {
      reporter.error(
          Problem.METHOD_LOCAL_CLASS,
          null,
          Methods.display(method),
          unnameable.get().getNestingKind() == NestingKind.ANONYMOUS
              ? "an anonymous class"
              : "the local class " + unnameable.get().getSimpleName());
      return new Report(null, reporter.errors);
    }
    checkWeavable(method, reporter);

    String name =
        task.name().isEmpty()
            ? declaringType.getSimpleName() + "." + method.getSimpleName()
            : task.name();
    if (!TaskNameSyntax.isValid(name)) {
      reporter.error(Problem.NAME_SYNTAX, task.value("name"), name);
    } else {
      Optional<String> owner = names.claim(name, Methods.qualified(method));
      if (owner.isPresent()) {
        reporter.error(Problem.NAME_DUPLICATE, task.value("name"), name, owner.get());
      }
    }

    Duration ttl = duration(task, "ttl", task.ttl(), reporter);
    Duration lease = duration(task, "lease", task.lease(), reporter);
    Duration waitTimeout = duration(task, "waitTimeout", task.waitTimeout(), reporter);
    if (ttl != null && lease != null && lease.compareTo(ttl) > 0) {
      AnnotationValue where = task.value("lease") != null ? task.value("lease") : task.value("ttl");
      reporter.error(Problem.LEASE_EXCEEDS_TTL, where, task.lease(), task.ttl());
    }

    Accessibility accessibility = new Accessibility(elements, elements.getPackageOf(declaringType));
    PathResolver resolver = new PathResolver(elements, types, accessibility);
    KeyTemplate key = parseKey(method, task, reporter);
    List<ResolvedPath> keyPaths = new ArrayList<>();
    if (key != null) {
      for (KeyTemplate.Placeholder placeholder : key.placeholders()) {
        PathResolver.Resolution resolution = resolver.resolve(method, placeholder.path());
        if (resolution.failure() != null) {
          reporter.error(
              keyProblem(resolution.failure().kind()),
              task.value("key"),
              key.source(),
              sentence(resolution.failure().message()));
        } else {
          keyPaths.add(resolution.path());
        }
      }
      if (key.placeholders().isEmpty() && !method.getParameters().isEmpty()) {
        reporter.error(
            Problem.KEY_NO_PARAMETER,
            task.value("key"),
            key.source(),
            Methods.display(method),
            example(method, key.source()));
      }
    }

    List<ResolvedPath> fingerprint = new ArrayList<>();
    for (TaskAnnotation.Item<String> item : task.fingerprint()) {
      List<String> path;
      try {
        path = KeyTemplateParser.parsePath(item.value());
      } catch (KeyTemplateException e) {
        reporter.error(Problem.FINGERPRINT_SYNTAX, item.source(), item.value(), e.getMessage());
        continue;
      }
      PathResolver.Resolution resolution = resolver.resolve(method, path);
      if (resolution.failure() != null) {
        reporter.error(
            fingerprintProblem(resolution.failure().kind()),
            item.source(),
            item.value(),
            sentence(resolution.failure().message()));
      } else {
        fingerprint.add(resolution.path());
      }
    }

    List<TypeMirror> cacheFailures = cacheFailures(task, accessibility, reporter);

    TypeMirror returnType = method.getReturnType();
    String returnKind = returnKind(returnType);
    TypeMirror valueType = valueType(returnType, returnKind);
    String skipValue = skipValue(returnType);
    CodeBlock codec = null;
    Optional<String> unstorable = unstorable(valueType);
    if (unstorable.isPresent()) {
      reporter.error(
          Problem.RETURN_UNSTORABLE,
          null,
          Methods.display(method),
          Methods.simpleType(valueType),
          unstorable.get());
    } else if (valueType.getKind() != TypeKind.ERROR) {
      String generatedPackage = elements.getPackageOf(declaringType).getQualifiedName().toString();
      CodecGenerator.CodecPlan plan = codecs.plan(valueType, generatedPackage);
      if (plan.unsupportedReason().isPresent()) {
        reporter.error(
            Problem.RETURN_CODEC,
            null,
            Methods.display(method),
            sentence(plan.unsupportedReason().get()));
      } else {
        codec = plan.expression().orElseThrow();
      }
    }

    if (reporter.errors > 0) {
      return new Report(null, reporter.errors);
    }
    return new Report(
        new TaskModel(
            method,
            declaringType,
            name,
            Methods.qualified(method),
            key,
            keyPaths,
            fingerprint,
            ttl,
            lease,
            waitTimeout,
            task.onInProgress(),
            cacheFailures,
            returnKind,
            skipValue,
            codec),
        0);
  }

  private void checkWeavable(ExecutableElement method, Reporter reporter) {
    Set<Modifier> modifiers = method.getModifiers();
    if (modifiers.contains(Modifier.ABSTRACT)) {
      boolean inInterface = method.getEnclosingElement().getKind().isInterface();
      reporter.error(
          Problem.METHOD_ABSTRACT,
          null,
          Methods.display(method),
          inInterface ? "it is an interface method without a default body" : "it is abstract");
    }
    if (modifiers.contains(Modifier.NATIVE)) {
      reporter.error(Problem.METHOD_NATIVE, null, Methods.display(method));
    }
  }

  private KeyTemplate parseKey(ExecutableElement method, TaskAnnotation task, Reporter reporter) {
    try {
      return KeyTemplateParser.parse(task.key());
    } catch (KeyTemplateException e) {
      AnnotationValue where = task.value("key");
      switch (e.kind()) {
        case EMPTY:
          reporter.error(
              Problem.KEY_EMPTY,
              where,
              Methods.display(method),
              example(method, method.getSimpleName() + ":"));
          break;
        case PERCENT:
          reporter.error(Problem.KEY_PERCENT, where, task.key(), e.getMessage());
          break;
        case ADJACENT:
          reporter.error(Problem.KEY_ADJACENT, where, task.key(), e.getMessage());
          break;
        default:
          reporter.error(Problem.KEY_SYNTAX, where, task.key(), e.getMessage());
          break;
      }
      return null;
    }
  }

  /** A key to suggest: the first parameter, or its {@code id} if it has no stable text. */
  private String example(ExecutableElement method, String prefix) {
    String separator = prefix.isEmpty() || prefix.endsWith(":") ? "" : ":";
    if (method.getParameters().isEmpty()) {
      return prefix + separator + "daily";
    }
    VariableElement first = method.getParameters().get(0);
    String name = first.getSimpleName().toString();
    boolean stable = new StableText(elements, types).classify(first.asType(), name).isStable();
    return prefix + separator + "{" + name + (stable ? "" : ".id") + "}";
  }

  private Duration duration(TaskAnnotation task, String attribute, String text, Reporter reporter) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      reporter.error(
          Problem.DURATION_INVALID, task.value(attribute), attribute, text, e.getMessage());
      return null;
    }
  }

  private List<TypeMirror> cacheFailures(
      TaskAnnotation task, Accessibility accessibility, Reporter reporter) {
    List<TypeMirror> result = new ArrayList<>();
    TypeMirror throwable = elements.getTypeElement("java.lang.Throwable").asType();
    for (TaskAnnotation.Item<TypeMirror> item : task.cacheFailures()) {
      TypeMirror type = item.value();
      if (type.getKind() == TypeKind.ERROR) {
        continue; // javac reports the unknown class itself
      }
      String display = types.erasure(type) + ".class";
      if (type.getKind() != TypeKind.DECLARED || !types.isSubtype(type, throwable)) {
        reporter.error(Problem.CACHE_FAILURES_TYPE, item.source(), display);
        continue;
      }
      String name = ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
      if (TOO_BROAD_FAILURES.contains(name)) {
        reporter.error(Problem.CACHE_FAILURES_BROAD, item.source(), display);
        continue;
      }
      Optional<String> hidden = accessibility.typeProblem(type);
      if (hidden.isPresent()) {
        reporter.error(Problem.CACHE_FAILURES_INACCESSIBLE, item.source(), display, hidden.get());
        continue;
      }
      result.add(type);
    }
    return result;
  }

  private static String returnKind(TypeMirror returnType) {
    if (returnType.getKind() == TypeKind.DECLARED) {
      return RuntimeNames.returnKind(
          ((TypeElement) ((DeclaredType) returnType).asElement()).getQualifiedName().toString());
    }
    return RuntimeNames.returnKind(returnType.getKind() == TypeKind.VOID ? "void" : "primitive");
  }

  /** The type the codec stores: the return type, or the future's value type. */
  private TypeMirror valueType(TypeMirror returnType, String returnKind) {
    if (returnKind.equals(RuntimeNames.RETURN_KIND_COMPLETABLE_FUTURE)
        || returnKind.equals(RuntimeNames.RETURN_KIND_COMPLETION_STAGE)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) returnType).getTypeArguments();
      return arguments.isEmpty()
          ? elements.getTypeElement("java.lang.Object").asType()
          : arguments.get(0);
    }
    return returnType;
  }

  private Optional<String> unstorable(TypeMirror valueType) {
    if (valueType.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    TypeMirror erased = types.erasure(valueType);
    for (Map.Entry<String, String> entry : UNSTORABLE) {
      TypeElement family = elements.getTypeElement(entry.getKey());
      if (family != null && types.isSubtype(erased, types.erasure(family.asType()))) {
        return Optional.of(entry.getValue());
      }
    }
    TypeElement iterable = elements.getTypeElement("java.lang.Iterable");
    TypeElement collection = elements.getTypeElement("java.util.Collection");
    if (types.isSubtype(erased, types.erasure(iterable.asType()))
        && !types.isSubtype(erased, types.erasure(collection.asType()))) {
      return Optional.of("an Iterable that is not a Collection (possibly lazy or single-use)");
    }
    return Optional.empty();
  }

  private static String skipValue(TypeMirror returnType) {
    switch (returnType.getKind()) {
      case BOOLEAN:
        return "false";
      case BYTE:
        return "(byte) 0";
      case SHORT:
        return "(short) 0";
      case INT:
        return "0";
      case LONG:
        return "0L";
      case FLOAT:
        return "0.0f";
      case DOUBLE:
        return "0.0d";
      case CHAR:
        return "'\\0'";
      default:
        return "null";
    }
  }

  /** The innermost local or anonymous class around {@code type}, which nothing can name. */
  private static Optional<TypeElement> localOrAnonymous(TypeElement type) {
    for (Element e = type; e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement t
          && (t.getNestingKind() == NestingKind.LOCAL
              || t.getNestingKind() == NestingKind.ANONYMOUS)) {
        return Optional.of(t);
      }
      if (e.getKind() == ElementKind.PACKAGE) {
        break;
      }
    }
    return Optional.empty();
  }

  private static Problem keyProblem(PathResolver.FailureKind kind) {
    switch (kind) {
      case UNKNOWN_PARAMETER:
        return Problem.KEY_UNKNOWN_PARAMETER;
      case UNKNOWN_MEMBER:
        return Problem.KEY_UNKNOWN_MEMBER;
      case INACCESSIBLE:
        return Problem.KEY_INACCESSIBLE;
      default:
        return Problem.KEY_UNSTABLE;
    }
  }

  private static Problem fingerprintProblem(PathResolver.FailureKind kind) {
    switch (kind) {
      case UNKNOWN_PARAMETER:
        return Problem.FINGERPRINT_UNKNOWN_PARAMETER;
      case UNKNOWN_MEMBER:
        return Problem.FINGERPRINT_UNKNOWN_MEMBER;
      case INACCESSIBLE:
        return Problem.FINGERPRINT_INACCESSIBLE;
      default:
        return Problem.FINGERPRINT_UNSTABLE;
    }
  }

  private static String sentence(String text) {
    return text.endsWith(".") || text.endsWith("?") ? text : text + ".";
  }

  /** Reports on this method's annotation and counts the errors. */
  private final class Reporter {
    private final ExecutableElement method;
    private final TaskAnnotation task;
    private int errors;

    Reporter(ExecutableElement method, TaskAnnotation task) {
      this.method = method;
      this.task = task;
    }

    void error(Problem problem, AnnotationValue value, Object... args) {
      errors++;
      problem.report(messager, method, task.mirror(), value, args);
    }
  }
}
