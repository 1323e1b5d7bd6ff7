package dev.idempotent4j.processor.codec;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.idempotent4j.contract.RuntimeNames;
import dev.idempotent4j.processor.lang.Accessibility;
import dev.idempotent4j.processor.lang.UnstorableTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

// Over 400 lines on purpose: it is one recursive walk over a type (Walk). Each case (arrays,
// declared types, map keys, records, classes by properties, sealed hierarchies) calls back into
// codec() for its parts and shares the walk's state: the root that reason paths start from and
// the stack of types being expanded, which turns recursion into a named codec. Split by case,
// every part would take the walk and that state as parameters and the recursion would be
// followed across files; what each case knows of the language already lives outside
// (ScalarCodecs, ClassShapes and LombokMembers, UnsupportedTypes).

/**
 * Plans the result codec of a task's return type: an expression of type {@code
 * dev.idempotent4j.runtime.spi.ResultCodec<T>} built from the runtime's {@code Codecs} combinators,
 * or the reason the type cannot be stored.
 *
 * <pre>{@code
 * CodecPlan plan = new CodecGenerator(processingEnv).plan(method.getReturnType(), "com.acme");
 * plan.expression();        // Codecs.list(Codecs.<Item>record("com.acme.Item")...build(...))
 * plan.unsupportedReason(); // "Receipt.items[]: java.util.Iterator<...> cannot be stored (...)"
 * }</pre>
 *
 * <p>The expression is plain Java for the exact declared type, generic records resolved at the use
 * site: no reflection at run time, no type names in the stored text. It names the types it meets,
 * so it must be placed in a class of the package passed to {@link #plan(TypeMirror, String)};
 * package-private records and enums of other packages are reported as unsupported.
 */
public final class CodecGenerator {

  private static final ClassName CODECS = ClassName.bestGuess(RuntimeNames.CODECS);

  private final Types types;
  private final Elements elements;
  private final UnsupportedTypes unsupportedTypes;
  private final ClassShapes classShapes;

  /** A planner using the compiler's type utilities of {@code env}. */
  public CodecGenerator(ProcessingEnvironment env) {
    this.types = env.getTypeUtils();
    this.elements = env.getElementUtils();
    this.unsupportedTypes =
        new UnsupportedTypes(elements, types, new UnstorableTypes(elements, types));
    this.classShapes = new ClassShapes(env);
  }

  /**
   * The codec of {@code valueType} (the declared return type, or the future's value type for async
   * tasks; {@code void} for void methods), or a reason why it cannot be encoded. Checks only that
   * records and enums are not private: prefer {@link #plan(TypeMirror, String)}, which also knows
   * the package that the expression is placed in.
   */
  public CodecPlan plan(TypeMirror valueType) {
    return plan(valueType, null);
  }

  /**
   * The codec of {@code valueType} for an expression placed in a class of package {@code
   * generatedPackage} (the task class's package; {@code ""} for the unnamed package), or a reason
   * why it cannot be encoded: the reason names the offending type, its path inside {@code
   * valueType}, why, and the fix.
   */
  public CodecPlan plan(TypeMirror valueType, String generatedPackage) {
    try {
      Walk walk = new Walk(valueType, generatedPackage);
      return CodecPlan.supported(walk.codec(valueType, ""));
    } catch (Unsupported e) {
      return CodecPlan.unsupported(e.getMessage());
    }
  }

  /** One planning pass: knows the root (for paths) and the records being expanded (for cycles). */
  private final class Walk {
    private final String rootLabel;
    private final String generatedPackage;
    private final Accessibility accessibility;
    // The types being expanded, by exact type: where one recurs, its codec refers to itself.
    private final Map<String, Frame> inProgress = new LinkedHashMap<>();
    private int selves;

    Walk(TypeMirror root, String generatedPackage) {
      this.rootLabel = label(root);
      this.generatedPackage = generatedPackage;
      this.accessibility = new Accessibility(elements, generatedPackage);
    }

