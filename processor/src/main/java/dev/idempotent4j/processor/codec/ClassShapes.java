package dev.idempotent4j.processor.codec;

import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import dev.idempotent4j.processor.lang.Accessibility;
import dev.idempotent4j.processor.lang.JavacTasks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * How a class that is not a record is stored: by the properties that rebuild it. Decided here, in
 * this order:
 *
 * <ol>
 *   <li>The constructor with the most parameters whose every parameter names a readable property of
 *       the same type: a getter {@code getX()}, {@code isX()} (boolean) or {@code x()}, or a field,
 *       visible from the generated code. Parameters are matched by name (javac keeps the source
 *       names; a class from a jar compiled without {@code -parameters} has {@code arg0}... and
 *       matches nothing).
 *   <li>Otherwise a no-arg constructor.
 *   <li>Then every setter {@code setX(V)} whose property {@code x} is readable as a {@code V} and
 *       not already a constructor parameter.
 * </ol>
 *
 * <p>Nothing is lost in silence: every instance field that is not {@code transient} must be one of
 * those properties, or the class is refused with the field's name.
 *
 * <p>Lombok: when the class carries Lombok annotations, the members Lombok will generate
 * ({@code @Value}, {@code @Data}, {@code @Getter}, {@code @Setter}, {@code @AllArgsConstructor},
 * {@code @RequiredArgsConstructor}, {@code @NoArgsConstructor}, {@code @Builder}) are predicted
 * from them, with Lombok's default naming, and added to those javac already has. So the processor
 * order does not matter: when Lombok ran first they are there, when it runs later they are
 * predicted, and the generated code, compiled after both, calls them.
 */
final class ClassShapes {

  /**
   * One stored property: its JSON name, its type, how to read it and (if not by the creator) set
   * it.
   */
  record Property(
      String name, TypeMirror type, String reader, boolean readerIsMethod, String setter) {}

  /** A class's stored form: the constructor's parameters first, then the setters' properties. */
  record Shape(List<Property> properties, int constructorArity) {}

  private record Reader(String property, TypeMirror type, String member, boolean method) {}

  private record Constructor(List<String> names, List<TypeMirror> types) {}

  private record Setter(String property, TypeMirror type, String method) {}

  private final Types types;
  private final Elements elements;
  private final Trees trees;

  ClassShapes(ProcessingEnvironment env) {
    this.types = env.getTypeUtils();
    this.elements = env.getElementUtils();
    JavacTask task = JavacTasks.of(env);
    this.trees = task == null ? null : Trees.instance(task);
  }

  /**
   * The shape of {@code type}, or throws {@link IllegalArgumentException} whose message is the
   * reason and the fix, separated by {@code "\n"}.
   */
  Shape shape(DeclaredType type, TypeElement element, Accessibility accessibility) {
    List<VariableElement> fields = instanceFields(element);
    Lombok lombok = new Lombok(element, fields);
    List<Reader> readers = readers(type, element, fields, accessibility, lombok);
    List<Constructor> constructors = constructors(type, element, accessibility, lombok);
    List<Setter> setters = setters(type, element, fields, accessibility, lombok);

    Constructor chosen = null;
    List<Reader> chosenReaders = null;
    for (Constructor constructor : constructors) {
      if (constructor.names.isEmpty()
          || (chosen != null && constructor.names.size() <= chosen.names.size())) {
        continue;
      }
      List<Reader> matched = new ArrayList<>();
      for (int i = 0; i < constructor.names.size(); i++) {
        Reader reader = find(readers, constructor.names.get(i), constructor.types.get(i));
        if (reader == null) {
          matched = null;
          break;
        }
        matched.add(reader);
      }
      if (matched != null) {
        chosen = constructor;
        chosenReaders = matched;
      }
    }
    boolean noArg = constructors.stream().anyMatch(c -> c.names.isEmpty());
    if (chosen == null && !noArg) {
      throw new IllegalArgumentException(
          "it is a class with neither a constructor whose parameters all name readable"
              + " properties (getters or fields of the same name and type) nor a no-arg"
              + " constructor with setters, so it could not be rebuilt"
              + parameterNameHint(constructors)
              + "\nAdd a constructor whose parameter names match its getters or fields, or a"
              + " public no-arg constructor and setters (Lombok: @Value or @Data); or make it a"
              + " record.");
    }
    Map<String, Property> properties = new LinkedHashMap<>();
    if (chosen != null) {
      for (int i = 0; i < chosen.names.size(); i++) {
        Reader r = chosenReaders.get(i);
        properties.put(r.property, new Property(r.property, r.type, r.member, r.method, null));
      }
    }
    for (Setter setter : setters) {
      if (properties.containsKey(setter.property)) {
        continue;
      }
      Reader r = find(readers, setter.property, setter.type);
      if (r != null) {
        properties.put(
            r.property, new Property(r.property, r.type, r.member, r.method, setter.method));
      }
    }
    for (VariableElement field : fields) {
      String name = field.getSimpleName().toString();
      if (!properties.containsKey(name) && !field.getModifiers().contains(Modifier.TRANSIENT)) {
        throw new IllegalArgumentException(
            "its field '"
                + name
                + "' would not be stored: no "
                + (chosen != null ? "parameter of the constructor used" : "constructor parameter")
                + " and no setter with a getter is named "
                + name
                + "\nAdd a constructor parameter or a setter (and a getter) named "
                + name
                + ", or mark the field transient if it is derived.");
      }
    }
    if (properties.isEmpty()) {
      throw new IllegalArgumentException(
          "it is a class with no readable and settable properties, so nothing would be stored"
              + "\nAdd getters and a constructor or setters for its state, or make it a record.");
    }
    return new Shape(List.copyOf(properties.values()), chosen == null ? 0 : chosen.names.size());
  }