    CodeBlock codec(TypeMirror type, String path) {
      return switch (type.getKind()) {
        case VOID -> call("voidResult");
        case BOOLEAN -> call("booleanValue");
        case BYTE -> call("byteValue");
        case SHORT -> call("shortValue");
        case INT -> call("intValue");
        case LONG -> call("longValue");
        case FLOAT -> call("floatValue");
        case DOUBLE -> call("doubleValue");
        case CHAR -> call("charValue");
        case ARRAY -> array((ArrayType) type, path);
        case DECLARED -> declared((DeclaredType) type, path);
        case TYPEVAR ->
            throw unsupported(
                path,
                type,
                "it is a type variable, and the codec is generated at compile time for a concrete"
                    + " type",
                "Declare the concrete type in the method's signature (List<Item>, not List<T>).");
        case WILDCARD ->
            throw unsupported(
                path,
                type,
                "it is a wildcard, and the codec is generated for one exact type",
                "Declare the type itself (List<Item>, not List<? extends Item>).");
        case ERROR ->
            throw unsupported(
                path,
                type,
                "the compiler could not resolve it",
                "Fix the other compile errors first.");
        default ->
            throw unsupported(
                path, type, "it is not a type a value can be stored as", UnsupportedTypes.FIX);
      };
    }

    private CodeBlock array(ArrayType type, String path) {
      TypeMirror component = type.getComponentType();
      switch (component.getKind()) {
        case BOOLEAN -> {
          return call("booleanArray");
        }
        case BYTE -> {
          return call("byteArray");
        }
        case SHORT -> {
          return call("shortArray");
        }
        case INT -> {
          return call("intArray");
        }
        case LONG -> {
          return call("longArray");
        }
        case FLOAT -> {
          return call("floatArray");
        }
        case DOUBLE -> {
          return call("doubleArray");
        }
        case CHAR -> {
          return call("charArray");
        }
        default -> {}
      }
      if (component.getKind() == TypeKind.DECLARED
          && !((DeclaredType) component).getTypeArguments().isEmpty()) {
        throw unsupported(
            path,
            type,
            "Java cannot create arrays of a generic type, so it could not be decoded",
            "Return a List<" + component + "> instead.");
      }
      CodeBlock element = codec(component, path + "[]");
      return CodeBlock.of("$T.array($L, $T::new)", CODECS, element, TypeName.get(type));
    }

    private CodeBlock declared(DeclaredType type, String path) {
      TypeElement element = (TypeElement) type.asElement();
      String name = element.getQualifiedName().toString();
      if (!element.getTypeParameters().isEmpty() && type.getTypeArguments().isEmpty()) {
        throw unsupported(
            path,
            type,
            "it is a raw type, so the types of its contents are unknown",
            "Give its type arguments (" + element.getSimpleName() + "<...>).");
      }
      String scalar = ScalarCodecs.codecMethod(name);
      if (scalar != null) {
        return call(scalar);
      }
      List<? extends TypeMirror> args = type.getTypeArguments();
      switch (name) {
        case "java.util.Optional" -> {
          if (isNamed(args.get(0), "java.util.Optional")) {
            throw unsupported(
                path,
                type,
                "an empty inner Optional and an empty outer one would both be stored as null",
                "Return a single Optional, or a record that says what each level means.");
          }
          return CodeBlock.of("$T.optional($L)", CODECS, codec(args.get(0), path + ".get()"));
        }
        case "java.util.List" -> {
          return CodeBlock.of("$T.list($L)", CODECS, codec(args.get(0), path + "[]"));
        }
        case "java.util.Set" -> {
          return CodeBlock.of("$T.set($L)", CODECS, codec(args.get(0), path + "[]"));
        }
        case "java.util.SortedSet", "java.util.NavigableSet" -> {
          requireComparable(type, args.get(0), path, "elements");
          return CodeBlock.of(
              "$T.$L($L)",
              CODECS,
              name.endsWith("SortedSet") ? "sortedSet" : "navigableSet",
              codec(args.get(0), path + "[]"));
        }
        case "java.util.Map" -> {
          return CodeBlock.of(
              "$T.map($L, $L)",
              CODECS,
              keyCodec(type, args.get(0), path),
              codec(args.get(1), path + "[value]"));
        }
        case "java.util.SortedMap", "java.util.NavigableMap" -> {
          requireComparable(type, args.get(0), path, "keys");
          return CodeBlock.of(
              "$T.$L($L, $L)",
              CODECS,
              name.endsWith("SortedMap") ? "sortedMap" : "navigableMap",
              keyCodec(type, args.get(0), path),
              codec(args.get(1), path + "[value]"));
        }
        default -> {}
      }
      if (element.getKind() == ElementKind.ENUM) {
        requireAccessible(element, type, path);
        ClassName enumType = ClassName.get(element);
        return CodeBlock.of("$T.enumOf($T.class, $T.values())", CODECS, enumType, enumType);
      }
      if (element.getKind() == ElementKind.RECORD) {
        return expand(type, element, path, () -> record(type, element, path));
      }
      if (element.getModifiers().contains(Modifier.SEALED)) {
        return expand(type, element, path, () -> sealed(type, element, path));
      }
      if (unsupportedTypes.mayStoreByProperties(type, element)) {
        return expand(type, element, path, () -> byProperties(type, element, path));
      }
      throw unsupported(
          path,
          type,
          unsupportedTypes.whyNot(type, element),
          unsupportedTypes.fixFor(type, element));
    }

    private CodeBlock keyCodec(DeclaredType map, TypeMirror key, String path) {
      boolean enumKey =
          key.getKind() == TypeKind.DECLARED
              && ((DeclaredType) key).asElement().getKind() == ElementKind.ENUM;
      if (!enumKey
          && !(key.getKind() == TypeKind.DECLARED && ScalarCodecs.canKeyAMap(qualifiedName(key)))) {
        throw unsupported(
            path,
            map,
            "its key type " + key + " has no text form, and JSON object keys are text",
            "Use String, an enum, an integer, UUID, BigDecimal, BigInteger or a java.time value as"
                + " the key, or return a List of records.");
      }
      return codec(key, path + "[key]");
    }

    private void requireComparable(DeclaredType type, TypeMirror part, String path, String what) {
      TypeMirror comparable =
          types.erasure(elements.getTypeElement("java.lang.Comparable").asType());
      if (part.getKind() != TypeKind.DECLARED || !types.isAssignable(part, comparable)) {
        throw unsupported(
            path,
            type,
            "its "
                + what
                + " ("
                + part
                + ") are not Comparable, and it is rebuilt in natural"
                + " order (a Comparator cannot be stored)",
            "Use Comparable " + what + ", or declare a List or Set.");
      }
    }

    /**
     * Expands a record, sealed type or class; where it recurs inside itself, its codec is the
     * parameter of {@code Codecs.recursive}, so recursive types are planned once.
     */
    private CodeBlock expand(
        DeclaredType type, TypeElement element, String path, Supplier<CodeBlock> body) {
      String key = type.toString();
      Frame recurring = inProgress.get(key);
      if (recurring != null) {
        recurring.used = true;
        return CodeBlock.of("$N", recurring.self);
      }
      String name = element.getQualifiedName().toString();
      for (Frame outer : inProgress.values()) {
        if (outer.element.equals(name)) {
          throw unsupported(
              path,
              type,
              "it contains itself with other type arguments, so its codec would never end",
              "Keep the type arguments the same where it recurs, or return a flat record.");
        }
      }
      Frame frame = new Frame(name, "self" + selves++);
      inProgress.put(key, frame);
      CodeBlock code = body.get();
      inProgress.remove(key);
      if (!frame.used) {
        return code;
      }
      return CodeBlock.of(
          "$T.<$T>recursive($S, $N -> $L)", CODECS, TypeName.get(type), name, frame.self, code);
    }