  private static String parameterNameHint(List<Constructor> constructors) {
    for (Constructor c : constructors) {
      if (!c.names.isEmpty() && c.names.get(0).matches("arg\\d+")) {
        return " (its constructor's parameter names are "
            + c.names
            + ": compiled without -parameters?)";
      }
    }
    return "";
  }

  private Reader find(List<Reader> readers, String property, TypeMirror type) {
    for (Reader r : readers) {
      if (r.property.equals(property) && types.isSameType(r.type, type)) {
        return r;
      }
    }
    return null;
  }

  private List<VariableElement> instanceFields(TypeElement element) {
    List<VariableElement> fields = new ArrayList<>();
    for (TypeElement t = element; t != null; t = superclass(t)) {
      for (VariableElement field : ElementFilter.fieldsIn(t.getEnclosedElements())) {
        if (!field.getModifiers().contains(Modifier.STATIC)) {
          fields.add(field);
        }
      }
    }
    return fields;
  }

  private TypeElement superclass(TypeElement t) {
    TypeMirror superclass = t.getSuperclass();
    if (superclass.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement s = (TypeElement) types.asElement(superclass);
    return s.getQualifiedName().contentEquals("java.lang.Object") ? null : s;
  }

  private List<Reader> readers(
      DeclaredType type,
      TypeElement element,
      List<VariableElement> fields,
      Accessibility accessibility,
      Lombok lombok) {
    List<Reader> readers = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      if (m.getModifiers().contains(Modifier.STATIC)
          || !m.getParameters().isEmpty()
          || m.getReturnType().getKind() == TypeKind.VOID
          || ((TypeElement) m.getEnclosingElement())
              .getQualifiedName()
              .contentEquals("java.lang.Object")
          || accessibility.memberProblem(m).isPresent()) {
        continue;
      }
      TypeMirror returned = ((ExecutableType) types.asMemberOf(type, m)).getReturnType();
      String name = m.getSimpleName().toString();
      String property = propertyOf(name, returned);
      if (property != null) {
        readers.add(new Reader(property, returned, name, true));
      }
      readers.add(new Reader(name, returned, name, true)); // x()
    }
    // Getters before fields (found first): Lombok's @Value makes package-private fields private.
    for (VariableElement field : fields) {
      if (lombok.getter(field)) {
        readers.add(
            new Reader(
                field.getSimpleName().toString(),
                types.asMemberOf(type, field),
                lombok.getterName(field),
                true));
      }
    }
    for (VariableElement field : fields) {
      if (accessibility.memberProblem(field).isEmpty() && !lombok.hidesFields()) {
        String name = field.getSimpleName().toString();
        readers.add(new Reader(name, types.asMemberOf(type, field), name, false));
      }
    }
    return readers;
  }