    private CodeBlock record(DeclaredType type, TypeElement element, String path) {
      requireAccessible(element, type, path);
      String name = element.getQualifiedName().toString();
      ClassName raw = ClassName.get(element);
      TypeName exact = TypeName.get(type);
      CodeBlock.Builder code =
          CodeBlock.builder().add("$T.<$T>record($S)", CODECS, exact, name).indent();
      List<CodeBlock> arguments = new ArrayList<>();
      int i = 0;
      for (RecordComponentElement component : element.getRecordComponents()) {
        String componentName = component.getSimpleName().toString();
        TypeMirror componentType =
            ((ExecutableType) types.asMemberOf(type, component.getAccessor())).getReturnType();
        CodeBlock componentCodec = codec(componentType, path + "." + componentName);
        code.add(
            "\n.component($S, $L, $T::$L)",
            componentName,
            componentCodec,
            raw,
            component.getAccessor().getSimpleName());
        arguments.add(get(componentType, i));
        i++;
      }
      code.add("\n.build(c -> new $T($L))", exact, CodeBlock.join(arguments, ", ")).unindent();
      return code.build();
    }

    /** A class stored by its properties: see {@link ClassShapes} for how they are chosen. */
    private CodeBlock byProperties(DeclaredType type, TypeElement element, String path) {
      requireAccessible(element, type, path);
      if (element.getNestingKind() == NestingKind.MEMBER
          && !element.getModifiers().contains(Modifier.STATIC)) {
        throw unsupported(
            path,
            type,
            "it is an inner class, so it cannot be created without an instance of "
                + element.getEnclosingElement().getSimpleName(),
            "Make it a static nested class.");
      }
      ClassShapes.Shape shape;
      try {
        shape = classShapes.shape(type, element, accessibility);
      } catch (IllegalArgumentException e) {
        String[] whyAndFix = e.getMessage().split("\n", 2);
        throw unsupported(path, type, whyAndFix[0], whyAndFix[1]);
      }
      String name = element.getQualifiedName().toString();
      ClassName raw = ClassName.get(element);
      TypeName exact = TypeName.get(type);
      CodeBlock.Builder code =
          CodeBlock.builder().add("$T.<$T>record($S)", CODECS, exact, name).indent();
      List<CodeBlock> arguments = new ArrayList<>();
      CodeBlock.Builder setters = CodeBlock.builder();
      int i = 0;
      for (ClassShapes.Property property : shape.properties()) {
        CodeBlock propertyCodec = codec(property.type(), path + "." + property.name());
        if (property.readerIsMethod()) {
          code.add(
              "\n.component($S, $L, $T::$L)",
              property.name(),
              propertyCodec,
              raw,
              property.reader());
        } else {
          code.add(
              "\n.component($S, $L, v -> v.$L)", property.name(), propertyCodec, property.reader());
        }
        if (i < shape.constructorArity()) {
          arguments.add(get(property.type(), i));
        } else {
          setters.add("v.$L($L); ", property.setter(), get(property.type(), i));
        }
        i++;
      }
      if (shape.constructorArity() == shape.properties().size()) {
        code.add("\n.build(c -> new $T($L))", exact, CodeBlock.join(arguments, ", "));
      } else {
        code.add(
            "\n.build(c -> { $T v = new $T($L); $Lreturn v; })",
            exact,
            exact,
            CodeBlock.join(arguments, ", "),
            setters.build());
      }
      return code.unindent().build();
    }

    /**
     * A sealed type: each permitted subtype (through nested sealed interfaces) is an object with
     * the discriminator {@value #DISCRIMINATOR} first, whose value is the subtype's simple name.
     */
    private CodeBlock sealed(DeclaredType type, TypeElement element, String path) {
      requireAccessible(element, type, path);
      if (!element.getTypeParameters().isEmpty()) {
        throw unsupported(
            path,
            type,
            "it is a generic sealed type, and its subtypes' type arguments cannot be resolved"
                + " from the declared type",
            "Declare a sealed type without type parameters.");
      }
      List<TypeElement> leaves = new ArrayList<>();
      permittedLeaves(element, type, path, leaves);
      Map<String, TypeElement> byTag = new LinkedHashMap<>();
      CodeBlock.Builder code =
          CodeBlock.builder()
              .add(
                  "$T.<$T>sealed($S, $S)",
                  CODECS,
                  TypeName.get(type),
                  element.getQualifiedName().toString(),
                  DISCRIMINATOR)
              .indent();
      for (TypeElement leaf : leaves) {
        String tag = leaf.getSimpleName().toString();
        TypeElement clash = byTag.put(tag, leaf);
        DeclaredType leafType = (DeclaredType) leaf.asType();
        if (clash != null) {
          throw unsupported(
              path,
              type,
              "its permitted subtypes "
                  + clash.getQualifiedName()
                  + " and "
                  + leaf.getQualifiedName()
                  + " have the same simple name, which is the tag stored for each",
              "Rename one of them.");
        }
        if (!leaf.getTypeParameters().isEmpty()) {
          throw unsupported(
              path + "(" + tag + ")",
              leafType,
              "it is a generic subtype of a sealed type",
              "Declare the permitted subtypes without type parameters.");
        }
        String leafPath = path + "(" + tag + ")";
        boolean isRecord = leaf.getKind() == ElementKind.RECORD;
        if (!isRecord && !unsupportedTypes.mayStoreByProperties(leafType, leaf)) {
          throw unsupported(
              leafPath,
              leafType,
              "it is a permitted subtype that is not stored as an object (a record or a class"
                  + " with properties)",
              "Make each permitted subtype a record.");
        }
        requireNoDiscriminator(leaf, leafType, leafPath);
        CodeBlock leafCodec = codec(leafType, leafPath);
        code.add("\n.variant($S, $T.class, $L)", tag, ClassName.get(leaf), leafCodec);
      }
      return code.add("\n.build()").unindent().build();
    }

    private void permittedLeaves(
        TypeElement sealed, DeclaredType root, String path, List<TypeElement> leaves) {
      for (TypeMirror permitted : sealed.getPermittedSubclasses()) {
        TypeElement sub = (TypeElement) types.asElement(permitted);
        if (sub.getModifiers().contains(Modifier.NON_SEALED)) {
          throw unsupported(
              path + "(" + sub.getSimpleName() + ")",
              permitted,
              "it is non-sealed, so a value may be of a subclass the codec does not know",
              "Make it final or a record.");
        }
        boolean abstractSealed =
            sub.getModifiers().contains(Modifier.SEALED)
                && (sub.getKind().isInterface() || sub.getModifiers().contains(Modifier.ABSTRACT));
        if (abstractSealed) {
          permittedLeaves(sub, root, path, leaves);
        } else if (sub.getModifiers().contains(Modifier.SEALED)) {
          throw unsupported(
              path + "(" + sub.getSimpleName() + ")",
              permitted,
              "it is a concrete sealed class, so a value may be it or one of its subclasses",
              "Make it abstract, or final.");
        } else {
          leaves.add(sub);
        }
      }
    }

    private void requireNoDiscriminator(TypeElement leaf, DeclaredType leafType, String path) {
      boolean clash =
          leaf.getKind() == ElementKind.RECORD
              ? leaf.getRecordComponents().stream()
                  .anyMatch(c -> c.getSimpleName().contentEquals(DISCRIMINATOR))
              : shapeNames(leafType, leaf).contains(DISCRIMINATOR);
      if (clash) {
        throw unsupported(
            path,
            leafType,
            "it has a component named '"
                + DISCRIMINATOR
                + "', the field that carries the subtype's tag in the stored object",
            "Rename the component.");
      }
    }