  private List<Constructor> constructors(
      DeclaredType type, TypeElement element, Accessibility accessibility, Lombok lombok) {
    List<Constructor> constructors = new ArrayList<>();
    boolean lombokReplacesDefault = lombok.replacesDefaultConstructor();
    for (ExecutableElement c : ElementFilter.constructorsIn(element.getEnclosedElements())) {
      if (accessibility.memberProblem(c).isPresent()
          || (lombokReplacesDefault && elements.getOrigin(c) == Elements.Origin.MANDATED)) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (VariableElement p : c.getParameters()) {
        names.add(p.getSimpleName().toString());
      }
      constructors.add(
          new Constructor(
              names,
              List.copyOf(((ExecutableType) types.asMemberOf(type, c)).getParameterTypes())));
    }
    boolean samePackage = accessibility.memberProblem(element).isEmpty();
    for (Lombok.Generated g : lombok.constructors(samePackage)) {
      List<String> names = new ArrayList<>();
      List<TypeMirror> parameterTypes = new ArrayList<>();
      for (VariableElement f : g.fields()) {
        names.add(f.getSimpleName().toString());
        parameterTypes.add(types.asMemberOf(type, f));
      }
      constructors.add(new Constructor(names, parameterTypes));
    }
    return constructors;
  }

  private List<Setter> setters(
      DeclaredType type,
      TypeElement element,
      List<VariableElement> fields,
      Accessibility accessibility,
      Lombok lombok) {
    List<Setter> setters = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(element))) {
      String name = m.getSimpleName().toString();
      if (m.getModifiers().contains(Modifier.STATIC)
          || m.getParameters().size() != 1
          || name.length() <= 3
          || !name.startsWith("set")
          || !Character.isUpperCase(name.charAt(3))
          || accessibility.memberProblem(m).isPresent()) {
        continue;
      }
      TypeMirror parameter =
          ((ExecutableType) types.asMemberOf(type, m)).getParameterTypes().get(0);
      setters.add(new Setter(decapitalized(name.substring(3)), parameter, name));
    }
    for (VariableElement field : fields) {
      if (lombok.setter(field)) {
        String name = field.getSimpleName().toString();
        setters.add(new Setter(name, types.asMemberOf(type, field), "set" + capitalized(name)));
      }
    }
    return setters;
  }

  private static String propertyOf(String method, TypeMirror returned) {
    if (method.length() > 3
        && method.startsWith("get")
        && Character.isUpperCase(method.charAt(3))) {
      return decapitalized(method.substring(3));
    }
    boolean bool =
        returned.getKind() == TypeKind.BOOLEAN || returned.toString().equals("java.lang.Boolean");
    if (bool
        && method.length() > 2
        && method.startsWith("is")
        && Character.isUpperCase(method.charAt(2))) {
      return decapitalized(method.substring(2));
    }
    return null;
  }

  /** JavaBeans' rule: {@code URL} stays {@code URL}, {@code Name} becomes {@code name}. */
  private static String decapitalized(String name) {
    if (name.length() > 1 && Character.isUpperCase(name.charAt(1))) {
      return name;
    }
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static String capitalized(String name) {
    return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }

  /**
   * The members Lombok will generate for a class whose annotations javac has not expanded yet
   * (Lombok runs after this processor in the round), with Lombok's default configuration. When
   * Lombok already ran, the members are real and predicting them again only adds duplicates that
   * match the same way.
   */
  private final class Lombok {
    record Generated(List<VariableElement> fields) {}

    private final TypeElement element;
    private final Set<String> onClass;
    private final List<VariableElement> fields;
    private final boolean anyConstructorWritten;

    Lombok(TypeElement element, List<VariableElement> fields) {
      this.element = element;
      this.onClass = lombokAnnotations(element);
      this.fields = fields;
      // javac's implicit no-arg constructor is MANDATED; Lombok generates none beside a written one
      this.anyConstructorWritten =
          ElementFilter.constructorsIn(element.getEnclosedElements()).stream()
              .anyMatch(c -> elements.getOrigin(c) != Elements.Origin.MANDATED);
    }

    /**
     * Whether javac's implicit no-arg constructor is there only because Lombok has not run yet: it
     * disappears once Lombok adds the constructors it predicts.
     */
    boolean replacesDefaultConstructor() {
      return !anyConstructorWritten
          && !constructorsOf(true).isEmpty()
          && !onClass.contains("NoArgsConstructor");
    }

    /** {@code @Value} makes every field private. */
    boolean hidesFields() {
      return onClass.contains("Value") || onClass.contains("FieldDefaults");
    }

    boolean getter(VariableElement field) {
      return onClass.contains("Value")
          || onClass.contains("Data")
          || onClass.contains("Getter")
          || lombokAnnotations(field).contains("Getter");
    }

    String getterName(VariableElement field) {
      String name = capitalized(field.getSimpleName().toString());
      return field.asType().getKind() == TypeKind.BOOLEAN ? "is" + name : "get" + name;
    }

    boolean setter(VariableElement field) {
      boolean isFinal = field.getModifiers().contains(Modifier.FINAL) || onClass.contains("Value");
      return !isFinal
          && (onClass.contains("Data")
              || onClass.contains("Setter")
              || lombokAnnotations(field).contains("Setter"));
    }

    /** The constructors Lombok generates that the generated code may call. */
    List<Generated> constructors(boolean samePackage) {
      return anyConstructorWritten && !explicitConstructorAnnotation()
          ? List.of()
          : generated(samePackage, false);
    }

    private boolean explicitConstructorAnnotation() {
      return onClass.contains("AllArgsConstructor")
          || onClass.contains("RequiredArgsConstructor")
          || onClass.contains("NoArgsConstructor");
    }

    /** Every constructor Lombok will generate, whatever its access. */
    private List<Generated> constructorsOf(boolean anyAccess) {
      return generated(true, anyAccess);
    }

    private List<Generated> generated(boolean samePackage, boolean anyAccess) {
      List<Generated> generated = new ArrayList<>();
      boolean builder = onClass.contains("Builder");
      if (onClass.contains("AllArgsConstructor")) {
        if (anyAccess || accessible("AllArgsConstructor", samePackage)) {
          generated.add(new Generated(allArgs()));
        }
      } else if (onClass.contains("Value")
          || (builder
              && !anyConstructorWritten
              && !onClass.contains("NoArgsConstructor")
              && !onClass.contains("RequiredArgsConstructor"))) {
        // @Value's is public; @Builder's (alone, or with @Value) is package-private
        if (anyAccess || !builder || samePackage) {
          generated.add(new Generated(allArgs()));
        }
      }
      if (onClass.contains("RequiredArgsConstructor")) {
        if (anyAccess || accessible("RequiredArgsConstructor", samePackage)) {
          generated.add(new Generated(required()));
        }
      } else if (onClass.contains("Data")
          && !anyConstructorWritten
          && !onClass.contains("AllArgsConstructor")
          && !onClass.contains("NoArgsConstructor")) {
        generated.add(new Generated(required()));
      }
      if (onClass.contains("NoArgsConstructor")
          && (anyAccess || accessible("NoArgsConstructor", samePackage))) {
        generated.add(new Generated(List.of()));
      }
      return generated;
    }

    private boolean accessible(String annotation, boolean samePackage) {
      String access = "PUBLIC";
      // the access attribute, read from the mirror: AccessLevel.PACKAGE, PRIVATE, ...
      for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
        if (mirror.getAnnotationType().asElement().getSimpleName().contentEquals(annotation)) {
          for (var entry : mirror.getElementValues().entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals("access")) {
              access = String.valueOf(entry.getValue().getValue());
            }
          }
        }
      }
      return access.endsWith("PUBLIC")
          || (samePackage
              && (access.endsWith("PACKAGE")
                  || access.endsWith("PROTECTED")
                  || access.endsWith("MODULE")));
    }

    private List<VariableElement> allArgs() {
      List<VariableElement> args = new ArrayList<>();
      for (VariableElement f : declaredFields()) {
        boolean isFinal = f.getModifiers().contains(Modifier.FINAL) || onClass.contains("Value");
        if (!(isFinal && initialized(f))) {
          args.add(f);
        }
      }
      return args;
    }

    private List<VariableElement> required() {
      List<VariableElement> args = new ArrayList<>();
      for (VariableElement f : declaredFields()) {
        boolean isFinal = f.getModifiers().contains(Modifier.FINAL) || onClass.contains("Value");
        boolean nonNull = lombokAnnotations(f).contains("NonNull");
        if ((isFinal || nonNull) && !initialized(f)) {
          args.add(f);
        }
      }
      return args;
    }

    private List<VariableElement> declaredFields() {
      List<VariableElement> own = new ArrayList<>();
      for (VariableElement f : fields) {
        if (f.getEnclosingElement().equals(element)
            && !f.getSimpleName().toString().startsWith("$")) {
          own.add(f);
        }
      }
      return own;
    }

    private boolean initialized(VariableElement field) {
      if (lombokAnnotations(field).contains("Default")) {
        return false; // @Builder.Default: the initializer becomes a default, the field a parameter
      }
      if (field.getConstantValue() != null) {
        return true;
      }
      Tree tree = trees == null ? null : trees.getTree(field);
      return tree instanceof VariableTree v && v.getInitializer() != null;
    }
  }

  private Set<String> lombokAnnotations(Element element) {
    Set<String> names = new java.util.HashSet<>();
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement annotation = (TypeElement) mirror.getAnnotationType().asElement();
      String qualified = annotation.getQualifiedName().toString();
      if (qualified.startsWith("lombok.")) {
        names.add(annotation.getSimpleName().toString());
      }
    }
    return names;
  }
}