    private List<String> shapeNames(DeclaredType type, TypeElement element) {
      try {
        List<String> names = new ArrayList<>();
        for (ClassShapes.Property p :
            classShapes.shape(type, element, accessibility).properties()) {
          names.add(p.name());
        }
        return names;
      } catch (IllegalArgumentException e) {
        return List.of(); // reported when its codec is planned
      }
    }

    /** Records and enums are named in the generated code, so it must be able to see them. */
    private void requireAccessible(TypeElement element, DeclaredType type, String path) {
      if (element.getNestingKind() == NestingKind.LOCAL
          || element.getNestingKind() == NestingKind.ANONYMOUS) {
        throw unsupported(
            path,
            type,
            "it is declared inside a method, so the generated codec cannot name it",
            "Declare it as a top-level or nested type.");
      }
      Optional<Accessibility.Hidden> hidden = accessibility.hiddenType(element);
      if (hidden.isEmpty()) {
        return;
      }
      TypeElement e = hidden.get().type();
      if (hidden.get().isPrivate()) {
        throw unsupported(
            path,
            type,
            (e == element ? "it is private" : "it is nested in private " + e)
                + ", so the generated codec cannot name it",
            "Make it package-private or public.");
      }
      throw unsupported(
          path,
          type,
          (e == element ? "it is" : "it is nested in " + e + ", which is")
              + " not public and in package "
              + displayPackage(hidden.get().packageName())
              + ", so the codec generated in package "
              + displayPackage(generatedPackage)
              + " cannot name it",
          "Make it public.");
    }

    private Unsupported unsupported(String path, TypeMirror type, String why, String fix) {
      String where = path.isEmpty() ? "" : rootLabel + path + ": ";
      return new Unsupported(where + type + " cannot be stored (" + why + "). " + fix);
    }

    private String displayPackage(String name) {
      return name.isEmpty() ? "(unnamed)" : name;
    }
  }

  /** Where a sealed type's stored object carries the tag of its subtype. */
  static final String DISCRIMINATOR = "type";

  /** The decoded component {@code i} of {@code type}: {@code c.getLong(1)}, {@code c.<T>get(0)}. */
  private static CodeBlock get(TypeMirror type, int i) {
    return type.getKind().isPrimitive()
        ? CodeBlock.of("c.get$L($L)", capitalized(type.getKind()), i)
        : CodeBlock.of("c.<$T>get($L)", TypeName.get(type), i);
  }

  /** A type being expanded, and the name of its own codec where it recurs. */
  private static final class Frame {
    final String element;
    final String self;
    boolean used;

    Frame(String element, String self) {
      this.element = element;
      this.self = self;
    }
  }

  private static CodeBlock call(String method) {
    return CodeBlock.of("$T.$L()", CODECS, method);
  }

  private static boolean isNamed(TypeMirror type, String qualifiedName) {
    return type.getKind() == TypeKind.DECLARED && qualifiedName(type).equals(qualifiedName);
  }

  private static String qualifiedName(TypeMirror declared) {
    return ((TypeElement) ((DeclaredType) declared).asElement()).getQualifiedName().toString();
  }

  /** The root of reason paths: {@code Receipt}, {@code List}, {@code Item[]}. */
  private static String label(TypeMirror type) {
    if (type.getKind() == TypeKind.DECLARED) {
      return ((DeclaredType) type).asElement().getSimpleName().toString();
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return label(((ArrayType) type).getComponentType()) + "[]";
    }
    return type.toString();
  }

  private static String capitalized(TypeKind kind) {
    String name = kind.name().toLowerCase(java.util.Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** Thrown inside a walk to abandon it with its reason. */
  private static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported(String reason) {
      super(reason, null, false, false);
    }
  }
}
